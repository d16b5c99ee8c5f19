import { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/logger.js';
import { createRegistry } from '../metrics/registry.js';
import { createPipelineTopics } from '../transport/create-topics.js';
import { createTransport } from '../transport/create-transport.js';

/**
 * Creates every pipeline topic on the Kafka cluster of the config (brokers from the file or
 * KAFKA_BROKERS), with the configured partitions, replication factor and compaction. Topics that
 * exist stay as they are. The embedded transport needs no such step: `eaawas run` creates its
 * topics in memory.
 */
export async function createTopicsCommand(
  file: string | undefined,
  env: Record<string, string | undefined>,
): Promise<void> {
  const config = loadConfig({
    env,
    overrides: { transport: { kind: 'kafka' } },
    ...(file === undefined ? {} : { file }),
  });
  const logger = createLogger(config.logging);
  const transport = createTransport(config, {
    logger,
    registry: createRegistry(false),
    clientName: 'topics',
  });
  try {
    const { created, existing } = await createPipelineTopics(transport, config);
    for (const topic of created) {
      process.stdout.write(`created ${topic}\n`);
    }
    for (const topic of existing) {
      process.stdout.write(`exists  ${topic}\n`);
    }
  } finally {
    await transport.close();
  }
}

/** Defines `eaawas topics create`. */
export function createTopicsCommandGroup(env: Record<string, string | undefined>): Command {
  const topics = new Command('topics').description('Manage the Kafka topics of the pipeline.');
  topics
    .command('create')
    .description('Create every pipeline topic on Kafka that does not exist yet.')
    .option('--config <file>', 'YAML or JSON file overriding configs/default.yaml')
    .action(async (flags: { config?: string }) => {
      await createTopicsCommand(flags.config, env);
    });
  return topics;
}
