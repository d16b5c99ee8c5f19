// Records a stage cannot decode, validate or accept land on the dead-letter topic with their
// original bytes and error headers, while the valid records around them reach the output topic.
import { jest } from '@jest/globals';
import type { Counter } from 'prom-client';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import { DEAD_LETTER_HEADERS } from '../../../pipeline/runner/dead-letter-headers.js';
import { startStage } from '../../../pipeline/runner/stage-runner.js';
import { stageGroupId } from '../../../pipeline/topics/topic-names.js';
import { partitionForKey } from '../../../pipeline/transport/murmur2.js';
import { waitFor } from '../transport/poll.js';
import { createRunnerFixture, echoStage, observed, sample, type RunnerFixture } from './runner-fixtures.js';

jest.setTimeout(120_000);

describe.each(['embedded', 'kafka'] as const)('stage runner dead letters on %s', (kind) => {
  let fixture: RunnerFixture;

  beforeEach(async () => {
    fixture = await createRunnerFixture(kind);
  });

  afterEach(async () => {
    await fixture.close();
  });

  test('invalid records dead-lettered, valid ones pass', async () => {
    const { topics, transport } = fixture;
    const garbage = Buffer.from([0xff, 0x00, 0x7b, 0x22]);
    const invalidJson = JSON.stringify({ resource_id: 'i-1', value: 'high' });
    const producer = await transport.producer();
    await producer.send(topics.samples, [
      { key: 'i-1', value: JSON.stringify(sample('i-1', 1)) },
      { key: 'i-1', value: garbage, headers: { origin: 'test' } },
      { key: 'i-1', value: JSON.stringify(sample('i-1', 2)) },
      { key: 'i-1', value: invalidJson },
      { key: 'i-1', value: JSON.stringify(sample('i-1', 95)) },
      { key: 'i-1', value: JSON.stringify(sample('i-1', 3)) },
    ]);
    await producer.close();
    const outputs = await fixture.collect(topics.anomalies);
    const deadLetters = await fixture.collect(topics.dlq);

    const stage = await startStage(echoStage('echo'), fixture.context());
    await waitFor(
      '3 outputs and 3 dead letters',
      () => outputs.length >= 3 && deadLetters.length >= 3,
      60_000,
    );
    const partition = String(partitionForKey('i-1', 2));
    const groupId = stageGroupId(fixture.config.transport.topic_prefix, 'echo');
    await waitFor('offsets committed past the last record', async () => {
      const committed = await transport.admin().committedOffsets(groupId, topics.samples);
      return committed.get(Number(partition)) === '6';
    });
    await stage.stop();

    expect(outputs.map(observed)).toEqual([1, 2, 3]);
    expect(deadLetters).toHaveLength(3);
    const [undecodable, invalid, rejected] = deadLetters;

    expect(undecodable!.key).toBe('i-1');
    expect(undecodable!.value).toEqual(garbage);
    expect(undecodable!.headers).toMatchObject({
      origin: 'test',
      [DEAD_LETTER_HEADERS.errorCode]: 'MESSAGE_DECODE_FAILED',
      [DEAD_LETTER_HEADERS.stage]: 'echo',
      [DEAD_LETTER_HEADERS.sourceTopic]: topics.samples,
      [DEAD_LETTER_HEADERS.sourcePartition]: partition,
      [DEAD_LETTER_HEADERS.sourceOffset]: '1',
    });
    expect(Date.parse(undecodable!.headers[DEAD_LETTER_HEADERS.deadLetteredAt]!)).not.toBeNaN();

    expect(invalid!.value!.toString('utf8')).toBe(invalidJson);
    expect(invalid!.headers[DEAD_LETTER_HEADERS.errorCode]).toBe('MESSAGE_INVALID');
    expect(invalid!.headers[DEAD_LETTER_HEADERS.sourceOffset]).toBe('3');
    expect(invalid!.headers[DEAD_LETTER_HEADERS.errorMessage]).toContain('value:');
    expect(invalid!.headers[DEAD_LETTER_HEADERS.errorMessage]).toContain('resource_type:');

    expect(rejected!.headers[DEAD_LETTER_HEADERS.errorCode]).toBe('DATA_INVALID');
    expect(rejected!.headers[DEAD_LETTER_HEADERS.errorMessage]).toBe('value above 90 percent');
    expect(rejected!.headers[DEAD_LETTER_HEADERS.sourceOffset]).toBe('4');
    expect(JSON.parse(rejected!.value!.toString('utf8'))).toEqual(sample('i-1', 95));

    const deadLettered = fixture.registry.getSingleMetric(METRIC_NAMES.stageMessagesDeadLettered) as Counter;
    const counts = (await deadLettered.get()).values.map((entry) => [entry.labels.reason, entry.value]);
    expect(counts.sort()).toEqual([
      ['DATA_INVALID', 1],
      ['MESSAGE_DECODE_FAILED', 1],
      ['MESSAGE_INVALID', 1],
    ]);
  });
});
