// One process of the aggregate stage on the Kafka transport, run by the stage runner. The parent
// test starts it with `node --import <register-typescript.mjs> aggregate-stage-process.ts '<json>'`
// and reads one JSON event per line from its standard output: started, then stopped.
import pino from 'pino';
import { Registry } from 'prom-client';

import { loadConfig } from '../../../pipeline/config/load-config.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import { startStage } from '../../../pipeline/runner/stage-runner.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import { aggregateStage } from '../../../stages/aggregate/aggregate-stage.js';

export interface AggregateProcessOptions {
  brokers: string;
  topicPrefix: string;
  maxBatchRecords: number;
}

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...event, pid: process.pid })}\n`);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as AggregateProcessOptions;
  const config = loadConfig({
    env: { KAFKA_BROKERS: options.brokers, EAAWAS_TRANSPORT: 'kafka' },
    overrides: {
      transport: { topic_prefix: options.topicPrefix, partitions: 2 },
      // 6 s is the broker's minimum session timeout, so a restarted member rejoins soon.
      kafka: { session_timeout_ms: 6000, heartbeat_interval_ms: 500 },
      runner: { max_batch_records: options.maxBatchRecords, shutdown_timeout_ms: 5000 },
      logging: { level: 'warn' },
    },
  });
  // Logs go to standard error so standard output carries only the events.
  const logger = pino({ level: config.logging.level }, pino.destination(2));
  const registry = new Registry();
  const transport = createTransport(config, { logger, registry, clientName: `aggregate-${process.pid}` });
  await transport.connect();

  const stage = await startStage(aggregateStage, {
    config,
    topics: topicNames(config.transport.topic_prefix),
    logger,
    registry,
    transport,
    clock: systemClock,
  });
  emit({ event: 'started' });

  process.once('SIGTERM', () => {
    void stage.stop();
  });
  try {
    await stage.done;
  } finally {
    await transport.close();
    emit({ event: 'stopped' });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`aggregate stage process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
