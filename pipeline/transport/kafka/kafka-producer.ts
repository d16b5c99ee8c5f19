import type { Kafka, ICustomPartitioner, Producer as KafkaJsProducer } from 'kafkajs';
import type { Logger } from 'pino';

import { partitionForKey } from '../murmur2.js';
import type { OutgoingRecord, Producer } from '../transport.js';
import { withTransportErrors } from './kafka-errors.js';
import type { KafkaMetrics } from './kafka-metrics.js';
import { toKafkaMessage } from './kafka-records.js';

/**
 * Chooses partitions as Kafka's Java default partitioner does for keyed records: an explicit
 * partition wins, otherwise murmur2 of the key modulo the partition count. Records without a key
 * go round-robin over the partitions that have a leader.
 */
export const murmur2Partitioner: ICustomPartitioner = () => {
  const nextByTopic = new Map<string, number>();

  return function choosePartition({ topic, partitionMetadata, message }) {
    if (message.partition !== undefined && message.partition !== null) {
      return message.partition;
    }
    if (message.key !== undefined && message.key !== null) {
      return partitionForKey(message.key, partitionMetadata.length);
    }

    const available = partitionMetadata.filter((partition) => partition.leader >= 0);
    const candidates = available.length > 0 ? available : partitionMetadata;
    const next = nextByTopic.get(topic) ?? 0;
    nextByTopic.set(topic, next + 1);
    return candidates[next % candidates.length]!.partitionId;
  };
};

/**
 * Creates and connects an idempotent kafkajs producer that waits for all in-sync replicas
 * (acks=-1). Sends are serialized, one request in flight, so the records of consecutive calls
 * reach each partition in call order even when kafkajs retries a request.
 *
 * kafkajs retries a failed request per the transport's retry settings and then rejects `send`.
 * It logs a warning that limited retries may break exactly-once, which does not apply here: the
 * pipeline is at-least-once, and a rejected send leaves the input uncommitted so it is sent again.
 */
export async function createKafkaProducer(
  kafka: Kafka,
  logger: Logger,
  metrics: KafkaMetrics,
): Promise<Producer> {
  const producer: KafkaJsProducer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: murmur2Partitioner,
    allowAutoTopicCreation: false,
  });
  producer.on(producer.events.REQUEST_TIMEOUT, (event) => {
    metrics.clientEvents.inc({ event: 'request_timeout' });
    metrics.requestTimeouts.inc({ command: event.payload.apiName });
  });
  producer.on(producer.events.DISCONNECT, () => metrics.clientEvents.inc({ event: 'producer_disconnect' }));

  await withTransportErrors('connecting the Kafka producer', {}, () => producer.connect());

  let tail: Promise<unknown> = Promise.resolve();
  let closed: Promise<void> | undefined;

  async function sendNow(topic: string, records: OutgoingRecord[]): Promise<void> {
    const now = Date.now();
    await withTransportErrors(`sending ${records.length} records to ${topic}`, { topic }, () =>
      producer.send({ topic, acks: -1, messages: records.map((record) => toKafkaMessage(record, now)) }),
    );
  }

  return {
    send(topic, records) {
      if (closed !== undefined) {
        return Promise.reject(new Error(`Producer is closed; cannot send to ${topic}`));
      }
      if (records.length === 0) {
        return Promise.resolve();
      }
      const sent = tail.then(() => sendNow(topic, records));
      tail = sent.catch(() => undefined);
      return sent;
    },

    close() {
      closed ??= (async function closeProducer() {
        await tail;
        await producer.disconnect();
        logger.debug('Kafka producer disconnected');
      })();
      return closed;
    },
  };
}
