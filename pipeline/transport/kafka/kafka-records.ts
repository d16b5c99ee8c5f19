import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

import type { IncomingRecord, OutgoingRecord, RecordHeaders } from '../transport.js';

/** Converts a record to produce into kafkajs's message shape; timestamps are epoch milliseconds. */
export function toKafkaMessage(record: OutgoingRecord, now: number): Message {
  const message: Message = {
    key: record.key,
    value: record.value,
    timestamp: String(record.timestamp ?? now),
  };
  if (record.headers !== undefined) message.headers = { ...record.headers };
  if (record.partition !== undefined) message.partition = record.partition;
  return message;
}

/** Converts a consumed kafkajs message into the transport's record, decoding key and headers as UTF-8. */
export function toIncomingRecord(topic: string, partition: number, message: KafkaMessage): IncomingRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null || message.key === undefined ? null : message.key.toString('utf8'),
    value: message.value ?? null,
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

/**
 * Decodes header values as UTF-8. Kafka allows a header name to repeat; kafkajs then returns an
 * array, and the last value wins here because the transport's headers are a plain map.
 */
function decodeHeaders(headers: IHeaders | undefined): RecordHeaders {
  const decoded: RecordHeaders = {};
  if (headers === undefined) return decoded;

  for (const [name, value] of Object.entries(headers)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined) continue;
    decoded[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return decoded;
}
