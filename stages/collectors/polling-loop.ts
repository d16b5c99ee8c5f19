import type { Logger } from 'pino';
import { createPollFailureReporter, type PollFailureReporter } from '../../pipeline/aws/poll-failure.js';
import type { Publish, SourceInstance } from '../../pipeline/runner/source.js';
import type { StageContext } from '../../pipeline/runner/stage.js';
import { abortableSleep } from './abortable-sleep.js';
import { collectorMetrics, type CollectorMetrics } from './collector-metrics.js';

/** One poll of a collector: reads AWS, publishes, and advances its checkpoints after publishing. */
export type Poll = (publish: Publish, signal: AbortSignal) => Promise<void>;

export interface PollingLoopOptions {
  name: string;
  intervalMs: number;
  poll: Poll;
  metrics: CollectorMetrics;
  failures: PollFailureReporter;
  logger: Logger;
}

/**
 * Polls until `signal` aborts: one poll, then a wait so polls start `intervalMs` apart (at once when
 * a poll took longer). A failed poll is reported and counted, and the loop carries on.
 */
export async function runPollingLoop(
  options: PollingLoopOptions,
  publish: Publish,
  signal: AbortSignal,
): Promise<void> {
  const { name, intervalMs, poll, metrics, failures, logger } = options;
  logger.info({ intervalMs }, 'collector polling started');
  while (!signal.aborted) {
    const startedAt = performance.now();
    const stopTimer = metrics.pollDuration.startTimer({ stage: name });
    try {
      await poll(publish, signal);
      metrics.polls.inc({ stage: name, outcome: 'success' });
    } catch (error) {
      if (signal.aborted) {
        break;
      }
      metrics.polls.inc({ stage: name, outcome: 'failure' });
      failures.report(error);
    } finally {
      stopTimer();
    }
    await abortableSleep(intervalMs - (performance.now() - startedAt), signal);
  }
  logger.info('collector polling stopped');
}

/**
 * Returns a collector source's `run`: the polling loop over `poll`, with the shared collector
 * metrics and a failure reporter labelled `name`.
 */
export function collectorPollingRun(
  context: StageContext,
  name: string,
  intervalMs: number,
  poll: Poll,
): SourceInstance['run'] {
  return (publish, signal) =>
    runPollingLoop(
      {
        name,
        intervalMs,
        poll,
        metrics: collectorMetrics(context.registry),
        failures: createPollFailureReporter(context.registry, context.logger, name),
        logger: context.logger,
      },
      publish,
      signal,
    );
}
