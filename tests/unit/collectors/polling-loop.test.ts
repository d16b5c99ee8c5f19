import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { Registry } from 'prom-client';
import { toAwsCallError } from '../../../pipeline/aws/aws-call.js';
import { createPollFailureReporter } from '../../../pipeline/aws/poll-failure.js';
import { collectorMetrics } from '../../../stages/collectors/collector-metrics.js';
import { runPollingLoop } from '../../../stages/collectors/polling-loop.js';

const silent = pino({ level: 'silent' });

describe('runPollingLoop', () => {
  it('carries on after a failed poll', async () => {
    const registry = new Registry();
    const abort = new AbortController();
    let calls = 0;
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { requestId: 'req-1', httpStatusCode: 400 },
    });

    await runPollingLoop(
      {
        name: 'ec2-collector',
        intervalMs: 0,
        poll: () => {
          calls += 1;
          if (calls === 1) {
            return Promise.reject(toAwsCallError(throttled, 'DescribeInstances', 'us-east-1'));
          }
          if (calls === 3) {
            abort.abort();
          }
          return Promise.resolve();
        },
        metrics: collectorMetrics(registry),
        failures: createPollFailureReporter(registry, silent, 'ec2-collector'),
        logger: silent,
      },
      () => Promise.resolve(),
      abort.signal,
    );

    expect(calls).toBe(3);
    const polls = await registry.getSingleMetricAsString('eaawas_collector_polls_total');
    expect(polls).toContain('eaawas_collector_polls_total{stage="ec2-collector",outcome="failure"} 1');
    expect(polls).toContain('eaawas_collector_polls_total{stage="ec2-collector",outcome="success"} 2');
    const failures = await registry.getSingleMetricAsString('eaawas_aws_call_failures_total');
    expect(failures).toContain(
      'eaawas_aws_call_failures_total{stage="ec2-collector",command="DescribeInstances"} 1',
    );
  });
});

describe('toAwsCallError', () => {
  it('keeps command and request id', () => {
    const error = toAwsCallError(
      Object.assign(new Error('We encountered an internal error'), {
        name: 'InternalError',
        $fault: 'server',
        $metadata: { requestId: 'abc-123', httpStatusCode: 500 },
      }),
      'GetMetricData',
      'eu-north-1',
    );

    expect(error.code).toBe('AWS_CALL_FAILED');
    expect(error.retriable).toBe(true);
    expect(error.context).toEqual({
      command: 'GetMetricData',
      region: 'eu-north-1',
      requestId: 'abc-123',
      httpStatus: 500,
      awsError: 'InternalError',
    });
    expect(error.message).toBe('AWS GetMetricData in eu-north-1 failed: We encountered an internal error');
  });
});
