import { randomBytes } from 'node:crypto';

import type { EaawasConfig } from '../pipeline/config/config-schema.js';
import { loadConfig } from '../pipeline/config/load-config.js';
import type { PlainObject } from '../pipeline/config/merge.js';

export type TransportKind = 'embedded' | 'kafka';

/** Builds a topic prefix no other run shares, so runs on one broker never read each other's records. */
export function benchTopicPrefix(label: string): string {
  return `bench.${label}.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}.`;
}

/**
 * Loads the default config for one benchmark run: the given transport, a fresh topic prefix,
 * warn-level logs, and any further overrides. The Kafka transport needs `brokers`.
 */
export function loadBenchConfig(
  transport: TransportKind,
  brokers: string | undefined,
  prefix: string,
  overrides: PlainObject = {},
): EaawasConfig {
  if (transport === 'kafka' && brokers === undefined) {
    throw new Error('the Kafka transport needs brokers as host:port[,host:port]');
  }
  const env: Record<string, string> = { EAAWAS_TRANSPORT: transport };
  if (brokers !== undefined) {
    env.KAFKA_BROKERS = brokers;
  }
  return loadConfig({
    env,
    overrides: {
      logging: { level: 'warn' },
      ...overrides,
      transport: { topic_prefix: prefix, ...(overrides.transport ?? {}) },
    },
  });
}
