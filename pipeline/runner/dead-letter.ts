import type { IncomingRecord, OutgoingRecord } from '../transport/transport.js';
import { DEAD_LETTER_HEADERS } from './dead-letter-headers.js';

/** Maximum length of the error message header, in characters; a longer message is truncated. */
const MAX_MESSAGE_LENGTH = 2000;

export interface DeadLetterReason {
  code: string;
  message: string;
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
  const message =
    reason.message.length > MAX_MESSAGE_LENGTH
      ? `${reason.message.slice(0, MAX_MESSAGE_LENGTH - 3)}...`
      : reason.message;
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [DEAD_LETTER_HEADERS.errorCode]: reason.code,
      [DEAD_LETTER_HEADERS.errorMessage]: message,
      [DEAD_LETTER_HEADERS.stage]: stage,
      [DEAD_LETTER_HEADERS.sourceTopic]: record.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(record.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: record.offset,
      [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date(deadLetteredAt).toISOString(),
    },
  };
}
