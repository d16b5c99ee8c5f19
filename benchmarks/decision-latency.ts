import pino from 'pino';
import { Registry } from 'prom-client';

import { systemClock } from '../pipeline/runner/clock.js';
import { startStage, type RunningComponent } from '../pipeline/runner/stage-runner.js';
import { stageGroupId, topicNames } from '../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../pipeline/transport/create-topics.js';
import { createTransport } from '../pipeline/transport/create-transport.js';
import type { Consumer } from '../pipeline/transport/transport.js';
import { ALLOCATOR_STAGE_NAME, createAllocatorStage } from '../stages/allocator/allocator-stage.js';
import { benchTopicPrefix, loadBenchConfig, type TransportKind } from './bench-config.js';
import { BENCH_REGIONS, benchRequest, seedAllocatorInputs } from './bench-fixtures.js';
import { sendAtSteadyRate, summarizeLatencies, type LatencySummary } from './latency-stats.js';
import { waitForStableGroups } from './topic-progress.js';

export interface DecisionLatencyOptions {
  transport: TransportKind;
  brokers?: string;
  /** Requests per second, sent at a steady pace. */
  ratePerSecond: number;
  durationS: number;
  /** Running instances with fresh forecasts the allocator can place on. */
  resources: number;
  timeoutMs: number;
}

export interface DecisionLatencyResult extends LatencySummary {
  transport: TransportKind;
  requests: number;
  ratePerSecond: number;
  /** Encoded size of one request record value, in bytes. */
  requestBytes: number;
  /** Decisions received, by status. */
  statuses: Record<string, number>;
}

/**
 * Measures request-to-decision latency through the allocator stage under the stage runner: each
 * request is timed from just before its send to `workload.requests` until its decision arrives on
 * the decisions topic through a consumer. The allocator's inventory, forecast and carbon inputs
 * are published and its group (on Kafka) settles before the first request.
 */
export async function runDecisionLatency(options: DecisionLatencyOptions): Promise<DecisionLatencyResult> {
  const prefix = benchTopicPrefix('latency');
  const config = loadBenchConfig(options.transport, options.brokers, prefix, {
    aws: { regions: BENCH_REGIONS.map((entry) => entry.region) },
  });
  const logger = pino({ level: config.logging.level }, pino.destination(2));
  const registry = new Registry();
  const transport = createTransport(config, { logger, registry, clientName: 'bench-latency' });
  const topics = topicNames(prefix);
  const count = Math.round(options.ratePerSecond * options.durationS);
  let stage: RunningComponent | undefined;
  let reader: Consumer | undefined;
  await transport.connect();
  try {
    await createPipelineTopics(transport, config);
    const producer = await transport.producer();
    const now = Date.now();
    await seedAllocatorInputs(producer, topics, options.resources, now);

    stage = await startStage(createAllocatorStage(), {
      config,
      topics,
      logger,
      registry,
      transport,
      clock: systemClock,
    });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const readerGroup = `${prefix}bench.decisions`;
    let allDecided!: () => void;
    const decided = new Promise<void>((resolve) => {
      allDecided = resolve;
    });
    reader = transport.consumer({ groupId: readerGroup, topics: [topics.decisions], fromBeginning: true });
    await reader.run((batch) => {
      const receivedAt = performance.now();
      for (const record of batch.records) {
        const started = record.key === null ? undefined : sentAt.get(record.key);
        if (started === undefined || record.value === null) {
          continue;
        }
        sentAt.delete(record.key!);
        latencies.push(receivedAt - started);
        const status = (JSON.parse(record.value.toString('utf8')) as { status: string }).status;
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      if (latencies.length >= count) {
        allDecided();
      }
      return Promise.resolve();
    });
    if (options.transport === 'kafka') {
      await waitForStableGroups(
        options.brokers!,
        [stageGroupId(prefix, ALLOCATOR_STAGE_NAME), readerGroup],
        60_000,
      );
    }

    const runId = prefix.split('.').at(-2)!;
    const requests = Array.from({ length: count }, (_, index) => {
      const requestId = `bench-${runId}-${index}`;
      return { key: requestId, value: JSON.stringify(benchRequest(requestId, index, now)) };
    });
    await sendAtSteadyRate(count, options.ratePerSecond, async (index) => {
      const request = requests[index]!;
      sentAt.set(request.key, performance.now());
      await producer.send(topics.workloadRequests, [request]);
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`${latencies.length} of ${count} decisions arrived within ${options.timeoutMs} ms`),
          ),
        options.timeoutMs,
      );
    });
    try {
      await Promise.race([decided, timedOut]);
    } finally {
      clearTimeout(timer);
    }

    return {
      transport: options.transport,
      requests: count,
      ratePerSecond: options.ratePerSecond,
      requestBytes: Buffer.byteLength(requests[0]!.value),
      statuses,
      ...summarizeLatencies(latencies),
    };
  } finally {
    await reader?.close();
    await stage?.stop();
    if (options.transport === 'kafka') {
      await transport.admin().deleteTopics(Object.values(topics));
    }
    await transport.close();
  }
}
