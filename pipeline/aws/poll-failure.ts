import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { EaawasError } from '../errors/eaawas-error.js';
import { METRIC_NAMES } from '../metrics/metric-names.js';

/** Records polls that failed after the SDK's own retries, so the collector can go on polling. */
export interface PollFailureReporter {
  /** Logs the failure with the AWS command and request id and counts it; never throws. */
  report(error: unknown): void;
}

function failureCounter(registry: Registry): Counter<'stage' | 'command'> {
  const existing = registry.getSingleMetric(METRIC_NAMES.awsCallFailures);
  if (existing !== undefined) {
    return existing as Counter<'stage' | 'command'>;
  }
  return new Counter({
    name: METRIC_NAMES.awsCallFailures,
    help: 'AWS calls that still failed after the SDK retries, by source and AWS command.',
    labelNames: ['stage', 'command'],
    registers: [registry],
  });
}

/**
 * Creates the reporter of one source. An AWS_CALL_FAILED error is logged at warn with its command,
 * region and AWS request id, because the next poll may succeed. Any other error is logged at error
 * with the command label `none`, because it points at a bug or at the transport.
 */
export function createPollFailureReporter(
  registry: Registry,
  logger: Logger,
  stage: string,
): PollFailureReporter {
  const counter = failureCounter(registry);
  return {
    report(error) {
      if (error instanceof EaawasError && error.code === 'AWS_CALL_FAILED') {
        const { command, region, requestId, httpStatus } = error.context;
        counter.inc({ stage, command: String(command ?? 'unknown') });
        logger.warn(
          { err: error, command, region, requestId: requestId ?? null, httpStatus },
          'AWS poll failed after retries; the next poll tries again',
        );
        return;
      }
      counter.inc({ stage, command: 'none' });
      logger.error({ err: error }, 'poll failed; the next poll tries again');
    },
  };
}
