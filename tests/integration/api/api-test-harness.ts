import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import type { PlainObject } from '../../../pipeline/config/merge.js';
import { startApiServer, type ApiServer } from '../../../pipeline/api/start-api-server.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import { topicNames, type TopicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Transport } from '../../../pipeline/transport/transport.js';

export interface TestApi {
  api: ApiServer;
  logger: Logger;
  transport: Transport;
  topics: TopicNames;
  config: EaawasConfig;
  registry: Registry;
  /** Creates every pipeline topic with the test's prefix. */
  createTopics(): Promise<void>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  transport: 'embedded' | 'kafka';
  /** Overrides of the `api` section. */
  api?: PlainObject;
  /** Overrides of other sections, for example `energy` when a test runs the energy stage. */
  sections?: PlainObject;
  /** Create the topics before the API starts (default true). */
  createTopics?: boolean;
  /** Runs after the topics exist and before the API starts, for example to seed messages. */
  beforeStart?: (transport: Transport, topics: TopicNames) => Promise<void>;
  listen?: boolean;
}

/** Loads the default config with a unique topic prefix, port 0 and the given overrides. */
export function testConfig(options: TestApiOptions): EaawasConfig {
  const prefix = `test.api.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}.`;
  const env: Record<string, string> = { EAAWAS_TRANSPORT: options.transport };
  if (options.transport === 'kafka') {
    env.KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '';
  }
  return loadConfig({
    env,
    overrides: {
      transport: { topic_prefix: prefix, partitions: 2 },
      kafka: { session_timeout_ms: 6000, heartbeat_interval_ms: 500 },
      runner: { retry: { initial_delay_ms: 100, max_delay_ms: 1000, max_attempts: 5 } },
      logging: { level: 'silent', directory: null },
      api: { host: '127.0.0.1', port: 0, ...(options.api ?? {}) },
      ...(options.sections ?? {}),
    },
  });
}

/** Starts the API on a fresh transport with its own topics, registry and silent logger. */
export async function startTestApi(options: TestApiOptions): Promise<TestApi> {
  const config = testConfig(options);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const registry = new Registry();
  const transport = createTransport(config, { logger, registry, clientName: 'api-test' });
  await transport.connect();
  const topics = topicNames(config.transport.topic_prefix);
  const createTopics = async () => {
    await createPipelineTopics(transport, config);
  };
  if (options.createTopics !== false) {
    await createTopics();
  }
  await options.beforeStart?.(transport, topics);
  const api = await startApiServer(
    { config, topics, logger, registry, transport, clock: systemClock },
    { listen: options.listen ?? true },
  );
  return {
    api,
    logger,
    transport,
    topics,
    config,
    registry,
    createTopics,
    async close() {
      await api.close();
      if (transport.kind === 'kafka') {
        const present = new Set(await transport.admin().listTopics());
        await transport.admin().deleteTopics(Object.values(topics).filter((topic) => present.has(topic)));
      }
      await transport.close();
    },
  };
}

/** Polls `condition` every 50 ms until it holds, or throws after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
