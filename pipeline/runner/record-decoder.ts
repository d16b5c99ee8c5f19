import type { ZodType } from 'zod';
import type { ErrorCode } from '../errors/error-codes.js';
import type { IncomingRecord } from '../transport/transport.js';
import type { DecodedRecord } from './stage.js';

export type DecodeResult =
  | { ok: true; record: DecodedRecord }
  | { ok: false; code: Extract<ErrorCode, 'MESSAGE_DECODE_FAILED' | 'MESSAGE_INVALID'>; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a record's value as UTF-8 JSON and validates it against its topic's schema. A null value
 * is a tombstone and passes only on a compacted topic. Failure messages name the invalid fields
 * and the parser's reason but never include the payload.
 */
export function decodeRecord(record: IncomingRecord, schema: ZodType, compacted: boolean): DecodeResult {
  if (record.value === null) {
    if (compacted) {
      return { ok: true, record: toDecoded(record, null) };
    }
    return {
      ok: false,
      code: 'MESSAGE_DECODE_FAILED',
      message: 'null value (tombstone) on a topic that is not compacted',
    };
  }

  let text: string;
  try {
    text = utf8.decode(record.value);
  } catch {
    return { ok: false, code: 'MESSAGE_DECODE_FAILED', message: 'value is not valid UTF-8' };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      code: 'MESSAGE_DECODE_FAILED',
      message: `value is not valid JSON: ${withoutQuotedInput(reason)}`,
    };
  }

  const result = schema.safeParse(parsed);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => {
      const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
      return `${path}: ${issue.message}`;
    });
    return { ok: false, code: 'MESSAGE_INVALID', message: `invalid fields: ${fields.join('; ')}` };
  }
  return { ok: true, record: toDecoded(record, result.data) };
}

/** V8's JSON errors quote a snippet of the input (`"abc" is not valid JSON`); that is payload. */
function withoutQuotedInput(reason: string): string {
  return reason.replace(/"[^"]*"/g, '<input>').replace(/^Unexpected token '.', /, 'Unexpected token, ');
}

function toDecoded(record: IncomingRecord, value: unknown): DecodedRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key,
    value,
    headers: record.headers,
    timestamp: record.timestamp,
  };
}
