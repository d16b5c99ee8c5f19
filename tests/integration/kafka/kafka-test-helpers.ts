import { randomBytes } from 'node:crypto';

import pino from 'pino';
import { Registry } from 'prom-client';

import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { createKafkaTransport } from '../../../pipeline/transport/kafka/kafka-transport.js';
import type { Transport } from '../../../pipeline/transport/transport.js';

/** Brokers of the running test broker; jest's global setup sets KAFKA_BROKERS. */
export function testBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers === undefined || brokers === '') {
    throw new Error(
      'KAFKA_BROKERS is not set; run the integration tests through jest so its global setup starts a broker',
    );
  }
  return brokers;
}

/**
 * Loads the default config for the Kafka transport on the test broker, with a 6 s session timeout
 * (the broker's minimum) so a killed member leaves its group quickly.
 */
export function kafkaTestConfig(transport: Partial<EaawasConfig['transport']> = {}): EaawasConfig {
  return loadConfig({
    env: { KAFKA_BROKERS: testBrokers(), EAAWAS_TRANSPORT: 'kafka' },
    overrides: {
      transport,
      kafka: { session_timeout_ms: 6000, heartbeat_interval_ms: 500 },
      runner: { retry: { initial_delay_ms: 100, max_delay_ms: 2000, max_attempts: 5 } },
    },
  });
}

/** Returns a name unique to this test run, for topics and consumer groups. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}`;
}

/** Creates a Kafka transport on the test broker with a silent logger and its own registry. */
export function createTestKafkaTransport(
  registry: Registry = new Registry(),
  clientName = 'test',
): Transport {
  const config = kafkaTestConfig();
  return createKafkaTransport({
    kafka: config.kafka,
    retry: config.runner.retry,
    maxBatchRecords: config.runner.max_batch_records,
    clientName,
    groupIdPrefix: 'test.',
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    registry,
  });
}

/**
 * Polls `condition` every 50 ms until it returns true, or throws after `timeoutMs`. `what` may be a
 * function so the message can include state gathered at the timeout, such as a child's output.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
