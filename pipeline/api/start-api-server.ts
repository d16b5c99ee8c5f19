import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { WorkloadRequest } from '../../schemas/definitions/workload-request.js';
import type { StageContext } from '../runner/stage.js';
import { apiStateGroupId } from '../topics/topic-names.js';
import type { Producer } from '../transport/transport.js';
import type { ApiEnv } from './http/api-env.js';
import { createApiMetrics } from './http/api-metrics.js';
import { createApp } from './http/create-app.js';
import { buildOpenApiDocument } from './http/openapi-document.js';
import type { RouteSpec } from './http/route-spec.js';
import type { Readiness, RouteDependencies } from './routes/route-dependencies.js';
import { createRoutes } from './routes/routes.js';
import { createApiState, type ApiState } from './state/api-state.js';
import { createStateMaterializer } from './state/state-materializer.js';

export interface ApiServerOptions {
  /**
   * Consumer group of the state consumer. Defaults to `<prefix>api.<host>.<pid>.<random>`, unique
   * per process so that every API process reads every record.
   */
  groupId?: string;
  /** False builds the app and state without listening, for tests that call `app.request`. */
  listen?: boolean;
}

/** A running API: its address, app and state, and a close that stops everything it started. */
export interface ApiServer {
  /** Base URL such as http://127.0.0.1:8000; empty when not listening. */
  readonly url: string;
  readonly port: number;
  readonly app: Hono<ApiEnv>;
  readonly state: ApiState;
  readiness(): Readiness;
  /** Resolves once the state has caught up and the producer is connected. */
  whenReady(): Promise<void>;
  /** Stops listening, the state consumer and the producer; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP API on a context's transport, in the process of the stages (`eaawas run`) or
 * alone against Kafka. The transport must be connected already; the caller closes it after
 * `close`. The server listens at once so /health and /ready respond while the state catches up.
 */
export async function startApiServer(
  context: StageContext,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const config = context.config.api;
  const logger = context.logger.child({ component: 'api' });
  const state = createApiState(config.state);
  const metrics = createApiMetrics({
    registry: context.registry,
    state,
    clock: context.clock,
    fleetPowerAlertW: config.fleet_power_alert_w,
  });
  const instanceId = `${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const materializer = createStateMaterializer({
    transport: context.transport,
    topics: context.topics,
    state,
    logger,
    metrics,
    groupId: options.groupId ?? apiStateGroupId(context.config.transport.topic_prefix, instanceId),
    retry: context.config.runner.retry,
  });

  let producer: Producer | undefined;
  function readiness(): Readiness {
    const status = materializer.status();
    const transportConnected = producer !== undefined && !status.tailFailed;
    const reasons = [producer === undefined ? 'the producer is not connected' : null, status.reason].filter(
      (reason): reason is string => reason !== null,
    );
    return {
      ready: transportConnected && status.caughtUp,
      transport_connected: transportConnected,
      state_caught_up: status.caughtUp,
      reason: reasons.length === 0 ? null : reasons.join('; '),
    };
  }

  const deps: RouteDependencies = {
    config,
    state,
    clock: context.clock,
    logger,
    registry: context.registry,
    metrics,
    readiness,
    async sendWorkloadRequest(request: WorkloadRequest & { request_id: string }) {
      if (producer === undefined) {
        throw new Error('the producer is not connected yet');
      }
      await producer.send(context.topics.workloadRequests, [
        { key: request.request_id, value: JSON.stringify(request), timestamp: context.clock.now() },
      ]);
    },
  };
  let openApiDocument: Record<string, unknown> | undefined;
  const routes: RouteSpec[] = createRoutes(deps, () => {
    openApiDocument ??= buildOpenApiDocument(routes, {
      title: 'EAAWAS API',
      version: '0.1.0',
      description:
        'Energy-Aware Adaptive Workload Allocation System: fleet state, forecasts, anomalies and workload placement.',
      authRequired: config.api_key_sha256.length > 0,
    });
    return openApiDocument;
  });
  const app = createApp({ config, routes, logger, metrics, clock: context.clock });

  let server: ServerType | undefined;
  let port = 0;
  if (options.listen !== false) {
    server = await listen(app, config.host, config.port);
    port = (server.address() as AddressInfo).port;
    logger.info({ host: config.host, port }, 'api listening');
  }

  let closed = false;
  const ready = (async function connectAndCatchUp() {
    let delayMs = context.config.runner.retry.initial_delay_ms;
    while (producer === undefined && !closed) {
      try {
        producer = await context.transport.producer();
      } catch (error) {
        logger.warn({ err: error, delayMs }, 'api producer failed to connect; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs = Math.min(delayMs * 2, context.config.runner.retry.max_delay_ms);
      }
    }
    await materializer.start();
  })();

  let closing: Promise<void> | undefined;
  return {
    url:
      server === undefined
        ? ''
        : `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    app,
    state,
    readiness,
    whenReady: () => ready,
    close() {
      closing ??= (async function closeApi() {
        closed = true;
        await materializer.close();
        if (server !== undefined) {
          await closeServer(server);
        }
        await producer?.close();
        logger.info('api stopped');
      })();
      return closing;
    },
  };
}

function listen(app: Hono<ApiEnv>, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    if ('closeAllConnections' in server) {
      server.closeAllConnections();
    }
  });
}
