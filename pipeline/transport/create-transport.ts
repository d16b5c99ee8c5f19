import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

import type { EaawasConfig } from '../config/config-schema.js';
import type { Clock } from '../runner/clock.js';
import { createEmbeddedTransport } from './embedded/embedded-transport.js';
import { createKafkaTransport } from './kafka/kafka-transport.js';
import type { Transport } from './transport.js';

export interface CreateTransportOptions {
  logger: Logger;
  registry: Registry;
  /** Appended to the Kafka client id, usually the stage name; unused by the embedded transport. */
  clientName?: string;
  /** Stamps records sent without a timestamp on the embedded transport; the system clock when absent. */
  clock?: Clock;
}

/**
 * Creates the transport that `transport.kind` selects: Kafka with the `kafka` connection settings,
 * or the in-process embedded log. Both use `runner.max_batch_records` as the default batch size.
 */
export function createTransport(config: EaawasConfig, options: CreateTransportOptions): Transport {
  const kind = config.transport.kind;
  switch (kind) {
    case 'kafka':
      return createKafkaTransport({
        kafka: config.kafka,
        retry: config.runner.retry,
        maxBatchRecords: config.runner.max_batch_records,
        groupIdPrefix: config.transport.topic_prefix,
        logger: options.logger,
        registry: options.registry,
        ...(options.clientName === undefined ? {} : { clientName: options.clientName }),
      });
    case 'embedded':
      return createEmbeddedTransport({
        logger: options.logger,
        defaultMaxBatchRecords: config.runner.max_batch_records,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
      });
    default: {
      const unknownKind: never = kind;
      throw new Error(`Unknown transport kind ${String(unknownKind)}`);
    }
  }
}
