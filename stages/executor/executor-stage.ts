import { Counter } from 'prom-client';
import { createAwsClients, type AwsClients } from '../../pipeline/aws/aws-clients.js';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';
import type {
  StageContext,
  StageDefinition,
  StageInstance,
  StageOutput,
} from '../../pipeline/runner/stage.js';
import { actionSchema } from '../../schemas/definitions/action.js';
import { decisionSchema, type Decision } from '../../schemas/definitions/decision.js';
import { reservationFromRecord } from '../allocator/decision-ledger.js';
import type { AllocatorEnergyModel } from '../allocator/energy-model.js';
import { loadAllocatorEnergyModel } from '../allocator/energy-model-adapter.js';
import { createFleetState } from '../allocator/fleet-state.js';
import { createStateFollower } from '../allocator/state-follower.js';
import { planForDecision, type PlannedAction } from './action-plan.js';
import { createActionRunner } from './action-runner.js';
import { createConsolidationMemory, planConsolidation } from './consolidation.js';
import { createSimulatedFleet } from './simulated-fleet.js';

export const EXECUTOR_STAGE_NAME = 'executor';

/** Deferred actions are checked this often, in milliseconds; consolidation runs on its own interval. */
const PENDING_CHECK_INTERVAL_MS = 10_000;

export interface ExecutorStageOptions {
  loadEnergyModel?: (context: StageContext) => Promise<AllocatorEnergyModel>;
  /** AWS clients for dry-run and live modes; built from the `aws` config section by default. */
  createClients?: (context: StageContext) => AwsClients;
}

/**
 * Defines the executor stage, which takes the AWS action each decision needs and publishes every
 * action with its outcome on the actions topic.
 *
 * A decision delivered again after a crash is not acted on twice. On assignment the stage reads
 * the actions topic for action ids that already succeeded. A launch also carries a ClientToken
 * derived from the request id, and a node group change a client request token from the action id.
 * Deferred decisions wait in memory until their start time and are restored from the decisions
 * topic on assignment. Consolidation runs only in the process that owns partition 0 of the
 * decisions topic, so the disruption budget holds for the whole group.
 */
export function createExecutorStage(options: ExecutorStageOptions = {}): StageDefinition {
  return {
    name: EXECUTOR_STAGE_NAME,
    inputs: (topics) => [{ topic: topics.decisions, schema: decisionSchema }],
    outputs: (topics) => [topics.actions, topics.inventory],
    tickIntervalMs: (config) =>
      Math.min(PENDING_CHECK_INTERVAL_MS, config.executor.consolidation.interval_ms),
    create: async (context) => createExecutorInstance(context, options),
  };
}

