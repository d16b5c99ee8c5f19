import { Kafka, type Admin as KafkaJsAdmin } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

import type { Admin, Consumer, Producer, Transport } from '../transport.js';
import {
  buildKafkaClientConfig,
  type KafkaConnectionConfig,
  type RetryConfig,
} from './kafka-client-config.js';
import { createKafkaAdmin } from './kafka-admin.js';
import { createKafkaConsumer } from './kafka-consumer.js';
import { withTransportErrors } from './kafka-errors.js';
import { createKafkaMetrics } from './kafka-metrics.js';
import { createKafkaProducer } from './kafka-producer.js';
import { readTopicToEnd } from './kafka-read-to-end.js';

export interface KafkaTransportOptions {
  kafka: KafkaConnectionConfig;
  /** Retry settings of every kafkajs request (`runner.retry`). */
  retry: RetryConfig;
  /** Max records per handler call for consumers that set none (`runner.max_batch_records`). */
  maxBatchRecords: number;
  /** Appended to `kafka.client_id` with a dash, usually the stage name, to tell clients apart on the broker. */
  clientName?: string;
  /** Prefix of the throwaway consumer groups of `readToEnd`, usually the topic prefix. */
  groupIdPrefix?: string;
  logger: Logger;
  registry: Registry;
}

/**
 * Creates the Kafka transport on kafkajs. `connect` only checks that the cluster responds through
 * the admin client; producers and consumers connect when they are created or run.
 */
export function createKafkaTransport(options: KafkaTransportOptions): Transport {
  const logger = options.logger.child({ transport: 'kafka' });
  const clientId =
    options.clientName === undefined
      ? options.kafka.client_id
      : `${options.kafka.client_id}-${options.clientName}`;
  const kafka = new Kafka(buildKafkaClientConfig(options.kafka, options.retry, clientId, logger));
  const metrics = createKafkaMetrics(options.registry);

  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();
  let kafkaAdmin: KafkaJsAdmin | undefined;
  let admin: Admin | undefined;
  let connected: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  function assertOpen(action: string): void {
    if (closed !== undefined) throw new Error(`Kafka transport is closed; cannot ${action}`);
  }

  function connectAdmin(): Promise<void> {
    connected ??= (async function connectKafkaAdmin() {
      kafkaAdmin = kafka.admin();
      kafkaAdmin.on(kafkaAdmin.events.REQUEST_TIMEOUT, (event) => {
        metrics.clientEvents.inc({ event: 'request_timeout' });
        metrics.requestTimeouts.inc({ command: event.payload.apiName });
      });
      admin = createKafkaAdmin(kafkaAdmin, options.kafka.request_timeout_ms);
      await withTransportErrors(`connecting to Kafka at ${options.kafka.brokers.join(',')}`, {}, () =>
        kafkaAdmin!.connect(),
      );
      logger.info({ brokers: options.kafka.brokers, client_id: clientId }, 'Connected to Kafka');
    })();
    return connected;
  }

  function requireAdmin(): { admin: Admin; kafkaAdmin: KafkaJsAdmin } {
    if (admin === undefined || kafkaAdmin === undefined) {
      throw new Error('Kafka transport is not connected; call connect() first');
    }
    return { admin, kafkaAdmin };
  }

  return {
    kind: 'kafka',

    async connect() {
      assertOpen('connect');
      await connectAdmin();
    },

    admin() {
      assertOpen('use the admin client');
      return requireAdmin().admin;
    },

    async producer() {
      assertOpen('create a producer');
      const producer = await createKafkaProducer(kafka, logger, metrics);
      producers.add(producer);
      return producer;
    },

    consumer(consumerOptions) {
      assertOpen('create a consumer');
      const consumer = createKafkaConsumer(
        kafka,
        consumerOptions,
        {
          sessionTimeoutMs: options.kafka.session_timeout_ms,
          heartbeatIntervalMs: options.kafka.heartbeat_interval_ms,
          defaultMaxBatchRecords: options.maxBatchRecords,
        },
        logger,
        metrics,
      );
      consumers.add(consumer);
      return consumer;
    },

    async readToEnd(topic, onRecord, readOptions) {
      assertOpen('read a topic');
      await connectAdmin();
      const settings = {
        groupIdPrefix: `${options.groupIdPrefix ?? ''}read-to-end.`,
        sessionTimeoutMs: options.kafka.session_timeout_ms,
        heartbeatIntervalMs: options.kafka.heartbeat_interval_ms,
      };
      await readTopicToEnd(kafka, requireAdmin().kafkaAdmin, settings, logger, topic, onRecord, readOptions);
    },

    close() {
      closed ??= (async function closeKafkaTransport() {
        const results = await Promise.allSettled([
          ...[...consumers].map((consumer) => consumer.close()),
          ...[...producers].map((producer) => producer.close()),
        ]);
        if (kafkaAdmin !== undefined && connected !== undefined) {
          await connected.catch(() => undefined);
          await kafkaAdmin.disconnect();
        }
        const failures = results.filter(
          (result): result is PromiseRejectedResult => result.status === 'rejected',
        );
        if (failures.length > 0) {
          throw new AggregateError(
            failures.map((failure): unknown => failure.reason),
            `Closing ${failures.length} Kafka clients failed`,
          );
        }
        logger.info('Kafka transport closed');
      })();
      return closed;
    },
  };
}
