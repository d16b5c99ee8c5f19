import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import pino from 'pino';

import { createEmbeddedTransport } from '../pipeline/transport/embedded/embedded-transport.js';
import type { Transport } from '../pipeline/transport/transport.js';
import { sendAtSteadyRate, summarizeLatencies, type LatencySummary } from './latency-stats.js';

export interface CeilingOptions {
  /** Records produced and then consumed. */
  messages: number;
  /** Bytes per record value; pick the encoded size of the pipeline's messages. */
  messageBytes: number;
  partitions: number;
  /** Records per produce call. */
  produceBatch: number;
  /** Bootstrap brokers for the Kafka measurement, as host:port[,host:port]. */
  brokers?: string;
  timeoutMs: number;
}

export interface CeilingResult {
  transport: 'embedded' | 'kafka';
  messages: number;
  messageBytes: number;
  produceSeconds: number;
  consumeSeconds: number;
  /** Messages per second over the produce and the consume spans added together. */
  messagesPerSecond: number;
}

function payload(bytes: number, index: number): string {
  const head = `{"i":${index},"pad":"`;
  return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`;
}

/** Yields the records of a throughput measurement, `produceBatch` records per produce call. */
function* produceBatches(options: CeilingOptions): Generator<Array<{ key: string; value: string }>> {
  for (let start = 0; start < options.messages; start += options.produceBatch) {
    const count = Math.min(options.produceBatch, options.messages - start);
    yield Array.from({ length: count }, (_, offset) => ({
      key: `r-${(start + offset) % 10_000}`,
      value: payload(options.messageBytes, start + offset),
    }));
  }
}

function ceilingResult(
  transport: CeilingResult['transport'],
  options: CeilingOptions,
  produceSeconds: number,
  consumeSeconds: number,
): CeilingResult {
  return {
    transport,
    messages: options.messages,
    messageBytes: options.messageBytes,
    produceSeconds,
    consumeSeconds,
    messagesPerSecond: options.messages / (produceSeconds + consumeSeconds),
  };
}

interface KafkaBenchClients {
  topic: string;
  producer: Producer;
  consumer: Consumer;
}

/**
 * Creates a topic of its own on the broker with an idempotent producer and a consumer in a group
 * of its own, runs `measure`, then disconnects both and deletes the topic.
 */
async function withKafkaBenchTopic<T>(
  brokerList: string | undefined,
  clientId: string,
  topicStem: string,
  partitions: number,
  measure: (clients: KafkaBenchClients) => Promise<T>,
): Promise<T> {
  const brokers = (brokerList ?? '127.0.0.1:9092').split(',');
  const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
  const topic = `${topicStem}.${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}.group` });
  try {
    return await measure({ topic, producer, consumer });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Creates an embedded transport with `topic`, runs `measure`, then closes the transport. */
async function withEmbeddedBenchTopic<T>(
  topic: string,
  partitions: number,
  measure: (transport: Transport) => Promise<T>,
): Promise<T> {
  const transport = createEmbeddedTransport({
    logger: pino({ level: 'silent' }),
    defaultMaxBatchRecords: 500,
  });
  try {
    await transport.connect();
    await transport.admin().createTopics([{ topic, partitions }]);
    return await measure(transport);
  } finally {
    await transport.close();
  }
}

/**
 * Measures the raw produce-and-consume rate of kafkajs itself on the broker: no decoding, no
 * validation, no stage. This is the ceiling each pipeline figure is compared against.
 */
export async function measureKafkaCeiling(options: CeilingOptions): Promise<CeilingResult> {
  return withKafkaBenchTopic(
    options.brokers,
    'eaawas-bench-ceiling',
    'bench.ceiling',
    options.partitions,
    async ({ topic, producer, consumer }) => {
      await producer.connect();
      const produceStart = performance.now();
      for (const messages of produceBatches(options)) {
        await producer.send({ topic, acks: -1, messages });
      }
      const produceSeconds = (performance.now() - produceStart) / 1000;

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let consumed = 0;
      const consumeStart = performance.now();
      const finished = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`ceiling consume timed out after ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
        void consumer.run({
          autoCommit: false,
          eachBatch: async (payload) => {
            const { batch } = payload;
            for (const message of batch.messages) {
              payload.resolveOffset(message.offset);
            }
            consumed += batch.messages.length;
            await consumer.commitOffsets([
              {
                topic: batch.topic,
                partition: batch.partition,
                offset: String(Number(batch.lastOffset()) + 1),
              },
            ]);
            if (consumed >= options.messages) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      await finished;
      const consumeSeconds = (performance.now() - consumeStart) / 1000;
      return ceilingResult('kafka', options, produceSeconds, consumeSeconds);
    },
  );
}

/** Measures the same ceiling on the embedded transport, which is the in-process log's own limit. */
export async function measureEmbeddedCeiling(options: CeilingOptions): Promise<CeilingResult> {
  const topic = 'bench.ceiling';
  return withEmbeddedBenchTopic(topic, options.partitions, async (transport) => {
    const producer = await transport.producer();
    const produceStart = performance.now();
    for (const messages of produceBatches(options)) {
      await producer.send(topic, messages);
    }
    const produceSeconds = (performance.now() - produceStart) / 1000;
    const consumer = transport.consumer({
      groupId: 'bench.ceiling.group',
      topics: [topic],
      fromBeginning: true,
    });
    let consumed = 0;
    const consumeStart = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ceiling consume timed out after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      consumer
        .run(async (batch) => {
          consumed += batch.records.length;
          const last = batch.records.at(-1);
          if (last !== undefined) {
            await consumer.commit([
              { topic, partition: batch.partition, offset: String(Number(last.offset) + 1) },
            ]);
          }
          if (consumed >= options.messages) {
            clearTimeout(timer);
            resolve();
          }
        })
        .catch(reject);
    });
    const consumeSeconds = (performance.now() - consumeStart) / 1000;
    await consumer.close();
    return ceilingResult('embedded', options, produceSeconds, consumeSeconds);
  });
}

