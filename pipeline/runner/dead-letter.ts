import type { IncomingRecord, OutgoingRecord, RecordHeaders } from '../transport/transport.js';
import { DEAD_LETTER_HEADERS } from './dead-letter-headers.js';

/** Maximum length of the error message header, in characters; a longer message is truncated. */
const MAX_MESSAGE_LENGTH = 2000;

export interface DeadLetterReason {
  code: string;
  message: string;
}

/** Source a dead-lettered record was read from: a topic, or another source named in the same terms. */
export interface DeadLetterSource {
  topic: string;
  partition: string;
  offset: string;
}

/**
 * Builds the headers that record why and where a record was dead-lettered. A message longer than
 * MAX_MESSAGE_LENGTH characters is truncated and ends with `...`.
 */
export function deadLetterHeaders(
  reason: DeadLetterReason,
  stage: string,
  source: DeadLetterSource,
  deadLetteredAt: number,
): RecordHeaders {
  const message =
    reason.message.length > MAX_MESSAGE_LENGTH
      ? `${reason.message.slice(0, MAX_MESSAGE_LENGTH - 3)}...`
      : reason.message;
  return {
    [DEAD_LETTER_HEADERS.errorCode]: reason.code,
    [DEAD_LETTER_HEADERS.errorMessage]: message,
    [DEAD_LETTER_HEADERS.stage]: stage,
    [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: source.partition,
    [DEAD_LETTER_HEADERS.sourceOffset]: source.offset,
    [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date(deadLetteredAt).toISOString(),
  };
}

/**
 * Builds the dead-letter record of a consumed record: its original key, value bytes and headers,
 * plus headers naming the error, the stage and the record's source position.
 */
export function toDeadLetter(
  record: IncomingRecord,
  reason: DeadLetterReason,
  stage: string,
  deadLetteredAt: number,
): OutgoingRecord {
  const source = { topic: record.topic, partition: String(record.partition), offset: record.offset };
  return {
    key: record.key,
    value: record.value,
    headers: { ...record.headers, ...deadLetterHeaders(reason, stage, source, deadLetteredAt) },
  };
}
