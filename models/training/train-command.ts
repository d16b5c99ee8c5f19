import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig, defaultConfigPath } from '../../pipeline/config/load-config.js';
import { EaawasError } from '../../pipeline/errors/eaawas-error.js';
import { createLocalRegistry } from '../registry/local-registry.js';
import { publishPromoted } from '../registry/publish-models.js';
import { createConfiguredRegistries } from '../registry/registry-from-config.js';
import { runTraining, type TrainableModel } from './run-training.js';

interface TrainFlags {
  model: TrainableModel;
  slice: 'full' | 'small';
  outputDir?: string;
  estimator: 'auto' | 'constant';
  version?: string;
  publish?: boolean;
  config?: string;
}

/**
 * Defines `eaawas train`: runs the Python training, prints its progress and the gate's figures,
 * and with `--publish` copies the newly promoted versions to the configured S3 registry, where
 * running predictors pick them up. `setExitCode` receives 1 when a model failed the gate.
 */
export function createTrainCommand(env: Record<string, string | undefined>, setExitCode: (code: number) => void): Command {
  return new Command('train')
    .description('Train the forecasting models on the bundled traces, gate them against baselines and export ONNX.')
    .addOption(new Option('--model <name>', 'model to train').choices(['workload-cpu', 'carbon-intensity', 'all']).default('all'))
    .addOption(
      new Option('--slice <slice>', 'small: a few series and short spans, to check the pipeline quickly')
        .choices(['full', 'small'])
        .default('full'),
    )
    .option('--output-dir <path>', 'models folder to write; the repository models/ by default')
    .addOption(
      new Option('--estimator <kind>', 'constant: a useless mean predictor that the gate must reject')
        .choices(['auto', 'constant'])
        .default('auto'),
    )
    .option('--version <version>', 'model version; the UTC time of the run by default')
    .option('--publish', 'copy the promoted versions to predictor.registry.s3_bucket after training')
    .option('--config <file>', 'YAML or JSON file overriding configs/default.yaml (for --publish)')
    .action(async (flags: TrainFlags) => {
      const root = dirname(dirname(defaultConfigPath()));
      const result = await runTraining({
        root,
        model: flags.model,
        slice: flags.slice,
        estimator: flags.estimator,
        ...(flags.outputDir === undefined ? {} : { outputDir: flags.outputDir }),
        ...(flags.version === undefined ? {} : { version: flags.version }),
        onLine: (line) => process.stderr.write(`${line}\n`),
      });
      setExitCode(result.exitCode);
      if (!result.passed || flags.publish !== true) {
        return;
      }
      const config = loadConfig({ env, ...(flags.config === undefined ? {} : { file: flags.config }) });
      const registries = createConfiguredRegistries(config);
      try {
        if (registries.remote === null) {
          throw new EaawasError('CONFIG_INVALID', '--publish needs predictor.registry.s3_bucket to be set');
        }
        const source = createLocalRegistry(flags.outputDir ?? join(root, 'models'));
        const models = flags.model === 'all' ? ['workload-cpu', 'carbon-intensity'] : [flags.model];
        const promoted = await publishPromoted(source, registries.remote, models);
        for (const [model, version] of Object.entries(promoted)) {
          process.stdout.write(`published ${model} ${version} to ${registries.remote.location}\n`);
        }
      } finally {
        registries.destroy();
      }
    });
}
