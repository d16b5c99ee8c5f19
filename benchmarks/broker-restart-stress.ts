import pino from 'pino';
import { Registry } from 'prom-client';

import type { EaawasConfig } from '../pipeline/config/config-schema.js';
import { METRIC_NAMES } from '../pipeline/metrics/metric-names.js';
import { systemClock } from '../pipeline/runner/clock.js';
import type { StageDefinition } from '../pipeline/runner/stage.js';
import { startStage, type RunningComponent } from '../pipeline/runner/stage-runner.js';
import { stageGroupId, topicNames } from '../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../pipeline/transport/create-topics.js';
import { createTransport } from '../pipeline/transport/create-transport.js';
import type { OutgoingRecord, Transport } from '../pipeline/transport/transport.js';
import { aggregateChangelogTopic, aggregateStage } from '../stages/aggregate/aggregate-stage.js';
import { ALLOCATOR_STAGE_NAME, createAllocatorStage } from '../stages/allocator/allocator-stage.js';
import { benchTopicPrefix, loadBenchConfig } from './bench-config.js';
import {
  BENCH_REGIONS,
  benchRequest,
  benchSamples,
  keyedRecords,
  seedAllocatorInputs,
} from './bench-fixtures.js';
import { expectedWindowIdentities, windowIdentity } from './expected-windows.js';
import type { LocalBroker } from './local-broker.js';
import { waitForCommitted } from './topic-progress.js';

export interface BrokerRestartStressOptions {
  /** A broker this run owns, already started; it is stopped and started again mid-burst. */
  broker: LocalBroker;
  resources: number;
  /** Sample steps of 60 s per resource. */
  steps: number;
  requests: number;
  /** Records per produce call of the burst; the restart begins after a third of the calls. */
  chunkRecords: number;
  /** Limit for the stages to commit everything after the restart, in milliseconds. */
  timeoutMs: number;
  logLevel?: EaawasConfig['logging']['level'];
}

export interface BrokerRestartStressResult {
  samples: number;
  requests: number;
  /** From the stop command until the broker accepted connections again. */
  outageSeconds: number;
  /** From the first record of the burst until both stages committed everything. */
  seconds: number;
  /** Request ids with no decision, and with more than one decision record. */
  undecided: string[];
  decidedTwice: string[];
  expectedWindows: number;
  /** Expected windows missing from the aggregates topic, and windows on it more than once. */
  missingWindows: string[];
  duplicatedWindows: string[];
  /** Windows on the topic that the samples should not have produced. */
  unexpectedWindows: string[];
  /** Retries the stage runner made (produce, commit, process) across both stages. */
  runnerRetries: number;
  /** Errors that stopped a stage; empty when both stayed up through the outage. */
  stageFailures: string[];
}

/**
 * A burst of samples and workload requests with the broker restarted in the middle, against the
 * aggregate and allocator stages under the stage runner on the Kafka transport, each with its own
 * transport as separate processes would have. Afterwards every request must have exactly one
 * decision and every window must be on the aggregates topic exactly once. The result lists every
 * deviation instead of throwing, so a caller can assert on each.
 *
 * The runner's retry policy is sized to outlast a restart (up to 20 attempts, backoff capped at
 * 5 s, so about a minute); kafkajs uses the same policy for its own request retries.
 */
