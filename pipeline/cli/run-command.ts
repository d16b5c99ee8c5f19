import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/logger.js';
import { createRegistry } from '../metrics/registry.js';
import { selectSources, selectStages } from './component-selection.js';
import { RUN_EXTENSIONS } from './run-extensions.js';
import { runPipeline } from './run-pipeline.js';
import { onShutdownSignal } from './shutdown-signals.js';
import { SOURCES, STAGES } from './stage-registry.js';

interface RunFlags {
  transport?: 'embedded' | 'kafka';
  stages?: string;
  source?: 'aws' | 'replay' | 'none';
  config?: string;
  duration?: number;
}

function parseDuration(raw: string): number {
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError('expected a positive number of seconds.');
  }
  return seconds;
}

/**
 * Runs the pipeline with the parsed flags and returns the exit status: 0 after a graceful stop,
 * 1 when a component failed.
 * @throws ValidationError (CONFIG_INVALID) for an invalid config file or an unknown stage name
 */
export async function runCommand(flags: RunFlags, env: Record<string, string | undefined>): Promise<number> {
  const overrides: Record<string, unknown> = {};
  if (flags.transport !== undefined) {
    overrides.transport = { kind: flags.transport };
  }
  if (flags.source !== undefined) {
    overrides.sources = { mode: flags.source };
  }
  const config = loadConfig({
    env,
    overrides,
    ...(flags.config === undefined ? {} : { file: flags.config }),
  });
  const stages = selectStages(STAGES, flags.stages, config);
  const sources = selectSources(SOURCES, config);

  const logger = createLogger(config.logging);
  const stop = new AbortController();
  const removeHandlers = onShutdownSignal(logger, () => stop.abort());
  try {
    const outcome = await runPipeline({
      config,
      stages,
      sources,
      extensions: RUN_EXTENSIONS,
      stop: stop.signal,
      logger,
      registry: createRegistry(),
      ...(flags.duration === undefined ? {} : { durationS: flags.duration }),
    });
    return outcome.status === 'failed' ? 1 : 0;
  } finally {
    removeHandlers();
  }
}

/** Defines `eaawas run`; `setExitCode` receives the status when the run ends. */
export function createRunCommand(
  env: Record<string, string | undefined>,
  setExitCode: (code: number) => void,
): Command {
  return new Command('run')
    .description('Run stages and sources in one process until SIGTERM or SIGINT, or for --duration seconds.')
    .addOption(
      new Option(
        '--transport <kind>',
        'embedded: in-process log; kafka: brokers from config or KAFKA_BROKERS',
      ).choices(['embedded', 'kafka']),
    )
    .option(
      '--stages <names>',
      `comma-separated stages to run; default: every enabled stage (${STAGES.map((stage) => stage.name).join(', ')})`,
    )
    .addOption(
      new Option('--source <mode>', 'input feed: aws collectors, replay of recorded traces, or none').choices(
        ['aws', 'replay', 'none'],
      ),
    )
    .option('--config <file>', 'YAML or JSON file overriding configs/default.yaml')
    .option('--duration <seconds>', 'stop gracefully after this many seconds', parseDuration)
    .action(async (flags: RunFlags) => {
      setExitCode(await runCommand(flags, env));
    });
}
