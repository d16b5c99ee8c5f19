import type { PollFailureReporter } from '../../pipeline/aws/poll-failure.js';
import type { Publish } from '../../pipeline/runner/source.js';

/** One region's share of a collector poll: reads AWS in `region` and publishes what it found. */
export type RegionPoll = (region: string, publish: Publish, signal: AbortSignal) => Promise<void>;

/**
 * Polls each region in turn. A failing region is reported and skipped, so one region's outage does
 * not hold back the others. Stops before the next region once `signal` aborts, and does not report
 * a failure that the abort caused.
 */
export async function pollEachRegion(
  regions: readonly string[],
  pollRegion: RegionPoll,
  failures: PollFailureReporter,
  publish: Publish,
  signal: AbortSignal,
): Promise<void> {
  for (const region of regions) {
    if (signal.aborted) {
      return;
    }
    try {
      await pollRegion(region, publish, signal);
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      failures.report(error);
    }
  }
}
