import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export interface LoggingConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Folder for one NDJSON file per component; standard output when null. */
  directory: string | null;
}

/** Field names that never reach a log line, whatever nests them. */
const REDACTED_PATHS = [
  'password',
  'secret',
  '*.password',
  '*.secret',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.apiKey',
  '*.api_keys',
  '*.authorization',
  'req.headers.authorization',
];

/**
 * Creates the root logger: NDJSON with `err` serialized, secrets redacted. With a log directory,
 * `componentLogger` writes each component to its own file.
 */
export function createLogger(config: LoggingConfig): Logger {
  return pino({
    level: config.level,
    base: { service: 'eaawas' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Child logger bound to one component (a stage, the API, a collector). */
export function componentLogger(root: Logger, config: LoggingConfig, component: string): Logger {
  if (config.directory === null) {
    return root.child({ component });
  }
  mkdirSync(config.directory, { recursive: true });
  const destination = pino.destination({ dest: join(config.directory, `${component}.log`), sync: false });
  return pino(
    {
      level: config.level,
      base: { service: 'eaawas', component },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
