/**
 * Headers the runner adds to a dead-lettered record. The value and key stay the original bytes, and
 * the original headers are kept beside these; these names win on a clash.
 */
export const DEAD_LETTER_HEADERS = {
  /** Stable code from pipeline/errors/error-codes.ts, for example MESSAGE_INVALID. */
  errorCode: 'eaawas.error.code',
  /** The reason, naming the invalid fields but never quoting the payload. */
  errorMessage: 'eaawas.error.message',
  /** Name of the stage that rejected the record. */
  stage: 'eaawas.stage',
  sourceTopic: 'eaawas.source.topic',
  sourcePartition: 'eaawas.source.partition',
  sourceOffset: 'eaawas.source.offset',
  /** When the record was dead-lettered, as an ISO 8601 UTC instant. */
  deadLetteredAt: 'eaawas.dead_lettered_at',
} as const;

export type DeadLetterHeaderName = (typeof DEAD_LETTER_HEADERS)[keyof typeof DEAD_LETTER_HEADERS];