export async function runBrokerRestartStress(
  options: BrokerRestartStressOptions,
): Promise<BrokerRestartStressResult> {
  const prefix = benchTopicPrefix('stress');
  const config = loadBenchConfig('kafka', options.broker.brokers, prefix, {
    logging: { level: options.logLevel ?? 'error' },
    kafka: { session_timeout_ms: 10_000, heartbeat_interval_ms: 1000 },
    runner: { max_batch_records: 25, retry: { initial_delay_ms: 200, max_delay_ms: 5000, max_attempts: 20 } },
    aws: { regions: BENCH_REGIONS.map((entry) => entry.region) },
    allocator: { state_catch_up_timeout_ms: 5000 },
  });
  const logger = pino({ level: config.logging.level }, pino.destination(2));
  const registry = new Registry();
  const topics = topicNames(prefix);
  const transports: Transport[] = [];
  const stages: RunningComponent[] = [];
  const stageFailures: string[] = [];

  function newTransport(clientName: string): Transport {
    const transport = createTransport(config, { logger, registry, clientName });
    transports.push(transport);
    return transport;
  }

  async function start(definition: StageDefinition): Promise<void> {
    const transport = newTransport(`stress-${definition.name}`);
    await transport.connect();
    const stage = await startStage(definition, {
      config,
      topics,
      logger,
      registry,
      transport,
      clock: systemClock,
    });
    stage.done.catch((error: unknown) => stageFailures.push(`${definition.name}: ${describeError(error)}`));
    stages.push(stage);
  }

  const driver = newTransport('stress-driver');
  try {
    await driver.connect();
    await createPipelineTopics(driver, config);
    const producer = await driver.producer();
    const now = Date.now();
    await seedAllocatorInputs(producer, topics, options.resources, now);
    await start(aggregateStage);
    await start(createAllocatorStage());

    const samples = benchSamples(options.resources, options.steps);
    const runId = prefix.split('.').at(-2)!;
    const requestIds = Array.from({ length: options.requests }, (_, index) => `stress-${runId}-${index}`);
    const burst = interleave(
      chunks(
        topics.samples,
        keyedRecords(samples, (sample) => sample.resource_id),
        options.chunkRecords,
      ),
      chunks(
        topics.workloadRequests,
        requestIds.map((id, index) => ({ key: id, value: JSON.stringify(benchRequest(id, index, now)) })),
        options.chunkRecords,
      ),
    );

    const started = performance.now();
    const restartAfter = Math.max(1, Math.floor(burst.length / 3));
    let restart: Promise<number> | undefined;
    for (const [index, { topic, records }] of burst.entries()) {
      if (index === restartAfter) {
        restart = restartBroker(options.broker);
      }
      await producer.send(topic, records);
    }
    const outageSeconds = await (restart ?? restartBroker(options.broker));

    await waitForCommitted(
      driver,
      stageGroupId(prefix, aggregateStage.name),
      topics.samples,
      samples.length,
      options.timeoutMs,
      200,
    );
    await waitForCommitted(
      driver,
      stageGroupId(prefix, ALLOCATOR_STAGE_NAME),
      topics.workloadRequests,
      options.requests,
      options.timeoutMs,
      200,
    );
    const seconds = (performance.now() - started) / 1000;

    const decisions = await countByKey(driver, topics.decisions, (record) => record.key ?? '');
    const windows = await countByKey(driver, topics.aggregates, (record) =>
      windowIdentity(JSON.parse(record.value!.toString('utf8')) as never),
    );
    const expected = expectedWindowIdentities(samples, config.transport.partitions, {
      windowSizesS: config.aggregate.window_sizes_s,
      allowedLatenessS: config.aggregate.allowed_lateness_s,
    });
    return {
      samples: samples.length,
      requests: options.requests,
      outageSeconds,
      seconds,
      undecided: requestIds.filter((id) => !decisions.has(id)),
      decidedTwice: [...decisions].filter(([, count]) => count > 1).map(([id]) => id),
      expectedWindows: expected.size,
      missingWindows: [...expected].filter((identity) => !windows.has(identity)),
      duplicatedWindows: [...windows].filter(([, count]) => count > 1).map(([identity]) => identity),
      unexpectedWindows: [...windows.keys()].filter((identity) => !expected.has(identity)),
      runnerRetries: await counterTotal(registry, METRIC_NAMES.stageRetries),
      stageFailures,
    };
  } finally {
    // NOTE: in one of several runs the allocator's state-follower consumer kept reconnecting after
    // every transport was closed, until the process was killed. kafkajs 2.2.4 restarts a crashed
    // consumer from a timer, and a restart in flight during disconnect() seems to outlive it.
    await Promise.allSettled(stages.map((stage) => stage.stop()));
    await driver
      .admin()
      .deleteTopics([...Object.values(topics), aggregateChangelogTopic(prefix)])
      .catch((error: unknown) => logger.warn({ err: error }, 'deleting the stress topics failed'));
    await Promise.allSettled(transports.map((transport) => transport.close()));
  }
}

async function restartBroker(broker: LocalBroker): Promise<number> {
  const stopped = performance.now();
  await broker.stop();
  await broker.start();
  return (performance.now() - stopped) / 1000;
}

interface Chunk {
  topic: string;
  records: OutgoingRecord[];
}

function chunks(topic: string, records: readonly OutgoingRecord[], size: number): Chunk[] {
  const result: Chunk[] = [];
  for (let start = 0; start < records.length; start += size) {
    result.push({ topic, records: records.slice(start, start + size) });
  }
  return result;
}

/** Alternates the chunks of two lists, so samples and requests arrive together through the burst. */
function interleave(first: readonly Chunk[], second: readonly Chunk[]): Chunk[] {
  const result: Chunk[] = [];
  for (let index = 0; index < Math.max(first.length, second.length); index += 1) {
    result.push(...[first[index], second[index]].filter((chunk): chunk is Chunk => chunk !== undefined));
  }
  return result;
}

async function countByKey(
  transport: Transport,
  topic: string,
  keyOf: (record: { key: string | null; value: Buffer | null }) => string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await transport.readToEnd(topic, (record) => {
    const key = keyOf(record);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return counts;
}

async function counterTotal(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) {
    return 0;
  }
  const { values } = await metric.get();
  return values.reduce((sum, entry) => sum + entry.value, 0);
}

function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(' <- caused by: ') : String(error);
}
