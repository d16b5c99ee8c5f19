/**
 * Stable error codes of EAAWAS. Logs, dead-letter headers and HTTP error bodies carry these strings,
 * so a code is never renamed once released.
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'MESSAGE_DECODE_FAILED',
  'MESSAGE_INVALID',
  'WINDOW_LATE_SAMPLE',
  'TRANSPORT_UNAVAILABLE',
  'TRANSPORT_TIMEOUT',
  'TOPIC_NOT_FOUND',
  'STAGE_FAILED',
  'AWS_CALL_FAILED',
  'MODEL_INVALID',
  'MODEL_NOT_FOUND',
  'DATA_INVALID',
  'REQUEST_INVALID',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'NOT_READY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
