import type { RunExtension, RunningExtension } from './run-extensions.js';
import { decisionCount, readRunFigures, type RunFigures } from './summary-figures.js';

/** A progress line every 5 s: often enough to see a run move, rare enough to read each line. */
const PROGRESS_INTERVAL_MS = 5000;

export interface ProgressExtensionOptions {
  /** Receives each finished line, newline included; stderr by default, so stdout keeps only logs. */
  write?: (line: string) => void;
  intervalMs?: number;
}

/** Formats one progress line; `samplesPerSecond` is the rate since the previous line. */
export function formatProgressLine(figures: RunFigures, samplesPerSecond: number | null): string {
  const parts: string[] = [];
  parts.push(
    figures.simulatedMs === null
      ? 'simulated time n/a'
      : `simulated ${new Date(figures.simulatedMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );
  if (figures.samples !== null) {
    const rate = samplesPerSecond === null ? '' : ` (${samplesPerSecond.toFixed(1)}/s)`;
    parts.push(`${figures.samples} samples${rate}`);
  }
  if (figures.windows !== null) {
    parts.push(`${figures.windows} windows`);
  }
  if (figures.decisions !== null) {
    const byStatus = Object.entries(figures.decisions)
      .filter(([, count]) => count > 0)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    parts.push(`${decisionCount(figures)} decisions${byStatus === '' ? '' : ` (${byStatus})`}`);
  }
  return `progress: ${parts.join(' | ')}\n`;
}

/**
 * Creates the extension that prints one progress line per interval from the run's metrics registry:
 * simulated time, samples per second through the aggregate stage, and decisions so far. It prints
 * one line per interval, never one per record.
 */
export function createProgressExtension(options: ProgressExtensionOptions = {}): RunExtension {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const intervalMs = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  return {
    name: 'progress',
    start(runtime): Promise<RunningExtension> {
      let previous: { samples: number; atMs: number } | null = { samples: 0, atMs: runtime.clock.now() };
      let printing = false;

      async function printLine(): Promise<void> {
        if (printing) {
          return;
        }
        printing = true;
        try {
          const figures = await readRunFigures(runtime.registry, runtime.topics);
          const nowMs = runtime.clock.now();
          let rate: number | null = null;
          if (previous !== null && figures.samples !== null && nowMs > previous.atMs) {
            rate = ((figures.samples - previous.samples) * 1000) / (nowMs - previous.atMs);
          }
          previous = { samples: figures.samples ?? 0, atMs: nowMs };
          write(formatProgressLine(figures, rate));
        } catch (error) {
          runtime.logger.warn({ err: error }, 'reading the progress figures failed');
        } finally {
          printing = false;
        }
      }

      const timer = setInterval(() => void printLine(), intervalMs);
      timer.unref();
      return Promise.resolve({
        stop() {
          clearInterval(timer);
          return Promise.resolve();
        },
      });
    },
  };
}

export const progressRunExtension = createProgressExtension();
