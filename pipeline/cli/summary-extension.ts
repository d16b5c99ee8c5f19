import { replayTimeline } from '../../stages/replay/replay-clock.js';
import type { RunExtension, RunningExtension } from './run-extensions.js';
import { comparisonSpan, simulateReplayPolicies } from './summary-baseline.js';
import { readRunFigures } from './summary-figures.js';
import { formatComparison, formatSummary, type ComparisonReport } from './summary-report.js';

export interface SummaryExtensionOptions {
  /** Receives the finished summary; stderr by default, so stdout keeps only logs. */
  write?: (text: string) => void;
}

/**
 * Creates the extension that prints the end-of-run summary when the run stops (Ctrl-C, SIGTERM or
 * `--duration`): the run's samples, windows, anomalies, decisions by status, and the fleet's
 * energy, carbon and cost. On a replay it adds the evaluation simulation over the same simulated
 * span (its first 7 days at most) with and without carbon, so the carbon-agnostic baseline is
 * priced by the same accounting.
 */
export function createSummaryExtension(options: SummaryExtensionOptions = {}): RunExtension {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  return {
    name: 'summary',
    start(runtime): Promise<RunningExtension> {
      const { config, clock, logger } = runtime;
      const replay = config.sources.replay;
      const startedMs = clock.now();
      // NOTE: the replay sources fixed their origin a moment earlier. With start_time null, a run
      // started within that moment of a full hour compares against an origin one hour off.
      const timeline = replayTimeline(replay, clock, Number.MAX_SAFE_INTEGER);
      const replayStartMs = timeline.originMs + timeline.firstOffsetS * 1000;
      const replaying = config.sources.mode === 'replay' && replay.utilization.enabled;

      function compare(endMs: number | null): ComparisonReport {
        const missing = { fromMs: replayStartMs, toMs: endMs ?? replayStartMs, results: [] };
        if (!replaying) {
          return { ...missing, note: 'computed only for a replay (--source replay, utilization on).' };
        }
        if (endMs === null || endMs <= replayStartMs) {
          return { ...missing, note: 'the replay published no step yet.' };
        }
        const span = comparisonSpan({ originMs: timeline.originMs, startMs: replayStartMs, endMs });
        try {
          const results = simulateReplayPolicies(config, span);
          return { fromMs: span.startMs, toMs: span.endMs, results, note: null };
        } catch (error) {
          logger.error({ err: error }, 'simulating the carbon-agnostic baseline failed');
          const reason = error instanceof Error ? error.message : String(error);
          return { ...missing, note: `the simulation failed: ${reason}` };
        }
      }

      return Promise.resolve({
        async stop() {
          const figures = await readRunFigures(runtime.registry, runtime.topics);
          const endMs = replaying ? figures.simulatedMs : null;
          write(
            formatSummary({
              transport: runtime.transport.kind,
              wallSeconds: (clock.now() - startedMs) / 1000,
              simulatedFromMs: endMs === null ? null : replayStartMs,
              simulatedToMs: endMs,
              figures,
            }),
          );
          // The live figures are out first, because the simulation below blocks for a few seconds.
          write(formatComparison(compare(endMs)));
        },
      });
    },
  };
}

export const summaryRunExtension = createSummaryExtension();
