import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { jest } from '@jest/globals';
import { Registry } from 'prom-client';

import { stageGroupId, topicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { echoTopics, type EchoOutput } from './fixtures/echo-stage.js';
import type { EchoProcessOptions } from './fixtures/echo-stage-process.js';
import { kafkaTestConfig, testBrokers, uniqueName, waitFor } from './kafka-test-helpers.js';
import { killStageProcesses, startStageProcess, type StageProcess } from './stage-processes.js';
import pino from 'pino';

// Two processes of one stage share a consumer group on the real broker; one is killed with SIGKILL
// while it works through its partitions. At-least-once means every input still reaches the output
// topic: the survivor takes over the dead member's partitions once the broker expires its session
// (6 s here) and resumes at the last offset the dead member committed after its outputs were acked.

jest.setTimeout(180_000);

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const PARTITIONS = 4;
const INPUTS_BEFORE_KILL = 200;
const INPUTS_AFTER_KILL = 100;
const TOTAL_INPUTS = INPUTS_BEFORE_KILL + INPUTS_AFTER_KILL;

function startEchoProcess(options: EchoProcessOptions): StageProcess {
  return startStageProcess(join(fixtures, 'echo-stage-process.ts'), options);
}

function batchesOf(stageProcess: StageProcess, after = 0): Array<{ partition?: number; count?: number }> {
  return stageProcess.events.filter((event) => event.event === 'batch' && event.at >= after);
}

describe('stage processes on Kafka', () => {
  const topicPrefix = `${uniqueName('kill')}.`;
  const config = kafkaTestConfig({ topic_prefix: topicPrefix, partitions: PARTITIONS });
  const topics = topicNames(topicPrefix);
  const echo = echoTopics(topicPrefix);
  const processes: StageProcess[] = [];
  let transport: Transport;

  beforeAll(async () => {
    transport = createTransport(config, {
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      clientName: 'kill-test',
    });
    // The pipeline topics give the runner its dead-letter topic; the echo topics carry the data.
    await createPipelineTopics(transport, config);
    await transport.admin().createTopics([
      { topic: echo.input, partitions: PARTITIONS },
      { topic: echo.output, partitions: PARTITIONS },
    ]);
  });

  afterAll(async () => {
    await killStageProcesses(processes);
    await transport.admin().deleteTopics([...Object.values(topics), echo.input, echo.output]);
    await transport.close();
  });

  test('SIGKILL of one member loses no input', async () => {
    const options: EchoProcessOptions = {
      brokers: testBrokers(),
      topicPrefix,
      workDelayMs: 100,
      maxBatchRecords: 5,
    };
    const victim = startEchoProcess(options);
    const survivor = startEchoProcess(options);
    processes.push(victim, survivor);
    const diagnostics = (): string =>
      processes.map((p) => `pid ${p.pid} stderr:\n${p.stderr.join('')}`).join('\n');

    await waitFor(
      () => processes.every((p) => p.events.some((event) => event.event === 'started')),
      60_000,
      () => `both stage processes to start\n${diagnostics()}`,
    );

    const producer = await transport.producer();
    const send = (from: number, count: number): Promise<void> =>
      producer.send(
        echo.input,
        Array.from({ length: count }, (_, i) => ({
          key: `resource-${from + i}`,
          value: JSON.stringify({ id: from + i }),
        })),
      );
    await send(0, INPUTS_BEFORE_KILL);

    // Kill the victim in the middle of its share: both members are working and inputs remain.
    await waitFor(
      () => batchesOf(victim).length >= 3 && batchesOf(survivor).length >= 1,
      60_000,
      () => `both members to process batches\n${diagnostics()}`,
    );
    const victimPartitions = new Set(batchesOf(victim).map((batch) => batch.partition));
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    const victimExit = await victim.exited;
    await send(INPUTS_BEFORE_KILL, INPUTS_AFTER_KILL);

    const outputs: EchoOutput[] = [];
    const reader = transport.consumer({
      groupId: uniqueName('kill-reader'),
      topics: [echo.output],
      fromBeginning: true,
    });
    await reader.run(async (batch) => {
      for (const record of batch.records)
        outputs.push(JSON.parse(record.value!.toString('utf8')) as EchoOutput);
    });
    await waitFor(
      () => new Set(outputs.map((output) => output.id)).size === TOTAL_INPUTS,
      120_000,
      () =>
        `all ${TOTAL_INPUTS} inputs in the output topic (have ${new Set(outputs.map((o) => o.id)).size})\n${diagnostics()}`,
    );
    await reader.close();

    const groupId = stageGroupId(topicPrefix, 'echo');
    const inputEnds = await transport.admin().endOffsets(echo.input);
    await waitFor(
      async () => {
        const committed = await transport.admin().committedOffsets(groupId, echo.input);
        return [...inputEnds].every(([partition, end]) => committed.get(partition) === end);
      },
      30_000,
      'the group to commit every input partition to its end offset',
    );

    expect(victimExit.signal).toBe('SIGKILL');
    expect(outputs.some((output) => output.worker_pid === victim.pid)).toBe(true);
    const ids = new Set(outputs.map((output) => output.id));
    for (let id = 0; id < TOTAL_INPUTS; id++) {
      expect(ids.has(id) ? id : `missing ${id}`).toBe(id);
    }
    expect(outputs.length).toBeGreaterThanOrEqual(TOTAL_INPUTS);
    // The survivor took over at least one partition the victim had been working on.
    const takenOver = batchesOf(survivor, killedAt).filter((batch) => victimPartitions.has(batch.partition));
    expect(takenOver.length).toBeGreaterThan(0);

    survivor.child.kill('SIGTERM');
    const survivorExit = await survivor.exited;
    expect(survivorExit.code).toBe(0);
    expect(survivor.events.some((event) => event.event === 'stopped')).toBe(true);
  });
});
