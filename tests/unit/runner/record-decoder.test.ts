import { z } from 'zod';
import { decodeRecord } from '../../../pipeline/runner/record-decoder.js';
import type { IncomingRecord } from '../../../pipeline/transport/transport.js';

const schema = z.object({ id: z.string(), count: z.number().int().min(0) }).strict();

function incoming(value: Buffer | null): IncomingRecord {
  return { topic: 't', partition: 1, offset: '7', key: 'k', value, headers: { h: 'v' }, timestamp: 42 };
}

describe('decodeRecord', () => {
  test('valid JSON passes with position kept', () => {
    const result = decodeRecord(incoming(Buffer.from('{"id":"a","count":2}')), schema, false);

    expect(result).toEqual({
      ok: true,
      record: {
        topic: 't',
        partition: 1,
        offset: '7',
        key: 'k',
        value: { id: 'a', count: 2 },
        headers: { h: 'v' },
        timestamp: 42,
      },
    });
  });

  test('invalid UTF-8 fails decoding', () => {
    const result = decodeRecord(incoming(Buffer.from([0xff, 0xfe, 0x7b])), schema, false);

    expect(result).toEqual({ ok: false, code: 'MESSAGE_DECODE_FAILED', message: 'value is not valid UTF-8' });
  });

  test('garbage text fails decoding without payload', () => {
    const result = decodeRecord(incoming(Buffer.from('secret-garbage')), schema, false);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('MESSAGE_DECODE_FAILED');
      expect(result.message).toMatch(/^value is not valid JSON/);
      expect(result.message).not.toContain('secret-garbage');
    }
  });

  test('schema violations name every field', () => {
    const result = decodeRecord(incoming(Buffer.from('{"id":5,"count":-1,"extra":true}')), schema, false);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('MESSAGE_INVALID');
      expect(result.message).toContain('id:');
      expect(result.message).toContain('count:');
      expect(result.message).toContain('extra');
    }
  });

  test('tombstone passes only when compacted', () => {
    expect(decodeRecord(incoming(null), schema, true)).toMatchObject({ ok: true, record: { value: null } });
    expect(decodeRecord(incoming(null), schema, false)).toMatchObject({
      ok: false,
      code: 'MESSAGE_DECODE_FAILED',
    });
  });
});
