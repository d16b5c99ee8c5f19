import { DEAD_LETTER_HEADERS } from '../../../pipeline/runner/dead-letter-headers.js';
import { toDeadLetter } from '../../../pipeline/runner/dead-letter.js';

describe('toDeadLetter', () => {
  const original = {
    topic: 'eaawas.samples',
    partition: 2,
    offset: '41',
    key: 'i-1',
    value: Buffer.from([0x00, 0xff, 0x10]),
    headers: { trace: 'abc' },
    timestamp: 1,
  };

  test('keeps original bytes, key and headers', () => {
    const record = toDeadLetter(original, { code: 'MESSAGE_DECODE_FAILED', message: 'bad' }, 'aggregate', 0);

    expect(record.key).toBe('i-1');
    expect(record.value).toBe(original.value);
    expect(record.headers?.trace).toBe('abc');
  });

  test('headers name error, stage and position', () => {
    const record = toDeadLetter(
      original,
      { code: 'MESSAGE_INVALID', message: 'invalid fields: region' },
      'aggregate',
      Date.UTC(2026, 11, 4, 10),
    );

    expect(record.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.errorCode]: 'MESSAGE_INVALID',
      [DEAD_LETTER_HEADERS.errorMessage]: 'invalid fields: region',
      [DEAD_LETTER_HEADERS.stage]: 'aggregate',
      [DEAD_LETTER_HEADERS.sourceTopic]: 'eaawas.samples',
      [DEAD_LETTER_HEADERS.sourcePartition]: '2',
      [DEAD_LETTER_HEADERS.sourceOffset]: '41',
      [DEAD_LETTER_HEADERS.deadLetteredAt]: '2026-12-04T10:00:00.000Z',
    });
  });

  test('long message cut to bounded length', () => {
    const record = toDeadLetter(
      original,
      { code: 'MESSAGE_INVALID', message: 'x'.repeat(5000) },
      'aggregate',
      0,
    );

    expect(record.headers?.[DEAD_LETTER_HEADERS.errorMessage]).toHaveLength(2000);
  });
});