async function createExecutorInstance(
  context: StageContext,
  options: ExecutorStageOptions,
): Promise<StageInstance> {
  const { config, topics, transport, registry, clock } = context;
  const settings = config.executor;
  // The runner's logger already carries the stage name.
  const logger = context.logger;
  const model = await (options.loadEnergyModel ?? loadAllocatorEnergyModel)(context);
  const state = createFleetState();
  const clients =
    settings.mode === 'simulate'
      ? null
      : (options.createClients ?? ((ctx: StageContext) => createAwsClients(ctx.config.aws)))(context);
  // Stream time: the latest event time of a decision seen. On a replay it runs ahead of the wall
  // clock, and due times and consolidation follow it, so a replay acts on its simulated hours as a
  // live fleet acts on real ones. Live, decisions carry their request time, so now() is the wall clock.
  let streamTimeMs = 0;
  const now = (): number => Math.max(clock.now(), streamTimeMs);
  const runner = createActionRunner({
    mode: settings.mode,
    topics,
    fleet: createSimulatedFleet(state, model),
    aws: clients === null ? null : { clients, imageIds: settings.image_ids },
    now,
  });
  const actionsTotal = new Counter({
    name: METRIC_NAMES.executorActions,
    help: 'AWS actions issued, by kind and outcome.',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const passes = new Counter({
    name: METRIC_NAMES.executorConsolidationPasses,
    help: 'Consolidation passes run.',
    registers: [registry],
  });
  const follower = createStateFollower({
    transport,
    topics,
    state,
    logger,
    groupIdPrefix: `${config.transport.topic_prefix}executor.state`,
    invalidRecords: new Counter({
      name: METRIC_NAMES.executorInvalidStateRecords,
      help: 'Inventory, forecast, carbon or decision records the executor could not use.',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
  });
  await follower.start();

  const done = new Set<string>();
  const pending = new Map<string, PlannedAction>();
  const memory = createConsolidationMemory();
  let ownsConsolidation = false;
  let lastPassMs: number | undefined;
  let closed = false;

  async function execute(planned: PlannedAction): Promise<StageOutput[]> {
    pending.delete(planned.actionId);
    if (done.has(planned.actionId)) {
      return [];
    }
    const { action, outputs } = await runner.run(planned);
    actionsTotal.inc({ command: action.kind, outcome: action.outcome });
    if (action.outcome === 'failed') {
      logger.error(
        {
          event: 'executor_action_failed',
          actionId: action.action_id,
          requestId: action.request_id,
          error: action.error,
        },
        'AWS action failed',
      );
    } else {
      done.add(planned.actionId);
    }
    memory.lastActionMs.set(planned.target, now());
    return outputs;
  }

  function remember(decision: Decision, headers: Record<string, string>): PlannedAction | null {
    const reservation = reservationFromRecord(decision, headers);
    if (reservation !== null) {
      state.reservations.set(reservation.requestId, reservation);
    }
    return planForDecision(decision, headers);
  }

  return {
    async onAssignment(assigned) {
      await transport.readToEnd(topics.actions, (record) => {
        const parsed = actionSchema.safeParse(parseJson(record.value));
        if (parsed.success && parsed.data.outcome !== 'failed') {
          done.add(parsed.data.action_id);
        }
      });
      const partitions = assigned
        .filter((entry) => entry.topic === topics.decisions)
        .map((entry) => entry.partition);
      ownsConsolidation = partitions.includes(0);
      pending.clear();
      if (partitions.length > 0) {
        await transport.readToEnd(
          topics.decisions,
          (record) => {
            const parsed = decisionSchema.safeParse(parseJson(record.value));
            const planned = parsed.success ? remember(parsed.data, record.headers) : null;
            if (planned !== null && !done.has(planned.actionId)) {
              pending.set(planned.actionId, planned);
            }
          },
          { partitions },
        );
      }
      await follower.waitUntilCaughtUp(config.allocator.state_catch_up_timeout_ms);
      logger.info(
        {
          event: 'executor_assigned',
          partitions: partitions.length,
          pending: pending.size,
          ownsConsolidation,
        },
        'executor restored pending actions',
      );
    },

    async processBatch(records) {
      const outputs: StageOutput[] = [];
      for (const record of records) {
        if (record.value === null) {
          continue;
        }
        streamTimeMs = Math.max(streamTimeMs, record.timestamp);
        const planned = remember(record.value as Decision, record.headers);
        if (planned === null || done.has(planned.actionId)) {
          continue;
        }
        if (planned.dueMs <= now()) {
          outputs.push(...(await execute(planned)));
        } else {
          pending.set(planned.actionId, planned);
        }
      }
      return { outputs };
    },

    async tick() {
      const outputs: StageOutput[] = [];
      const tickMs = now();
      for (const planned of [...pending.values()].sort((a, b) => a.dueMs - b.dueMs)) {
        if (planned.dueMs <= tickMs) {
          outputs.push(...(await execute(planned)));
        }
      }
      const passDue = lastPassMs === undefined || tickMs - lastPassMs >= settings.consolidation.interval_ms;
      if (ownsConsolidation && settings.consolidation.enabled && passDue) {
        lastPassMs = tickMs;
        passes.inc();
        for (const planned of planConsolidation(state, settings.consolidation, memory, tickMs)) {
          outputs.push(...(await execute(planned)));
        }
      }
      return { outputs };
    },

    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await follower.close();
      clients?.destroy();
    },
  };
}

function parseJson(value: Buffer | null): unknown {
  if (value === null) {
    return null;
  }
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
