import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { jest } from '@jest/globals';
import pino from 'pino';
import { Registry } from 'prom-client';

import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { DEAD_LETTER_HEADERS } from '../../../pipeline/runner/dead-letter-headers.js';
import { stageGroupId, topicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import type { Sample } from '../../../schemas/definitions/sample.js';
import { aggregateChangelogTopic } from '../../../stages/aggregate/aggregate-stage.js';
import { kafkaTestConfig, testBrokers, uniqueName, waitFor } from '../kafka/kafka-test-helpers.js';
import { killStageProcesses, startStageProcess, type StageProcess } from '../kafka/stage-processes.js';
import { cpuSample } from '../../unit/aggregate/sample-fixtures.js';
import type { AggregateProcessOptions } from './aggregate-stage-process.js';

// The aggregate stage runs as a child process under the stage runner on the real broker. One run
// goes through the input uninterrupted; another is killed with SIGKILL twice while it works and
// started again each time. Both must leave the same windows in their aggregates topic.

jest.setTimeout(240_000);

const here = dirname(fileURLToPath(import.meta.url));
const PARTITIONS = 2;
const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const RESOURCES = ['i-0a1', 'i-0b2', 'i-0c3', 'i-0d4'];
const SAMPLE_EVERY_MS = 15_000;
const SAMPLE_PERIOD_S = 15;
const SAMPLES_PER_RESOURCE = 120;
const LATE_SAMPLES = 4;

function startAggregateProcess(options: AggregateProcessOptions): StageProcess {
  return startStageProcess(join(here, 'aggregate-stage-process.ts'), options);
}

/**
 * Samples of four resources every 15 s for 30 minutes, each delivered up to 90 s late (within the
 * 120 s allowed lateness, so in shuffled order), and then a few samples 10 minutes behind.
 */
function inputSamples(): Sample[] {
  const timed: Array<{ sample: Sample; arrivalMs: number }> = [];
  for (const [r, resourceId] of RESOURCES.entries()) {
    for (let i = 0; i < SAMPLES_PER_RESOURCE; i++) {
      const eventTimeMs = T0 + i * SAMPLE_EVERY_MS;
      const delayMs = ((i * 7919 + r * 104_729) % 90) * 1000;
      timed.push({
        sample: cpuSample(resourceId, eventTimeMs, ((i * 37 + r * 11) % 100) + 0.5, SAMPLE_PERIOD_S),
        arrivalMs: eventTimeMs + delayMs,
      });
    }
  }
  timed.sort((a, b) => a.arrivalMs - b.arrivalMs);
  const late = RESOURCES.slice(0, LATE_SAMPLES).map((resourceId) =>
    cpuSample(resourceId, T0 + 20 * 60_000, 1, SAMPLE_PERIOD_S),
  );
  return [...timed.map((entry) => entry.sample), ...late];
}

function windowId(value: {
  resource_id: string;
  metric: string;
  window_size_s: number;
  window_start: string;
}): string {
  return `${value.resource_id}/${value.metric}/${value.window_size_s}/${value.window_start}`;
}

describe('aggregate stage killed and restarted', () => {
  const prefixes = { steady: `${uniqueName('agg-steady')}.`, killed: `${uniqueName('agg-killed')}.` };
  const configs: Record<keyof typeof prefixes, EaawasConfig> = {
    steady: kafkaTestConfig({ topic_prefix: prefixes.steady, partitions: PARTITIONS }),
    killed: kafkaTestConfig({ topic_prefix: prefixes.killed, partitions: PARTITIONS }),
  };
  const processes: StageProcess[] = [];
  let transport: Transport;

  beforeAll(async () => {
    transport = createTransport(configs.steady, {
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      clientName: 'aggregate-kill-test',
    });
    const producer = await transport.producer();
    const records = inputSamples().map((sample) => ({
      key: sample.resource_id,
      value: JSON.stringify(sample),
    }));
    for (const config of Object.values(configs)) {
      await createPipelineTopics(transport, config);
      // One send keeps the order of each resource's records in its partition the same in both runs.
      await producer.send(topicNames(config.transport.topic_prefix).samples, records);
    }
  });

  afterAll(async () => {
    await killStageProcesses(processes);
    const topics = Object.values(prefixes).flatMap((prefix) => [
      ...Object.values(topicNames(prefix)),
      aggregateChangelogTopic(prefix),
    ]);
    await transport.admin().deleteTopics(topics);
    await transport.close();
  });

  function run(prefix: string): StageProcess {
    const stageProcess = startAggregateProcess({
      brokers: testBrokers(),
      topicPrefix: prefix,
      maxBatchRecords: 10,
    });
    processes.push(stageProcess);
    return stageProcess;
  }

  async function outputCount(prefix: string): Promise<number> {
    const ends = await transport.admin().endOffsets(topicNames(prefix).aggregates);
    return [...ends.values()].reduce((sum, offset) => sum + Number(offset), 0);
  }

  async function waitUntilCaughtUp(prefix: string, stageProcess: StageProcess): Promise<void> {
    const samples = topicNames(prefix).samples;
    const ends = await transport.admin().endOffsets(samples);
    await waitFor(
      async () => {
        const committed = await transport
          .admin()
          .committedOffsets(stageGroupId(prefix, 'aggregate'), samples);
        return [...ends].every(([partition, end]) => committed.get(partition) === end);
      },
      120_000,
      () => `the aggregate stage to commit all input of ${samples}\n${stageProcess.stderr.join('')}`,
    );
  }

  async function readAggregates(prefix: string): Promise<Array<{ id: string; json: string }>> {
    const records: Array<{ id: string; json: string }> = [];
    await transport.readToEnd(topicNames(prefix).aggregates, (record) => {
      const json = record.value!.toString('utf8');
      records.push({ id: windowId(JSON.parse(json) as Parameters<typeof windowId>[0]), json });
    });
    return records;
  }

  test('SIGKILL and restart give the uninterrupted windows', async () => {
    const steady = run(prefixes.steady);
    await steady.started;
    await waitUntilCaughtUp(prefixes.steady, steady);
    const reference = await readAggregates(prefixes.steady);
    steady.child.kill('SIGTERM');
    await steady.exited;

    const deadLetters: Array<Record<string, string>> = [];
    await transport.readToEnd(topicNames(prefixes.steady).dlq, (record) => deadLetters.push(record.headers));
    expect(deadLetters.map((headers) => headers[DEAD_LETTER_HEADERS.errorCode])).toEqual(
      new Array(LATE_SAMPLES).fill('WINDOW_LATE_SAMPLE'),
    );
    expect(deadLetters[0]?.[DEAD_LETTER_HEADERS.errorMessage]).toContain('watermark');

    const referenceById = new Map(reference.map((entry) => [entry.id, entry.json]));
    expect(referenceById.size).toBe(reference.length);
    // 30 minutes of samples close 28 to 29 one-minute and 5 five-minute windows per resource.
    expect(reference.length).toBeGreaterThan(RESOURCES.length * 30);

    // Kill once soon after the first windows appear and once halfway, each time mid-stream.
    for (const killAt of [1, Math.floor(reference.length / 2)]) {
      const victim = run(prefixes.killed);
      await waitFor(
        async () => (await outputCount(prefixes.killed)) >= killAt,
        120_000,
        () => `${killAt} windows\n${victim.stderr.join('')}`,
      );
      victim.child.kill('SIGKILL');
      await victim.exited;
      expect(await outputCount(prefixes.killed)).toBeLessThan(reference.length + 20);
    }
    const survivor = run(prefixes.killed);
    await waitUntilCaughtUp(prefixes.killed, survivor);
    const restarted = await readAggregates(prefixes.killed);
    survivor.child.kill('SIGTERM');
    await survivor.exited;

    const restartedIds = new Set(restarted.map((entry) => entry.id));
    expect([...restartedIds].sort()).toEqual([...referenceById.keys()].sort());
    for (const entry of restarted) {
      expect(entry.json).toBe(referenceById.get(entry.id));
    }
    // A window is produced twice only when a kill fell between its batch's sends and the commit, so
    // the copies come from the one batch per partition in flight at each of the two kills.
    const duplicates = restarted.length - restartedIds.size;
    expect(duplicates).toBeLessThan(reference.length / 4);
    if (duplicates > 0) {
      process.stderr.write(
        `aggregate kill test: ${duplicates} window copies produced again, identical to the originals\n`,
      );
    }
  });
});
