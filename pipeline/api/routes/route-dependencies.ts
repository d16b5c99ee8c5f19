import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { WorkloadRequest } from '../../../schemas/definitions/workload-request.js';
import type { Clock } from '../../runner/clock.js';
import type { ApiConfig } from '../api-config-schema.js';
import type { ApiMetrics } from '../http/api-metrics.js';
import type { ApiState } from '../state/api-state.js';

/** Readiness as GET /ready reports it. */
export interface Readiness {
  ready: boolean;
  transport_connected: boolean;
  state_caught_up: boolean;
  /** Reason the API is not ready; null when ready. */
  reason: string | null;
}

/** Dependencies of the route handlers, built once by the API server. */
export interface RouteDependencies {
  config: ApiConfig;
  state: ApiState;
  clock: Clock;
  logger: Logger;
  registry: Registry;
  metrics: ApiMetrics;
  /** Produces a validated request (with its request_id set) to the workload requests topic. */
  sendWorkloadRequest(request: WorkloadRequest & { request_id: string }): Promise<void>;
  readiness(): Readiness;
}
