import type { ErrorCode } from './error-codes.js';

/** Location of an error: the ids an operator needs to find the record or resource. */
export interface ErrorContext {
  stage?: string;
  topic?: string;
  partition?: number;
  offset?: string;
  resourceId?: string;
  requestId?: string;
  [key: string]: string | number | boolean | undefined;
}

export interface EaawasErrorOptions {
  /** True when the same operation may succeed if tried again (a broker hiccup, a throttled call). */
  retriable?: boolean;
  cause?: unknown;
  context?: ErrorContext;
}

/**
 * Base error of EAAWAS: a stable code, whether a retry can help, the ES2022 cause and context ids.
 * Programming errors stay plain `Error`s and are never retried.
 */
export class EaawasError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, options: EaawasErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EaawasError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

/** One invalid field of a config file, a message or a request body. */
export interface FieldIssue {
  /** Dotted path of the field, for example `kafka.brokers.0` or `memory_request`. */
  path: string;
  message: string;
  /** The rejected value, when it is safe to show (never a secret). */
  value?: unknown;
}

/** Raised when input fails validation; `issues` lists every invalid field, not only the first. */
export class ValidationError extends EaawasError {
  readonly issues: readonly FieldIssue[];

  constructor(
    code: ErrorCode,
    message: string,
    issues: readonly FieldIssue[],
    options: EaawasErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Returns true for errors that declare themselves retriable; anything else is not retried. */
export function isRetriable(error: unknown): boolean {
  return error instanceof EaawasError ? error.retriable : false;
}
