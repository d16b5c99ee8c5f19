import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/** Maps a pino level to the most verbose kafkajs level that pino would still print. */
export function kafkaLogLevel(level: string): logLevel {
  switch (level) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'error':
    case 'fatal':
      return logLevel.ERROR;
    default:
      return logLevel.NOTHING;
  }
}

/**
 * kafkajs warnings that do not apply to how the transport uses kafkajs, logged at debug instead.
 * The idempotent producer warns that limited retries may break exactly-once delivery, but the
 * pipeline is at-least-once and bounds retries on purpose (see kafka-producer.ts).
 */
const INAPPLICABLE_WARNINGS = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/**
 * Creates a kafkajs log creator that writes every kafkajs log entry through a pino child logger,
 * with the kafkajs namespace (Consumer, Producer, Connection, ...) as `kafkajs_namespace`. The
 * entry's own fields (groupId, topic, broker, error) are kept as pino fields.
 */
export function createKafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component_library: 'kafkajs' });

  return function kafkaLogCreatorForLevel() {
    return function writeKafkaLogEntry(entry: LogEntry): void {
      const { message, timestamp: _timestamp, ...fields } = entry.log;
      const record = { kafkajs_namespace: entry.namespace, ...fields };

      switch (entry.level) {
        case logLevel.ERROR:
          kafkaLogger.error(record, message);
          break;
        case logLevel.WARN:
          if (INAPPLICABLE_WARNINGS.has(message)) kafkaLogger.debug(record, message);
          else kafkaLogger.warn(record, message);
          break;
        case logLevel.INFO:
          kafkaLogger.info(record, message);
          break;
        default:
          kafkaLogger.debug(record, message);
      }
    };
  };
}
