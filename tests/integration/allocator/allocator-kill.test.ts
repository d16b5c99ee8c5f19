import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { jest } from '@jest/globals';
import pino from 'pino';
import { Registry } from 'prom-client';

import { stageGroupId, topicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { IncomingRecord, Transport } from '../../../pipeline/transport/transport.js';
import { decisionSchema } from '../../../schemas/definitions/decision.js';
import { kafkaTestConfig, testBrokers, uniqueName, waitFor } from '../kafka/kafka-test-helpers.js';
import { killStageProcesses, startStageProcess, type StageProcess } from '../kafka/stage-processes.js';
import type { AllocatorProcessOptions } from './fixtures/allocator-process.js';

// The allocator runs as its own process on the real broker and is killed with SIGKILL part-way
// through a stream of requests that contains duplicate ids. A second process takes over the group.
// Every request id must end with exactly one decision record on the decisions topic: none lost,
// none decided twice.

jest.setTimeout(180_000);

const here = dirname(fileURLToPath(import.meta.url));
const PARTITIONS = 3;
const UNIQUE_REQUESTS = 120;
const DUPLICATES = 30;

function startAllocator(options: AllocatorProcessOptions): StageProcess {
  return startStageProcess(join(here, 'fixtures', 'allocator-process.ts'), options);
}

function request(id: number, cpu: number): Record<string, unknown> {
  return {
    request_id: `kill-${id}`,
    cpu_request: cpu,
    memory_request: '1Gi',
    priority: 'medium',
    max_energy_consumption: 100,
    regions: ['us-east-1'],
  };
}

describe('allocator process on Kafka', () => {
  const topicPrefix = `${uniqueName('alloc-kill')}.`;
  const config = kafkaTestConfig({ topic_prefix: topicPrefix, partitions: PARTITIONS });
  const topics = topicNames(topicPrefix);
  const processes: StageProcess[] = [];
  let transport: Transport;

  beforeAll(async () => {
    transport = createTransport(config, {
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      clientName: 'alloc-kill-test',
    });
    await createPipelineTopics(transport, config);
  });

  afterAll(async () => {
    await killStageProcesses(processes);
    await transport.admin().deleteTopics(Object.values(topics));
    await transport.close();
  });

  test('SIGKILL mid-batch leaves one decision per request', async () => {
    const options: AllocatorProcessOptions = {
      brokers: testBrokers(),
      topicPrefix,
      batchDelayMs: 150,
      maxBatchRecords: 4,
    };
    const diagnostics = (): string =>
      processes.map((p) => `pid ${p.pid} stderr:\n${p.stderr.join('')}`).join('\n');
    const victim = startAllocator(options);
    processes.push(victim);
    await waitFor(
      () => victim.events.some((event) => event.event === 'started'),
      60_000,
      () => `the allocator to start\n${diagnostics()}`,
    );

    // Every request once, then 30 of them again with a different body: a duplicate id must not get a second decision.
    const producer = await transport.producer();
    const first = Array.from({ length: UNIQUE_REQUESTS }, (_, id) => ({
      key: `kill-${id}`,
      value: JSON.stringify(request(id, 1)),
    }));
    const again = Array.from({ length: DUPLICATES }, (_, id) => ({
      key: `kill-${id * 4}`,
      value: JSON.stringify(request(id * 4, 2)),
    }));
    await producer.send(topics.workloadRequests, [...first, ...again]);
    await producer.close();

    await waitFor(
      () => victim.events.filter((event) => event.event === 'batch').length >= 5,
      60_000,
      () => `the allocator to process batches\n${diagnostics()}`,
    );
    victim.child.kill('SIGKILL');
    const victimExit = await victim.exited;
    const decidedBeforeKill = victim.events.reduce((sum, event) => sum + (event.decisions ?? 0), 0);

    const successor = startAllocator(options);
    processes.push(successor);

    const decisions: IncomingRecord[] = [];
    const reader = transport.consumer({
      groupId: uniqueName('alloc-kill-reader'),
      topics: [topics.decisions],
      fromBeginning: true,
    });
    await reader.run((batch) => {
      decisions.push(...batch.records);
      return Promise.resolve();
    });
    await waitFor(
      () => new Set(decisions.map((record) => record.key)).size === UNIQUE_REQUESTS,
      120_000,
      () =>
        `decisions for all ${UNIQUE_REQUESTS} requests (have ${new Set(decisions.map((record) => record.key)).size})\n${diagnostics()}`,
    );
    const groupId = stageGroupId(topicPrefix, 'allocator');
    const inputEnds = await transport.admin().endOffsets(topics.workloadRequests);
    await waitFor(
      async () => {
        const committed = await transport.admin().committedOffsets(groupId, topics.workloadRequests);
        return [...inputEnds].every(([partition, end]) => committed.get(partition) === end);
      },
      60_000,
      'the group to commit every request partition to its end offset',
    );
    // Read the whole topic once more after the commit, so no late decision is missed.
    const everything: IncomingRecord[] = [];
    await transport.readToEnd(topics.decisions, (record) => everything.push(record));
    await reader.close();

    expect(victimExit.signal).toBe('SIGKILL');
    expect(decidedBeforeKill).toBeGreaterThan(0);
    expect(decidedBeforeKill).toBeLessThan(UNIQUE_REQUESTS);
    const perKey = new Map<string, number>();
    for (const record of everything) {
      perKey.set(record.key ?? '', (perKey.get(record.key ?? '') ?? 0) + 1);
    }
    const repeated = [...perKey].filter(([, count]) => count !== 1);
    expect(repeated).toEqual([]);
    expect(perKey.size).toBe(UNIQUE_REQUESTS);
    for (const record of everything) {
      const decision = decisionSchema.parse(JSON.parse(record.value!.toString('utf8')));
      expect(decision.request_id).toBe(record.key);
    }
    // The duplicates ask for 2 vCPUs, a full m5.large (30 W on the fixture curve); the first bodies
    // ask for 1 vCPU (20 W). Every decision must be for the first body.
    const addedPower = new Set(
      everything.map(
        (record) => decisionSchema.parse(JSON.parse(record.value!.toString('utf8'))).added_power_w,
      ),
    );
    expect([...addedPower]).toEqual([20]);
  });
});
