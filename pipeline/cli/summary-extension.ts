import { replayTimeline } from '../../stages/replay/replay-clock.js';
import type { RunExtension, RunningExtension } from './run-extensions.js';
import { simulateReplayPolicies } from './summary-baseline.js';
import { readRunFigures } from './summary-figures.js';
import { formatSummary, type SummaryReport } from './summary-report.js';

export interface SummaryExtensionOptions {
  /** Receives the finished summary; stderr by default, so stdout keeps only logs. */
  write?: (text: string) => void;
}

/**
 * Creates the extension that prints the end-of-run summary when the run stops (Ctrl-C, SIGTERM or
 * `--duration`): the run's samples, windows, anomalies, decisions by status, and the fleet's
 * energy, carbon and cost. On a replay it adds the evaluation simulation over the same simulated
 * span with and without carbon, so the carbon-agnostic baseline is priced by the same accounting.
 */
export function createSummaryExtension(options: SummaryExtensionOptions = {}): RunExtension {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  return {
    name: 'summary',
    start(runtime): Promise<RunningExtension> {
      const { config, clock, logger } = runtime;
      const replay = config.sources.replay;
      const startedMs = clock.now();
      // NOTE: the replay sources fixed their origin a moment earlier; a run started within that
      // moment of a full hour (with start_time null) compares against an origin one hour off.
      const timeline = replayTimeline(replay, clock, Number.MAX_SAFE_INTEGER);
      const replayStartMs = timeline.originMs + timeline.firstOffsetS * 1000;
      const replaying = config.sources.mode === 'replay' && replay.utilization.enabled;

      async function report(): Promise<SummaryReport> {
        const figures = await readRunFigures(runtime.registry, runtime.topics);
        const endMs = figures.simulatedMs;
        let comparison: SummaryReport['comparison'] = [];
        let comparisonNote: string | null = null;
        if (!replaying) {
          comparisonNote = 'computed only for a replay (--source replay with the utilization replay on).';
        } else if (endMs === null || endMs <= replayStartMs) {
          comparisonNote = 'the replay published no step yet.';
        } else {
          try {
            comparison = simulateReplayPolicies(config, {
              originMs: timeline.originMs,
              startMs: replayStartMs,
              endMs,
            });
          } catch (error) {
            logger.error({ err: error }, 'simulating the carbon-agnostic baseline failed');
            comparisonNote = `the simulation failed: ${error instanceof Error ? error.message : String(error)}`;
          }
        }
        return {
          transport: runtime.transport.kind,
          wallSeconds: (clock.now() - startedMs) / 1000,
          simulatedFromMs: replaying && endMs !== null ? replayStartMs : null,
          simulatedToMs: replaying ? endMs : null,
          figures,
          comparison,
          comparisonNote,
        };
      }

      return Promise.resolve({
        async stop() {
          write(formatSummary(await report()));
        },
      });
    },
  };
}

export const summaryRunExtension = createSummaryExtension();
