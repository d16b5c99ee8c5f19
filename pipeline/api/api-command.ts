import { Command, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/logger.js';
import { createRegistry } from '../metrics/registry.js';
import { onShutdownSignal } from '../cli/shutdown-signals.js';
import { systemClock } from '../runner/clock.js';
import { topicNames } from '../topics/topic-names.js';
import { createTransport } from '../transport/create-transport.js';
import { hashApiKeyFromStream } from './hash-api-key-command.js';
import { startApiServer } from './start-api-server.js';

interface ServeFlags {
  transport?: 'embedded' | 'kafka';
  config?: string;
}

/**
 * Runs the API alone until SIGTERM or SIGINT, by default against Kafka so it can scale apart from
 * the stages. Each process materializes the state itself in its own consumer group.
 * @throws ValidationError (CONFIG_INVALID) for an invalid config file
 */
export async function serveApi(flags: ServeFlags, env: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig({
    env,
    overrides: { transport: { kind: flags.transport ?? 'kafka' } },
    ...(flags.config === undefined ? {} : { file: flags.config }),
  });
  const logger = createLogger(config.logging);
  const registry = createRegistry();
  const transport = createTransport(config, { logger, registry, clientName: 'api' });
  await transport.connect();

  const server = await startApiServer({
    config,
    topics: topicNames(config.transport.topic_prefix),
    logger,
    registry,
    transport,
    clock: systemClock,
  });
  await new Promise<void>((resolve) => {
    const removeHandlers = onShutdownSignal(logger, () => {
      removeHandlers();
      resolve();
    });
  });
  await server.close();
  await transport.close();
}

/** Defines `eaawas api` (serve the API alone) and `eaawas api hash-key`. */
export function createApiCommandGroup(env: Record<string, string | undefined>): Command {
  const serve = new Command('serve')
    .description(
      'Serve the HTTP API and dashboard alone until SIGTERM or SIGINT (the default of `eaawas api`).',
    )
    .addOption(
      new Option(
        '--transport <kind>',
        'kafka (the default): brokers from config or KAFKA_BROKERS; embedded: an empty in-process log',
      ).choices(['embedded', 'kafka']),
    )
    .option('--config <file>', 'YAML or JSON file overriding configs/default.yaml')
    .action(async (flags: ServeFlags) => {
      await serveApi(flags, env);
    });

  const hashKey = new Command('hash-key')
    .description('Read an API key from standard input and print its SHA-256 for api.api_key_sha256.')
    .action(async () => {
      process.stdout.write(`${await hashApiKeyFromStream(process.stdin)}\n`);
    });

  return new Command('api')
    .description('Serve the HTTP API alone, or hash an API key for the config.')
    .addCommand(serve, { isDefault: true })
    .addCommand(hashKey);
}
