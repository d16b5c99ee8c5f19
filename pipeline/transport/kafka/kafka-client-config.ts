import type { KafkaConfig, RetryOptions } from 'kafkajs';
import type { Logger } from 'pino';

import type { EaawasConfig } from '../../config/config-schema.js';
import { createKafkaLogCreator, kafkaLogLevel } from './kafka-log-creator.js';

export type KafkaConnectionConfig = EaawasConfig['kafka'];
export type RetryConfig = EaawasConfig['runner']['retry'];

/**
 * Translates the runner's retry settings into kafkajs's: kafkajs counts retries after the first
 * attempt and grows the delay by `multiplier` with a random `factor` of jitter, capped at
 * `maxRetryTime`.
 */
export function toKafkaRetry(retry: RetryConfig): RetryOptions {
  return {
    initialRetryTime: retry.initial_delay_ms,
    maxRetryTime: retry.max_delay_ms,
    retries: retry.max_attempts - 1,
    multiplier: 2,
    factor: 0.2,
  };
}

/** Builds the kafkajs client config: brokers, timeouts, retries and logs routed through pino. */
export function buildKafkaClientConfig(
  kafka: KafkaConnectionConfig,
  retry: RetryConfig,
  clientId: string,
  logger: Logger,
): KafkaConfig {
  return {
    clientId,
    brokers: [...kafka.brokers],
    connectionTimeout: kafka.connection_timeout_ms,
    requestTimeout: kafka.request_timeout_ms,
    retry: toKafkaRetry(retry),
    logLevel: kafkaLogLevel(logger.level),
    logCreator: createKafkaLogCreator(logger),
  };
}
