import type { SourceDefinition, SourceInstance } from '../../pipeline/runner/source.js';
import type { StageContext, StageOutput } from '../../pipeline/runner/stage.js';
import { collectorMetrics } from '../collectors/collector-metrics.js';
import { observedCarbon } from './carbon-messages.js';
import { type CarbonSeries, loadCarbonSeries } from './carbon-series.js';
import { fleetResources, loadFleetFile } from './fleet-file.js';
import { projectRoot, resolveConfiguredPath } from './project-paths.js';
import { createReplayPacer, replayTimeline } from './replay-clock.js';
import { loadUtilizationTrace } from './utilization-trace.js';

const NAME = 'carbon-replay';
const HOUR_MS = 3_600_000;

/**
 * Replays the bundled hourly grid carbon intensity of every fleet region to the carbon topic as
 * observed hours, on the same simulated clock as the utilization replay. Each simulated hour is
 * published when simulated time reaches its start, taken from the series by hour of the year
 * (see hourOfYearIndex). A region without a bundled series is logged once and skipped.
 */
export const carbonReplaySource: SourceDefinition = {
  name: NAME,
  outputs: (topics) => [topics.carbon],
  enabled: (config) => config.sources.mode === 'replay' && config.sources.replay.carbon.enabled,
  create(context: StageContext): Promise<SourceInstance> {
    return Promise.resolve(createCarbonReplay(context));
  },
};

function createCarbonReplay(context: StageContext): SourceInstance {
  const { config, topics, logger, clock } = context;
  const replay = config.sources.replay;
  const metrics = collectorMetrics(context.registry);
  const dataFolder = resolveConfiguredPath(replay.data_folder);

  function loadFleetSeries(): CarbonSeries[] {
    const fleet = loadFleetFile(resolveConfiguredPath(replay.fleet_file, projectRoot()));
    const regions = [...new Set(fleetResources(fleet).map((resource) => resource.region))];
    const series: CarbonSeries[] = [];
    for (const region of regions) {
      const regionSeries = loadCarbonSeries(dataFolder, region);
      if (regionSeries === null) {
        logger.warn({ region }, 'no bundled carbon series for this fleet region; its carbon is not replayed');
        continue;
      }
      series.push(regionSeries);
    }
    return series;
  }

  async function run(publish: (outputs: StageOutput[]) => Promise<void>, signal: AbortSignal): Promise<void> {
    const series = loadFleetSeries();
    const trace = loadUtilizationTrace(
      resolveConfiguredPath(replay.utilization.trace_file, dataFolder),
      0,
      0,
    );
    const timeline = replayTimeline(replay, clock, trace.endOffsetS);
    const startMs = timeline.originMs + timeline.firstOffsetS * 1000;
    const endMs = timeline.originMs + timeline.endOffsetS * 1000;
    logger.info(
      { regions: series.map((s) => `${s.region}:${s.zone}`), start: new Date(startMs).toISOString() },
      'carbon replay started',
    );

    const pacer = createReplayPacer(startMs, replay.speed, clock);
    for (let hourMs = Math.floor(startMs / HOUR_MS) * HOUR_MS; hourMs < endMs; hourMs += HOUR_MS) {
      await pacer.waitUntil(hourMs, signal);
      if (signal.aborted) {
        break;
      }
      const outputs = series.map((regionSeries) => {
        const value = observedCarbon(regionSeries, hourMs);
        return { topic: topics.carbon, key: value.region, value, timestamp: hourMs };
      });
      await publish(outputs);
      metrics.recordsPublished.inc({ stage: NAME, topic: topics.carbon }, outputs.length);
    }
    logger.info({ aborted: signal.aborted }, 'carbon replay finished');
  }

  return {
    run,
    close() {
      // Holds no clients or files open between calls.
      return Promise.resolve();
    },
  };
}
