import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { createLocalRegistry } from '../models/registry/local-registry.js';
import {
  loadFeatureDocument,
  modelFeatureSpec,
  type ModelFeatureSpec,
} from '../stages/predictor/feature-spec.js';
import { computeFeatures } from '../stages/predictor/features.js';
import { createForecastModel, type ForecastModel } from '../stages/predictor/forecast-model.js';
import { parseModelCard } from '../stages/predictor/model-card.js';

export interface PredictorBenchmarkOptions {
  /** Repository root holding models/ and data/. */
  root: string;
  /** Model folder name, for example workload-cpu or carbon-intensity. */
  model: string;
  /** Registry folder; `<root>/models` when absent. */
  modelsDir?: string;
  /** Feature rows per onnxruntime run in the batch measurement. */
  batchSize: number;
  /** Rows inferred in the batch measurement. */
  batchRows: number;
  /** Rows inferred one run each in the single-row measurement. */
  singleRows: number;
  /** onnxruntime threads per run, as predictor.intra_op_threads. */
  intraOpThreads: number;
}

export interface PredictorBenchmarkResult {
  model: string;
  version: string;
  features: number;
  horizons: number;
  batchSize: number;
  intraOpThreads: number;
  /** Feature rows per second through one run of `batchSize` rows at a time. */
  batchRowsPerSecond: number;
  /** Feature rows per second with one run per row, as a predictor fed one record at a time. */
  singleRowsPerSecond: number;
  /** Feature computation alone (TypeScript), rows per second. */
  featureRowsPerSecond: number;
}

/** Histories of real CPU utilization from the bundled Azure trace, one per VM column and offset. */
async function realHistories(root: string, spec: ModelFeatureSpec, count: number): Promise<number[][]> {
  const text = await readFile(join(root, 'data/utilization/azure_v1_vm_cpu_avg_5min_100vms.csv'), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .slice(1, 1 + 4 * spec.history_windows)
    .map((line) => line.split(',').map(Number));
  const histories: number[][] = [];
  for (let index = 0; histories.length < count; index += 1) {
    const column = 2 + (index % 100);
    const offset = Math.floor(index / 100) % (3 * spec.history_windows);
    histories.push(
      rows.slice(offset, offset + spec.history_windows).map((values) => values[column] as number),
    );
  }
  return histories;
}

async function timeRows(rows: number, run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return rows / ((performance.now() - started) / 1000);
}

/**
 * Measures inference throughput of the promoted version of one model with onnxruntime-node:
 * rows per second in batches and one row per run, after a warm-up run. Feature rows come from
 * the real utilization trace through the predictor's own feature code.
 */
export async function runPredictorBenchmark(
  options: PredictorBenchmarkOptions,
): Promise<PredictorBenchmarkResult> {
  const document = await loadFeatureDocument(join(options.root, 'models/features.json'));
  const spec = modelFeatureSpec(document, options.model);
  const registry = createLocalRegistry(options.modelsDir ?? join(options.root, 'models'));
  const pointer = await registry.promoted(options.model);
  if (pointer === null) {
    throw new Error(
      `model ${options.model} has no promoted version in ${registry.location}; run npm run train first`,
    );
  }
  const artifacts = await registry.fetch(options.model, pointer.version);
  const card = parseModelCard(artifacts.card, `${options.model}/${pointer.version}/card.json`);
  const model: ForecastModel = await createForecastModel({
    onnx: artifacts.onnx,
    card,
    spec,
    intraOpThreads: options.intraOpThreads,
  });
  try {
    const histories = await realHistories(
      options.root,
      spec,
      Math.max(options.batchRows, options.singleRows),
    );
    const endTimeS = 1_733_300_000;
    let rows = histories.slice(0, 100).map((history) => computeFeatures(spec, history, endTimeS));
    const featureRowsPerSecond = await timeRows(histories.length, () => {
      rows = histories.map((history) => computeFeatures(spec, history, endTimeS));
      return Promise.resolve();
    });
    await model.predict(rows.slice(0, options.batchSize));

    const batchRowsPerSecond = await timeRows(options.batchRows, async () => {
      for (let start = 0; start < options.batchRows; start += options.batchSize) {
        await model.predict(rows.slice(start, Math.min(start + options.batchSize, options.batchRows)));
      }
    });
    const singleRowsPerSecond = await timeRows(options.singleRows, async () => {
      for (let index = 0; index < options.singleRows; index += 1) {
        await model.predict([rows[index] as number[]]);
      }
    });
    return {
      model: options.model,
      version: pointer.version,
      features: spec.features.length,
      horizons: card.horizons_s.length,
      batchSize: options.batchSize,
      intraOpThreads: options.intraOpThreads,
      batchRowsPerSecond,
      singleRowsPerSecond,
      featureRowsPerSecond,
    };
  } finally {
    await model.release();
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .name('predictor-throughput')
    .description('Measure onnxruntime-node inference rows per second of the promoted forecasting models.')
    .option('--model <name>', 'model folder in models/, or all', 'all')
    .option('--batch-size <rows>', 'feature rows per onnxruntime run in the batch measurement', '500')
    .option('--batch-rows <rows>', 'rows inferred in the batch measurement', '20000')
    .option('--single-rows <rows>', 'rows inferred one run each', '2000')
    .option('--threads <count>', 'onnxruntime threads per run', '1')
    .option('--models-dir <path>', 'registry folder', 'models')
    .parse();
  const raw = program.opts<{
    model: string;
    batchSize: string;
    batchRows: string;
    singleRows: string;
    threads: string;
    modelsDir: string;
  }>();
  const models = raw.model === 'all' ? ['workload-cpu', 'carbon-intensity'] : [raw.model];
  for (const model of models) {
    const result = await runPredictorBenchmark({
      root: process.cwd(),
      model,
      modelsDir: raw.modelsDir,
      batchSize: Number(raw.batchSize),
      batchRows: Number(raw.batchRows),
      singleRows: Number(raw.singleRows),
      intraOpThreads: Number(raw.threads),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `predictor benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
