import kafkajs from 'kafkajs';

import { EaawasError, type ErrorContext } from '../../errors/eaawas-error.js';

// kafkajs is CommonJS, and Node's ES module loader detects only some of its named exports (not the
// error classes), so they are taken from the default export.
const { KafkaJSError } = kafkajs;

/** kafkajs error types that mean the topic or partition does not exist on the cluster. */
const UNKNOWN_TOPIC_TYPES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);

/**
 * Wraps an error thrown by kafkajs in an EaawasError that keeps kafkajs's `retriable` verdict and
 * the original as `cause`. Errors that are not from kafkajs (a handler's own error, a programming
 * error) are returned unchanged.
 */
export function toTransportError(error: unknown, action: string, context: ErrorContext = {}): unknown {
  if (!(error instanceof KafkaJSError)) {
    return error;
  }

  if (protocolErrorTypes(error).some((type) => UNKNOWN_TOPIC_TYPES.has(type))) {
    return new EaawasError('TOPIC_NOT_FOUND', `${action} failed: topic not found (${error.message})`, {
      cause: error,
      context,
    });
  }

  const timedOut =
    error.name === 'KafkaJSRequestTimeoutError' || error.name === 'KafkaJSConnectionTimeoutError';
  return new EaawasError(
    timedOut ? 'TRANSPORT_TIMEOUT' : 'TRANSPORT_UNAVAILABLE',
    `${action} failed: ${error.message}`,
    { retriable: error.retriable, cause: error, context },
  );
}

/**
 * Collects the broker error types (such as UNKNOWN_TOPIC_OR_PARTITION) along the cause chain,
 * because kafkajs wraps the protocol error in KafkaJSNumberOfRetriesExceeded after its retries.
 */
export function protocolErrorTypes(error: unknown): string[] {
  const types: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const type = (current as Error & { type?: unknown }).type;
    if (typeof type === 'string') types.push(type);
    current = current.cause;
  }
  return types;
}

/** Runs a kafkajs call and rethrows its failure through `toTransportError`. */
export async function withTransportErrors<T>(
  action: string,
  context: ErrorContext,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toTransportError(error, action, context);
  }
}