export interface LatencyCeilingOptions {
  /** Records sent one per send call at a steady pace. */
  ratePerSecond: number;
  durationS: number;
  /** Bytes per record value; pick the encoded size of a workload request. */
  messageBytes: number;
  partitions: number;
  /** Bootstrap brokers for the Kafka measurement, as host:port[,host:port]. */
  brokers?: string;
  timeoutMs: number;
}

export interface LatencyCeilingResult extends LatencySummary {
  transport: 'embedded' | 'kafka';
  messages: number;
  messageBytes: number;
}

/** Send times, the latencies of received records, and a promise that resolves once `expected` records were received. */
interface LatencyReceiver {
  sentAt: Map<string, number>;
  latencies: number[];
  /** Resolves the `received` promise when the last expected record has arrived. */
  check(): void;
  received: Promise<void>;
}

function latencyReceiver(expected: number): LatencyReceiver {
  let allReceived!: () => void;
  const received = new Promise<void>((resolve) => {
    allReceived = resolve;
  });
  const receiver: LatencyReceiver = {
    sentAt: new Map(),
    latencies: [],
    check() {
      if (receiver.latencies.length >= expected) {
        allReceived();
      }
    },
    received,
  };
  return receiver;
}

/**
 * Sends `count` records at `options.ratePerSecond` through `send`, noting each send time, then waits
 * until the receiver has every record or `options.timeoutMs` passes.
 */
async function sendAndAwaitLatencies(
  options: LatencyCeilingOptions,
  count: number,
  receiver: LatencyReceiver,
  send: (key: string, value: string) => Promise<void>,
): Promise<void> {
  await sendAtSteadyRate(count, options.ratePerSecond, async (index) => {
    const key = `latency-${index}`;
    receiver.sentAt.set(key, performance.now());
    await send(key, payload(options.messageBytes, index));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `latency ceiling received ${receiver.latencies.length} of ${count} records within ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
  });
  try {
    await Promise.race([receiver.received, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Measures the raw send-to-receive latency of kafkajs on the broker at a steady rate: one record per
 * send (idempotent, acks=all, as the pipeline's producer), received by a consumer group member that
 * joined before the first send. This is the floor under the request-to-decision latency, which
 * adds a second hop (request in, decision out) and the allocator's work.
 */
export async function measureKafkaLatencyCeiling(
  options: LatencyCeilingOptions,
): Promise<LatencyCeilingResult> {
  const count = Math.round(options.ratePerSecond * options.durationS);
  return withKafkaBenchTopic(
    options.brokers,
    'eaawas-bench-latency-ceiling',
    'bench.latency-ceiling',
    options.partitions,
    async ({ topic, producer, consumer }) => {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const receiver = latencyReceiver(count);
      let joined!: () => void;
      const groupJoined = new Promise<void>((resolve) => {
        joined = resolve;
      });
      consumer.on(consumer.events.GROUP_JOIN, () => joined());
      await consumer.run({
        eachMessage: ({ message }) => {
          const started = receiver.sentAt.get(message.key?.toString() ?? '');
          if (started !== undefined) {
            receiver.latencies.push(performance.now() - started);
          }
          receiver.check();
          return Promise.resolve();
        },
      });
      await groupJoined;
      await sendAndAwaitLatencies(options, count, receiver, async (key, value) => {
        await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      });
      return {
        transport: 'kafka',
        messages: count,
        messageBytes: options.messageBytes,
        ...summarizeLatencies(receiver.latencies),
      };
    },
  );
}

/** Measures the same send-to-receive latency on the embedded transport. */
export async function measureEmbeddedLatencyCeiling(
  options: LatencyCeilingOptions,
): Promise<LatencyCeilingResult> {
  const topic = 'bench.latency-ceiling';
  const count = Math.round(options.ratePerSecond * options.durationS);
  return withEmbeddedBenchTopic(topic, options.partitions, async (transport) => {
    const producer = await transport.producer();
    const consumer = transport.consumer({
      groupId: 'bench.latency-ceiling.group',
      topics: [topic],
      fromBeginning: true,
    });
    const receiver = latencyReceiver(count);
    await consumer.run(async (batch) => {
      const receivedAt = performance.now();
      for (const record of batch.records) {
        const started = receiver.sentAt.get(record.key ?? '');
        if (started !== undefined) {
          receiver.latencies.push(receivedAt - started);
        }
      }
      const last = batch.records.at(-1);
      if (last !== undefined) {
        await consumer.commit([
          { topic, partition: batch.partition, offset: String(Number(last.offset) + 1) },
        ]);
      }
      receiver.check();
    });
    await sendAndAwaitLatencies(options, count, receiver, async (key, value) => {
      await producer.send(topic, [{ key, value }]);
    });
    await consumer.close();
    return {
      transport: 'embedded',
      messages: count,
      messageBytes: options.messageBytes,
      ...summarizeLatencies(receiver.latencies),
    };
  });
}
