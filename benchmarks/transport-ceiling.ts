import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';

import { createEmbeddedTransport } from '../pipeline/transport/embedded/embedded-transport.js';
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

/**
 * Measures the raw produce-and-consume rate of kafkajs itself on the broker: no decoding, no
 * validation, no stage. This is the ceiling each pipeline figure is compared against.
 */
export async function measureKafkaCeiling(options: CeilingOptions): Promise<CeilingResult> {
  const brokers = (options.brokers ?? '127.0.0.1:9092').split(',');
  const kafka = new Kafka({ clientId: 'eaawas-bench-ceiling', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench.ceiling.${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}.group` });
  try {
    await producer.connect();
    const produceStart = performance.now();
    for (let start = 0; start < options.messages; start += options.produceBatch) {
      const count = Math.min(options.produceBatch, options.messages - start);
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: count }, (_, offset) => ({
          key: `r-${(start + offset) % 10_000}`,
          value: payload(options.messageBytes, start + offset),
        })),
      });
    }
    const produceSeconds = (performance.now() - produceStart) / 1000;

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let consumed = 0;
    const consumeStart = performance.now();
    const finished = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ceiling consume timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachBatch: async (payload) => {
          const { batch } = payload;
          for (const message of batch.messages) {
            payload.resolveOffset(message.offset);
          }
          consumed += batch.messages.length;
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) },
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
    return {
      transport: 'kafka',
      messages: options.messages,
      messageBytes: options.messageBytes,
      produceSeconds,
      consumeSeconds,
      messagesPerSecond: options.messages / (produceSeconds + consumeSeconds),
    };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** The same measurement on the embedded transport: the in-process log's own ceiling. */
export async function measureEmbeddedCeiling(options: CeilingOptions): Promise<CeilingResult> {
  const transport = createEmbeddedTransport({ logger: pino({ level: 'silent' }), defaultMaxBatchRecords: 500 });
  const topic = 'bench.ceiling';
  try {
    await transport.connect();
    await transport.admin().createTopics([{ topic, partitions: options.partitions }]);
    const producer = await transport.producer();
    const produceStart = performance.now();
    for (let start = 0; start < options.messages; start += options.produceBatch) {
      const count = Math.min(options.produceBatch, options.messages - start);
      await producer.send(
        topic,
        Array.from({ length: count }, (_, offset) => ({
          key: `r-${(start + offset) % 10_000}`,
          value: payload(options.messageBytes, start + offset),
        })),
      );
    }
    const produceSeconds = (performance.now() - produceStart) / 1000;
    const consumer = transport.consumer({ groupId: 'bench.ceiling.group', topics: [topic], fromBeginning: true });
    let consumed = 0;
    const consumeStart = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ceiling consume timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
      consumer
        .run(async (batch) => {
          consumed += batch.records.length;
          const last = batch.records.at(-1);
          if (last !== undefined) {
            await consumer.commit([{ topic, partition: batch.partition, offset: String(Number(last.offset) + 1) }]);
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
    return {
      transport: 'embedded',
      messages: options.messages,
      messageBytes: options.messageBytes,
      produceSeconds,
      consumeSeconds,
      messagesPerSecond: options.messages / (produceSeconds + consumeSeconds),
    };
  } finally {
    await transport.close();
  }
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

function latencyTimeout(received: () => number, expected: number, timeoutMs: number): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`latency ceiling received ${received()} of ${expected} records within ${timeoutMs} ms`)), timeoutMs);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Measures the raw send-to-receive latency of kafkajs on the broker at a steady rate: one record per
 * send (idempotent, acks=all, as the pipeline's producer), received by a consumer group member that
 * joined before the first send. This is the floor under the request-to-decision latency, which
 * adds a second hop (request in, decision out) and the allocator's work.
 */
export async function measureKafkaLatencyCeiling(options: LatencyCeilingOptions): Promise<LatencyCeilingResult> {
  const brokers = (options.brokers ?? '127.0.0.1:9092').split(',');
  const kafka = new Kafka({ clientId: 'eaawas-bench-latency-ceiling', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench.latency-ceiling.${randomBytes(4).toString('hex')}`;
  const count = Math.round(options.ratePerSecond * options.durationS);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}.group` });
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let joined!: () => void;
    const groupJoined = new Promise<void>((resolve) => {
      joined = resolve;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    let allReceived!: () => void;
    const received = new Promise<void>((resolve) => {
      allReceived = resolve;
    });
    await consumer.run({
      eachMessage: ({ message }) => {
        const started = sentAt.get(message.key?.toString() ?? '');
        if (started !== undefined) {
          latencies.push(performance.now() - started);
        }
        if (latencies.length >= count) {
          allReceived();
        }
        return Promise.resolve();
      },
    });
    await groupJoined;
    await sendAtSteadyRate(count, options.ratePerSecond, async (index) => {
      const key = `latency-${index}`;
      sentAt.set(key, performance.now());
      await producer.send({ topic, acks: -1, messages: [{ key, value: payload(options.messageBytes, index) }] });
    });
    const timeout = latencyTimeout(() => latencies.length, count, options.timeoutMs);
    try {
      await Promise.race([received, timeout.promise]);
    } finally {
      timeout.cancel();
    }
    return { transport: 'kafka', messages: count, messageBytes: options.messageBytes, ...summarizeLatencies(latencies) };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Measures the same send-to-receive latency on the embedded transport. */
export async function measureEmbeddedLatencyCeiling(options: LatencyCeilingOptions): Promise<LatencyCeilingResult> {
  const transport = createEmbeddedTransport({ logger: pino({ level: 'silent' }), defaultMaxBatchRecords: 500 });
  const topic = 'bench.latency-ceiling';
  const count = Math.round(options.ratePerSecond * options.durationS);
  try {
    await transport.connect();
    await transport.admin().createTopics([{ topic, partitions: options.partitions }]);
    const producer = await transport.producer();
    const consumer = transport.consumer({ groupId: 'bench.latency-ceiling.group', topics: [topic], fromBeginning: true });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let allReceived!: () => void;
    const received = new Promise<void>((resolve) => {
      allReceived = resolve;
    });
    await consumer.run(async (batch) => {
      const receivedAt = performance.now();
      for (const record of batch.records) {
        const started = sentAt.get(record.key ?? '');
        if (started !== undefined) {
          latencies.push(receivedAt - started);
        }
      }
      const last = batch.records.at(-1);
      if (last !== undefined) {
        await consumer.commit([{ topic, partition: batch.partition, offset: String(Number(last.offset) + 1) }]);
      }
      if (latencies.length >= count) {
        allReceived();
      }
    });
    await sendAtSteadyRate(count, options.ratePerSecond, async (index) => {
      const key = `latency-${index}`;
      sentAt.set(key, performance.now());
      await producer.send(topic, [{ key, value: payload(options.messageBytes, index) }]);
    });
    const timeout = latencyTimeout(() => latencies.length, count, options.timeoutMs);
    try {
      await Promise.race([received, timeout.promise]);
    } finally {
      timeout.cancel();
    }
    await consumer.close();
    return { transport: 'embedded', messages: count, messageBytes: options.messageBytes, ...summarizeLatencies(latencies) };
  } finally {
    await transport.close();
  }
}
