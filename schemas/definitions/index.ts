import type { ZodType } from 'zod';
import type { TopicKey } from '../../pipeline/topics/topic-names.js';
import { actionSchema } from './action.js';
import { aggregateSchema } from './aggregate.js';
import { anomalySchema } from './anomaly.js';
import { carbonSchema } from './carbon.js';
import { decisionSchema } from './decision.js';
import { energySchema } from './energy.js';
import { forecastSchema } from './forecast.js';
import { inventorySchema } from './inventory.js';
import { sampleSchema } from './sample.js';
import { workloadRequestSchema } from './workload-request.js';

/**
 * The schema of every JSON topic. The dead-letter topic has none: it carries the original bytes
 * with error headers (see pipeline/runner/dead-letter.ts).
 */
export const TOPIC_SCHEMAS: Readonly<Record<Exclude<TopicKey, 'dlq'>, ZodType>> = {
  inventory: inventorySchema,
  samples: sampleSchema,
  aggregates: aggregateSchema,
  anomalies: anomalySchema,
  energy: energySchema,
  forecasts: forecastSchema,
  carbon: carbonSchema,
  workloadRequests: workloadRequestSchema,
  decisions: decisionSchema,
  actions: actionSchema,
};

export * from './action.js';
export * from './aggregate.js';
export * from './anomaly.js';
export * from './carbon.js';
export * from './common.js';
export * from './decision.js';
export * from './energy.js';
export * from './forecast.js';
export * from './inventory.js';
export * from './sample.js';
export * from './workload-request.js';
