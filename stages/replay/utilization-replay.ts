import { Gauge, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';
import type { SourceDefinition, SourceInstance } from '../../pipeline/runner/source.js';
import type { StageContext, StageOutput } from '../../pipeline/runner/stage.js';
import { collectorMetrics } from '../collectors/collector-metrics.js';
import { fleetResources, loadFleetFile } from './fleet-file.js';
import { loadInstanceSpecs } from './instance-specs.js';
import { projectRoot, resolveConfiguredPath } from './project-paths.js';
import { createReplayPacer, replayTimeline } from './replay-clock.js';
import { assignTraceColumns, replayInventory, stepSamples } from './replay-messages.js';
import { loadUtilizationTrace, TRACE_STEP_S } from './utilization-trace.js';

const NAME = 'utilization-replay';

/** The instance dataset, relative to the replay's data folder, that gives vCPUs and memory per type. */
export const INSTANCE_SPECS_FILE = 'power/ccf_aws_instances_teads.csv';

/**
 * Replays the recorded 5-minute CPU averages of real VMs as CloudWatch-like samples of the fleet
 * in the fleet file: first the fleet's inventory, then one batch of samples per trace step. A
 * step's samples are published when simulated time reaches the end of its 5-minute period, which
 * is when CloudWatch could first report it. The replay ends after the last step.
 *
 * NOTE: the replay keeps no checkpoint, so a restarted replay publishes its samples again from
 * `start_offset_s`. Consumers then see the same keys and event times a second time.
 */
export const utilizationReplaySource: SourceDefinition = {
  name: NAME,
  outputs: (topics) => [topics.inventory, topics.samples],
  enabled: (config) => config.sources.mode === 'replay' && config.sources.replay.utilization.enabled,
  create(context: StageContext): Promise<SourceInstance> {
    return Promise.resolve(createUtilizationReplay(context));
  },
};

/** The gauge of the simulated instant the replay reached, shared by every replay in the registry. */
function simulatedTimeGauge(registry: Registry): Gauge {
  const existing = registry.getSingleMetric(METRIC_NAMES.replaySimulatedTime);
  if (existing !== undefined) {
    return existing as Gauge;
  }
  return new Gauge({
    name: METRIC_NAMES.replaySimulatedTime,
    help: 'Simulated instant up to which the utilization replay published samples, in Unix seconds.',
    registers: [registry],
  });
}

function createUtilizationReplay(context: StageContext): SourceInstance {
  const { config, topics, logger, clock } = context;
  const replay = config.sources.replay;
  const metrics = collectorMetrics(context.registry);
  const simulatedTime = simulatedTimeGauge(context.registry);
  const dataFolder = resolveConfiguredPath(replay.data_folder);

  async function run(publish: (outputs: StageOutput[]) => Promise<void>, signal: AbortSignal): Promise<void> {
    const fleet = loadFleetFile(resolveConfiguredPath(replay.fleet_file, projectRoot()));
    const resources = fleetResources(fleet);
    const specs = loadInstanceSpecs(resolveConfiguredPath(INSTANCE_SPECS_FILE, dataFolder));
    const trace = loadUtilizationTrace(resolveConfiguredPath(replay.utilization.trace_file, dataFolder));
    const timeline = replayTimeline(replay, clock, trace.endOffsetS);
    const steps = trace.steps.filter(
      (step) => step.offsetS >= timeline.firstOffsetS && step.offsetS < timeline.endOffsetS,
    );
    const assignments = assignTraceColumns(resources, trace.vmColumns.length, replay.seed);
    const startMs = timeline.originMs + timeline.firstOffsetS * 1000;
    logger.info(
      {
        resources: resources.length,
        steps: steps.length,
        start: new Date(startMs).toISOString(),
        speed: replay.speed,
      },
      'utilization replay started',
    );

    const observedAt = new Date(startMs).toISOString();
    const inventory = resources.map((resource) => replayInventory(resource, specs, observedAt));
    await publish(
      inventory.map((value) => ({
        topic: topics.inventory,
        key: value.resource_id,
        value,
        timestamp: startMs,
      })),
    );
    metrics.recordsPublished.inc({ stage: NAME, topic: topics.inventory }, inventory.length);

    const pacer = createReplayPacer(startMs, replay.speed, clock);
    for (const step of steps) {
      const periodEndMs = timeline.originMs + (step.offsetS + TRACE_STEP_S) * 1000;
      await pacer.waitUntil(periodEndMs, signal);
      if (signal.aborted) {
        break;
      }
      const samples = stepSamples(step, assignments, timeline.originMs);
      const eventMs = timeline.originMs + step.offsetS * 1000;
      await publish(
        samples.map((value) => ({
          topic: topics.samples,
          key: value.resource_id,
          value,
          timestamp: eventMs,
        })),
      );
      metrics.recordsPublished.inc({ stage: NAME, topic: topics.samples }, samples.length);
      simulatedTime.set(periodEndMs / 1000);
    }
    logger.info({ aborted: signal.aborted }, 'utilization replay finished');
  }

  return {
    run,
    close() {
      // Holds no clients or files open between calls.
      return Promise.resolve();
    },
  };
}
