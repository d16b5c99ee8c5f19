import { createOutputEncoder } from '../../../pipeline/runner/output-encoder.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';

const topics = topicNames('unit.');

const carbon = {
  region: 'eu-north-1',
  hour_start: '2026-12-04T10:00:00Z',
};

describe('createOutputEncoder', () => {
  const encoder = createOutputEncoder(
    'Stage test',
    [topics.samples, topics.decisions, 'unit.own.changelog'],
    topics,
  );

  test('undeclared topic is a programming error', () => {
    expect(() => encoder.encode([{ topic: topics.carbon, key: 'eu-north-1', value: carbon }])).toThrow(
      /does not declare/,
    );
  });

  test('invalid output names the fields', () => {
    expect(() =>
      encoder.encode([{ topic: topics.samples, key: 'i-1', value: { resource_id: 'i-1' } }]),
    ).toThrow(/invalid message for unit\.samples: .*region/);
  });

  test('valid outputs grouped by topic in order', () => {
    const sample = {
      resource_id: 'i-1',
      resource_type: 'ec2_instance',
      region: 'eu-north-1',
      metric: 'cpu_utilization',
      unit: 'percent',
      value: 12.5,
      event_time: '2026-12-04T10:00:00.000Z',
      period_s: 60,
      source: 'replay',
    };

    const encoded = encoder.encode([
      { topic: topics.samples, key: 'i-1', value: sample, timestamp: 5 },
      { topic: 'unit.own.changelog', key: 'store-key', value: { anything: 1 } },
      { topic: topics.samples, key: 'i-2', value: { ...sample, resource_id: 'i-2' } },
    ]);

    expect(encoded.map((entry) => [entry.topic, entry.records.map((record) => record.key)])).toEqual([
      [topics.samples, ['i-1', 'i-2']],
      ['unit.own.changelog', ['store-key']],
    ]);
    expect(JSON.parse(encoded[0]!.records[0]!.value as string)).toEqual(sample);
    expect(encoded[0]!.records[0]!.timestamp).toBe(5);
  });

  test('tombstone allowed only on compacted topics', () => {
    expect(
      encoder.encode([{ topic: topics.decisions, key: 'r-1', value: null }])[0]!.records[0]!.value,
    ).toBeNull();
    expect(() => encoder.encode([{ topic: topics.samples, key: 'i-1', value: null }])).toThrow(
      /not compacted/,
    );
  });
});
