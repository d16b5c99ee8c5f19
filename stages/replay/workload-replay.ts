import type { SourceDefinition, SourceInstance } from '../../pipeline/runner/source.js';
import type { StageContext, StageOutput } from '../../pipeline/runner/stage.js';
import { collectorMetrics } from '../collectors/collector-metrics.js';
import { resolveConfiguredPath } from './project-paths.js';
import { createReplayPacer, replayTimeline } from './replay-clock.js';
import { loadUtilizationTrace } from './utilization-trace.js';
import { loadDurationBins, loadVmArrivals } from './workload-arrivals.js';
import { arrivalRequests, type ReplayedRequest } from './workload-requests.js';

const NAME = 'workload-replay';

/**
 * Replays real VM arrivals as workload requests on the simulated clock of the utilization replay.
 * The arrivals file's first 5-minute bin maps to trace offset 0, and each bin's requests are
 * published when simulated time reaches the bin. The replay ends at the end of the timeline or of
 * the arrivals file (about 5.7 days for the test split), whichever comes first.
 */
export const workloadReplaySource: SourceDefinition = {
  name: NAME,
  outputs: (topics) => [topics.workloadRequests],
  enabled: (config) => config.sources.mode === 'replay' && config.sources.replay.workload.enabled,
  create(context: StageContext): Promise<SourceInstance> {
    return Promise.resolve(createWorkloadReplay(context));
  },
};

/** Groups requests by arrival instant, in time order. */
function groupByArrival(requests: readonly ReplayedRequest[]): Array<[number, ReplayedRequest[]]> {
  const groups = new Map<number, ReplayedRequest[]>();
  for (const request of requests) {
    const group = groups.get(request.arrivalMs) ?? [];
    group.push(request);
    groups.set(request.arrivalMs, group);
  }
  return [...groups.entries()].sort(([left], [right]) => left - right);
}

function createWorkloadReplay(context: StageContext): SourceInstance {
  const { config, topics, logger, clock } = context;
  const replay = config.sources.replay;
  const metrics = collectorMetrics(context.registry);
  const dataFolder = resolveConfiguredPath(replay.data_folder);

  async function run(publish: (outputs: StageOutput[]) => Promise<void>, signal: AbortSignal): Promise<void> {
    const trace = loadUtilizationTrace(
      resolveConfiguredPath(replay.utilization.trace_file, dataFolder),
      0,
      0,
    );
    const timeline = replayTimeline(replay, clock, trace.endOffsetS);
    const arrivals = loadVmArrivals(resolveConfiguredPath(replay.workload.arrivals_file, dataFolder));
    const bins = loadDurationBins(resolveConfiguredPath(replay.workload.duration_bins_file, dataFolder));
    const firstArrivalS = arrivals[0]?.arrivalS ?? 0;
    const options = {
      seed: replay.seed,
      sampleFraction: replay.workload.sample_fraction,
      wattsPerVcpu: replay.workload.watts_per_vcpu,
      originMs: timeline.originMs,
      firstArrivalS,
    };
    const inWindow = arrivals.filter((arrival) => {
      const offsetS = arrival.arrivalS - firstArrivalS;
      return offsetS >= timeline.firstOffsetS && offsetS < timeline.endOffsetS;
    });
    const groups = groupByArrival(inWindow.flatMap((arrival) => arrivalRequests(arrival, bins, options)));
    const startMs = timeline.originMs + timeline.firstOffsetS * 1000;
    logger.info(
      { requests: groups.reduce((sum, [, group]) => sum + group.length, 0) },
      'workload replay started',
    );

    const pacer = createReplayPacer(startMs, replay.speed, clock);
    for (const [arrivalMs, group] of groups) {
      await pacer.waitUntil(arrivalMs, signal);
      if (signal.aborted) {
        break;
      }
      await publish(
        group.map(({ request }) => ({
          topic: topics.workloadRequests,
          key: request.request_id,
          value: request,
          timestamp: arrivalMs,
        })),
      );
      metrics.recordsPublished.inc({ stage: NAME, topic: topics.workloadRequests }, group.length);
    }
    logger.info({ aborted: signal.aborted }, 'workload replay finished');
  }

  return {
    run,
    close() {
      // Holds no clients or files open between calls.
      return Promise.resolve();
    },
  };
}
