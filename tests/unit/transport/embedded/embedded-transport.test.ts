import { createEmbeddedTransport } from '../../../../pipeline/transport/embedded/embedded-transport.js';
import type { IncomingRecord, RecordBatch, Transport } from '../../../../pipeline/transport/transport.js';
import { waitFor } from '../../../integration/transport/poll.js';

describe('embedded transport', () => {
  let transport: Transport;

  beforeEach(async () => {
    transport = createEmbeddedTransport({ compactionThreshold: 2 });
    await transport.admin().createTopics([
      { topic: 'plain', partitions: 1 },
      { topic: 'state', partitions: 1, compacted: true },
    ]);
  });

  afterEach(async () => {
    await transport.close();
  });

  async function send(topic: string, values: string[]): Promise<void> {
    const producer = await transport.producer();
    await producer.send(
      topic,
      values.map((value) => ({ key: 'k', value })),
    );
    await producer.close();
  }

  test('rejected handler hands partition to next member', async () => {
    await send('plain', ['a', 'b']);
    const failing = transport.consumer({ groupId: 'g', topics: ['plain'], fromBeginning: true });
    let attempts = 0;
    await failing.run(() => {
      attempts += 1;
      return Promise.reject(new Error('handler failed'));
    });
    await waitFor('the failing member to leave', () => attempts === 1 && failing.assignment().length === 0);

    const received: IncomingRecord[] = [];
    const next = transport.consumer({ groupId: 'g', topics: ['plain'], fromBeginning: true });
    await next.run((batch) => {
      received.push(...batch.records);
      return Promise.resolve();
    });

    await waitFor('both records on the next member', () => received.length === 2);
    expect(received.map((record) => record.offset)).toEqual(['0', '1']);
  });

  test('new owner waits for batch in flight', async () => {
    await transport.admin().createTopics([{ topic: 'pair', partitions: 2 }]);
    const producer = await transport.producer();
    await producer.send(
      'pair',
      ['a', 'b', 'c'].map((value) => ({ key: null, value, partition: 1 })),
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = transport.consumer({
      groupId: 'g',
      topics: ['pair'],
      fromBeginning: true,
      maxBatchRecords: 2,
    });
    let firstBatch: RecordBatch | undefined;
    await first.run(async (batch) => {
      firstBatch = batch;
      await gate;
      const next = String(Number(batch.records.at(-1)!.offset) + 1);
      await first.commit([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    });
    await waitFor('a batch of partition 1 in flight', () => firstBatch?.partition === 1);

    // Range assignment moves partition 1 to the member that joins second.
    const received: IncomingRecord[] = [];
    const second = transport.consumer({ groupId: 'g', topics: ['pair'], fromBeginning: true });
    await second.run((batch) => {
      received.push(...batch.records);
      return Promise.resolve();
    });
    await waitFor('second member owns partition 1', () => second.assignment()[0]?.partition === 1);
    expect(received).toHaveLength(0);

    release();
    await waitFor('the rest on the second member', () => received.length === 1);
    expect(received.map((record) => record.offset)).toEqual(['2']);
    const committed = await transport.admin().committedOffsets('g', 'pair');
    expect(committed.get(1)).toBe('2');
  });

  test('commit for a partition not owned rejected', async () => {
    const consumer = transport.consumer({ groupId: 'g', topics: ['plain'], fromBeginning: true });

    await expect(consumer.commit([{ topic: 'plain', partition: 0, offset: '1' }])).rejects.toThrow(
      /no longer assigned/,
    );
  });

  test('compacted topic rejects null key', async () => {
    const producer = await transport.producer();

    await expect(producer.send('state', [{ key: null, value: 'x' }])).rejects.toMatchObject({
      code: 'MESSAGE_INVALID',
    });
  });

  test('readToEnd after compaction returns latest', async () => {
    await send('state', ['1', '2', '3', '4', '5']);
    const values: string[] = [];

    await transport.readToEnd('state', (record) => values.push(record.value!.toString()));

    expect(values.at(-1)).toBe('5');
    expect(values.length).toBeLessThan(5);
  });

  test('retention deletes only committed records', async () => {
    const small = createEmbeddedTransport({ retainedRecords: 2 });
    await small.admin().createTopics([{ topic: 'plain', partitions: 1 }]);
    const producer = await small.producer();
    await producer.send(
      'plain',
      ['a', 'b', 'c', 'd', 'e'].map((value) => ({ key: null, value })),
    );
    const fast = small.consumer({ groupId: 'fast', topics: ['plain'], fromBeginning: true });
    const slow = small.consumer({ groupId: 'slow', topics: ['plain'], fromBeginning: true });
    await fast.run(() => Promise.resolve());
    await slow.run(() => Promise.resolve());
    await waitFor(
      'both groups assigned',
      () => fast.assignment().length === 1 && slow.assignment().length === 1,
    );

    await fast.commit([{ topic: 'plain', partition: 0, offset: '4' }]);
    await slow.commit([{ topic: 'plain', partition: 0, offset: '1' }]);
    const afterSlow: string[] = [];
    await small.readToEnd('plain', (record) => afterSlow.push(record.offset));
    await slow.commit([{ topic: 'plain', partition: 0, offset: '3' }]);
    const afterBoth: string[] = [];
    await small.readToEnd('plain', (record) => afterBoth.push(record.offset));
    await small.close();

    expect(afterSlow).toEqual(['1', '2', '3', '4']);
    expect(afterBoth).toEqual(['3', '4']);
  });

  test('explicit partition out of range rejected', async () => {
    const producer = await transport.producer();

    await expect(producer.send('plain', [{ key: null, value: 'x', partition: 3 }])).rejects.toThrow(
      /partition 3 does not exist/,
    );
  });
});
