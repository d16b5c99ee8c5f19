import { jest } from '@jest/globals';

import {
  runBrokerRestartStress,
  type BrokerRestartStressResult,
} from '../../../benchmarks/broker-restart-stress.js';
import { createLocalBroker } from '../../../benchmarks/local-broker.js';

// The broker is restarted in the middle of a burst of samples and workload requests while the
// aggregate and allocator stages run under the stage runner on the Kafka transport. The test runs
// its own broker on port 29192 (data in .cache/kafka/stress), never the shared development or
// test-run broker, because it stops and starts it. `npm run bench` runs the same scenario larger.

jest.setTimeout(240_000);

const broker = createLocalBroker({ port: 29192, dataDir: '.cache/kafka/stress' });

describe('broker restart mid-burst', () => {
  let result: BrokerRestartStressResult;

  beforeAll(async () => {
    await broker.start();
    result = await runBrokerRestartStress({
      broker,
      resources: 30,
      steps: 8,
      requests: 60,
      chunkRecords: 20,
      // kafkajs retries each request up to runner.retry.max_attempts (20, backoff capped at 5 s),
      // so a client caught mid-request by the restart can need about 90 s before it reconnects.
      // NOTE: in one full-suite run in four on 2 busy cores, the allocator committed nothing within
      // 60 s after the restart. The cause is unknown, and this longer wait only mitigates it.
      timeoutMs: 120_000,
    });
  }, 240_000);

  afterAll(async () => {
    await broker.stop();
  }, 60_000);

  test('stages survive the outage', () => {
    expect(result.outageSeconds).toBeGreaterThan(0);
    expect(result.stageFailures).toEqual([]);
  });

  test('every request has one decision', () => {
    expect(result.undecided).toEqual([]);
    expect(result.decidedTwice).toEqual([]);
  });

  test('every window is present once', () => {
    expect(result.expectedWindows).toBe(30 * (5 + 1));
    expect(result.missingWindows).toEqual([]);
    expect(result.duplicatedWindows).toEqual([]);
    expect(result.unexpectedWindows).toEqual([]);
  });
});
