import type { PollFailureReporter } from '../../pipeline/aws/poll-failure.js';
import type { Publish } from '../../pipeline/runner/source.js';

/** One region's share of a collector poll: reads AWS in `region` and publishes what it found. */
export type RegionPoll = (region: string, publish: Publish, signal: AbortSignal) => Promise<void>;

/**
 * Polls each item in turn (a region, a stream, a shard). A failing item is reported and skipped, so
 * one item's outage does not hold back the others; `onFailure` runs before the report. Stops
 * before the next item once `signal` aborts, and does not report a failure that the abort caused.
 */
export async function pollEach<T>(
  items: Iterable<T>,
  pollOne: (item: T) => Promise<void>,
  failures: PollFailureReporter,
  signal: AbortSignal,
  onFailure: (item: T) => void = () => undefined,
): Promise<void> {
  for (const item of items) {
    if (signal.aborted) {
      return;
    }
    try {
      await pollOne(item);
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      onFailure(item);
      failures.report(error);
    }
  }
}

/** Polls each region in turn with pollEach. */
export function pollEachRegion(
  regions: readonly string[],
  pollRegion: RegionPoll,
  failures: PollFailureReporter,
  publish: Publish,
  signal: AbortSignal,
): Promise<void> {
  return pollEach(regions, (region) => pollRegion(region, publish, signal), failures, signal);
}
