import { Counter, Histogram } from 'prom-client';
import { z } from 'zod';
import type {
  StageContext,
  StageDefinition,
  StageInstance,
  StageOutput,
  StageRejection,
} from '../../pipeline/runner/stage.js';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';
import { decisionSchema } from '../../schemas/definitions/decision.js';
import { createDecisionLedger, reservationFromRecord } from './decision-ledger.js';
import type { AllocatorEnergyModel } from './energy-model.js';
import { loadAllocatorEnergyModel } from './energy-model-adapter.js';
import { createFleetState } from './fleet-state.js';
import { handleRequestRecord, type RequestHandlerContext } from './handle-request.js';
import { createStateFollower } from './state-follower.js';

export const ALLOCATOR_STAGE_NAME = 'allocator';

export interface AllocatorStageOptions {
  /** Builds the power, PUE, embodied and price model; the energy stage's data by default. */
  loadEnergyModel?: (context: StageContext) => Promise<AllocatorEnergyModel>;
}

/**
 * Defines the allocator stage, which publishes one decision per workload request on the decisions topic.
 *
 * Exactly one decision per request id holds across duplicates, redelivery after a crash and
 * rebalances, for three reasons:
 * 1. On every assignment the stage reads the compacted decisions topic to the end and treats every
 *    id found there as decided.
 * 2. The runner commits a batch's offsets only after its decisions are acknowledged, so a request
 *    whose decision was lost is delivered again and decided then.
 * 3. A decision depends on the record's event time, not the wall clock.
 * A duplicate id met later is dropped. The same record redelivered to the same process (a batch
 * retried after a failed send) gets its identical decision again, which compaction collapses.
 *
 * The input schema accepts any JSON value, because an invalid request must become a rejected
 * decision naming its invalid fields; only bytes that are not JSON reach the dead-letter topic.
 */
export function createAllocatorStage(options: AllocatorStageOptions = {}): StageDefinition {
  return {
    name: ALLOCATOR_STAGE_NAME,
    inputs: (topics) => [{ topic: topics.workloadRequests, schema: z.unknown() }],
    outputs: (topics) => [topics.decisions],
    create: async (context) => createAllocatorInstance(context, options),
  };
}

async function createAllocatorInstance(
  context: StageContext,
  options: AllocatorStageOptions,
): Promise<StageInstance> {
  const { config, topics, transport, registry } = context;
  // The runner's logger already carries the stage name.
  const logger = context.logger;
  const model = await (options.loadEnergyModel ?? loadAllocatorEnergyModel)(context);
  const state = createFleetState();
  const ledger = createDecisionLedger();
  const decisions = new Counter({
    name: METRIC_NAMES.allocatorDecisions,
    help: 'Decisions made, by status.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const duplicates = new Counter({
    name: METRIC_NAMES.allocatorDuplicateRequests,
    help: 'Requests dropped because their request id already had a decision.',
    registers: [registry],
  });
  const invalidStateRecords = new Counter({
    name: METRIC_NAMES.allocatorInvalidStateRecords,
    help: 'Inventory, forecast, carbon or decision records the allocator could not use.',
    labelNames: ['topic'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: METRIC_NAMES.allocatorDecisionDuration,
    help: 'Time to decide one request, in seconds.',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
    registers: [registry],
  });

  const follower = createStateFollower({
    transport,
    topics,
    state,
    logger,
    groupIdPrefix: `${config.transport.topic_prefix}allocator.state`,
    invalidRecords: invalidStateRecords,
  });
  await follower.start();

  const handlerContext: RequestHandlerContext = {
    state,
    ledger,
    model,
    config: config.allocator,
    defaultRegions: config.aws.regions,
    decisionsTopic: topics.decisions,
  };
  let closed = false;

  return {
    async onAssignment(assigned) {
      let restored = 0;
      await transport.readToEnd(topics.decisions, (record) => {
        if (record.key === null || record.value === null) {
          return;
        }
        ledger.restore(record.key);
        restored += 1;
        const parsed = decisionSchema.safeParse(safeJson(record.value));
        const reservation = parsed.success ? reservationFromRecord(parsed.data, record.headers) : null;
        if (reservation !== null) {
          state.reservations.set(reservation.requestId, reservation);
        }
      });
      const caughtUp = await follower.waitUntilCaughtUp(config.allocator.state_catch_up_timeout_ms);
      if (!caughtUp) {
        logger.warn(
          { event: 'allocator_state_behind' },
          'fleet state did not catch up in time; deciding with what is loaded',
        );
      }
      logger.info(
        { event: 'allocator_assigned', partitions: assigned.length, restored },
        'allocator restored decided request ids',
      );
    },

    processBatch(records, partition) {
      const outputs: StageOutput[] = [];
      const rejections: StageRejection[] = [];
      for (const record of records) {
        const stopTimer = duration.startTimer();
        const handled = handleRequestRecord(handlerContext, record);
        stopTimer();
        switch (handled.kind) {
          case 'decided':
            decisions.inc({ outcome: handled.decision.status });
            outputs.push(handled.output);
            break;
          case 'redelivered':
            outputs.push(handled.output);
            break;
          case 'duplicate':
            duplicates.inc();
            logger.debug(
              {
                event: 'allocator_duplicate_request',
                topic: record.topic,
                partition: record.partition,
                offset: record.offset,
              },
              'request id already decided',
            );
            break;
          case 'unidentifiable':
            rejections.push(handled.rejection);
            break;
        }
      }
      logger.debug(
        {
          event: 'allocator_batch_decided',
          topic: partition.topic,
          partition: partition.partition,
          decisions: outputs.length,
        },
        'batch decided',
      );
      return Promise.resolve({ outputs, rejections });
    },

    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await follower.close();
    },
  };
}

function safeJson(value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
