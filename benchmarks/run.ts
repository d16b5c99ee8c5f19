import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';

import { runPredictorBenchmark } from './predictor-throughput.js';
import type { TransportKind } from './bench-config.js';
import { benchSamples } from './bench-fixtures.js';
import { runBrokerRestartStress, type BrokerRestartStressResult } from './broker-restart-stress.js';
import { runDecisionLatency } from './decision-latency.js';
import { createLocalBroker, repositoryRoot, type LocalBroker } from './local-broker.js';
import { machineInfo } from './machine-info.js';
import { runPipelineThroughput } from './pipeline-throughput.js';
import { measureResidentMemoryInChild } from './resident-memory.js';
import { formatConsoleReport, formatMarkdownReport, type ResultRow } from './results-report.js';
import {
  measureEmbeddedCeiling,
  measureEmbeddedLatencyCeiling,
  measureKafkaCeiling,
  measureKafkaLatencyCeiling,
} from './transport-ceiling.js';

/** Port and data folder of the broker the benchmark starts, apart from the development broker on 9092. */
const BENCH_BROKER = { port: 29092, dataDir: '.cache/kafka/bench' };

interface RunOptions {
  brokers?: string;
  resources: number;
  steps: number;
  rate: number;
  durationS: number;
  memoryResources: number;
  memorySteps: number;
  stressResources: number;
  stressRequests: number;
  stress: boolean;
  output: string;
  write: boolean;
  timeoutMs: number;
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Adds the rows of one transport and returns its produce-and-consume ceiling in records per second. */
async function measureTransport(
  transport: TransportKind,
  brokers: string | undefined,
  options: RunOptions,
  rows: ResultRow[],
): Promise<number> {
  const sampleBytes = Buffer.byteLength(JSON.stringify(benchSamples(1, 1)[0]));
  const samples = options.resources * options.steps;
  const ceilingLabel = transport === 'kafka' ? 'kafkajs' : 'embedded log';

  progress(`${transport}: transport ceiling, ${samples} records of ${sampleBytes} bytes`);
  const ceilingOptions = {
    messages: samples,
    messageBytes: sampleBytes,
    partitions: 6,
    produceBatch: 5_000,
    timeoutMs: options.timeoutMs,
    ...(brokers === undefined ? {} : { brokers }),
  };
  const ceiling =
    transport === 'kafka'
      ? await measureKafkaCeiling(ceilingOptions)
      : await measureEmbeddedCeiling(ceilingOptions);

  progress(`${transport}: samples through aggregate, anomaly and energy`);
  const pipeline = await runPipelineThroughput({
    transport,
    ...(brokers === undefined ? {} : { brokers }),
    resources: options.resources,
    steps: options.steps,
    timeoutMs: options.timeoutMs,
  });
  rows.push({
    figure: 'samples through aggregate → anomaly → energy',
    transport,
    value: pipeline.samplesPerSecond,
    unit: 'samples/s',
    ceiling: ceiling.messagesPerSecond,
    ceilingLabel: `${ceilingLabel} produce+consume`,
  });

  progress(
    `${transport}: request-to-decision latency at ${options.rate} requests/s for ${options.durationS} s`,
  );
  const latency = await runDecisionLatency({
    transport,
    ...(brokers === undefined ? {} : { brokers }),
    ratePerSecond: options.rate,
    durationS: options.durationS,
    resources: 50,
    timeoutMs: options.timeoutMs,
  });
  const latencyCeilingOptions = {
    ratePerSecond: options.rate,
    durationS: options.durationS,
    messageBytes: latency.requestBytes,
    partitions: 6,
    timeoutMs: options.timeoutMs,
    ...(brokers === undefined ? {} : { brokers }),
  };
  progress(`${transport}: one-hop latency ceiling`);
  const latencyCeiling =
    transport === 'kafka'
      ? await measureKafkaLatencyCeiling(latencyCeilingOptions)
      : await measureEmbeddedLatencyCeiling(latencyCeilingOptions);
  const statuses = Object.entries(latency.statuses)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  rows.push({
    figure: `request → decision p50 (${statuses})`,
    transport,
    value: latency.p50Ms,
    unit: 'ms',
    ceiling: latencyCeiling.p50Ms,
    ceilingLabel: `${ceilingLabel} one hop`,
  });
  rows.push({
    figure: 'request → decision p99',
    transport,
    value: latency.p99Ms,
    unit: 'ms',
    ceiling: latencyCeiling.p99Ms,
    ceilingLabel: `${ceilingLabel} one hop`,
  });

  progress(`${transport}: resident memory with ${options.memoryResources} resources`);
  const memory = await measureResidentMemoryInChild({
    transport,
    ...(brokers === undefined ? {} : { brokers }),
    resources: options.memoryResources,
    steps: options.memorySteps,
    timeoutMs: options.timeoutMs,
  });
  rows.push({
    figure: `RSS peak, ${memory.resources} resources (aggregate + energy + energy state)`,
    transport,
    value: memory.peakRssMiB,
    unit: 'MiB',
    ceiling: null,
    ceilingLabel: '',
  });
  rows.push({
    figure: `RSS settled after GC (baseline ${memory.baselineRssMiB.toFixed(0)} MiB)`,
    transport,
    value: memory.settledRssMiB,
    unit: 'MiB',
    ceiling: null,
    ceilingLabel: '',
  });

  return ceiling.messagesPerSecond;
}

/** Adds the predictor rows; a model that cannot be loaded becomes a note instead of failing the run. */
async function measurePredictor(
  root: string,
  kafkaCeiling: number,
  rows: ResultRow[],
  notes: string[],
): Promise<void> {
  for (const model of ['workload-cpu', 'carbon-intensity']) {
    progress(`predictor: ${model}`);
    let result;
    try {
      result = await runPredictorBenchmark({
        root,
        model,
        batchSize: 500,
        batchRows: 20_000,
        singleRows: 2_000,
        intraOpThreads: 1,
      });
    } catch (error) {
      notes.push(
        `Predictor ${model} not measured: ${error instanceof Error ? error.message : String(error)}.`,
      );
      continue;
    }
    rows.push({
      figure: `predictor ${model} ${result.version}, batches of ${result.batchSize}`,
      transport: 'onnxruntime',
      value: result.batchRowsPerSecond,
      unit: 'rows/s',
      ceiling: kafkaCeiling,
      ceilingLabel: 'kafkajs produce+consume',
    });
    rows.push({
      figure: `predictor ${model} ${result.version}, one row per run`,
      transport: 'onnxruntime',
      value: result.singleRowsPerSecond,
      unit: 'rows/s',
      ceiling: kafkaCeiling,
      ceilingLabel: 'kafkajs produce+consume',
    });
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench')
    .description(
      'Measure EAAWAS on the embedded transport and on a Kafka broker against the raw client ceiling, and write BENCHMARKS.md.',
    )
    .option(
      '--brokers <list>',
      'use this Kafka cluster (host:port[,host:port]) instead of starting a broker on 127.0.0.1:29092; skips the restart stress',
    )
    .option('--resources <count>', 'resources in the throughput run', '500')
    .option('--steps <count>', 'samples per resource in the throughput run (60 s apart)', '40')
    .option('--rate <per-second>', 'workload requests per second in the latency run', '20')
    .option('--duration <seconds>', 'length of the latency run in seconds', '15')
    .option('--memory-resources <count>', 'resources in the memory run', '10000')
    .option('--memory-steps <count>', 'samples per resource in the memory run', '5')
    .option('--stress-resources <count>', 'resources in the broker restart stress', '300')
    .option('--stress-requests <count>', 'workload requests in the broker restart stress', '1000')
    .option('--no-stress', 'skip the broker restart stress')
    .option('--output <file>', 'where to write the report', 'BENCHMARKS.md')
    .option('--no-write', 'print the report without writing the file')
    .option('--timeout-ms <ms>', 'limit for each measurement to finish', '600000')
    .parse();
  const raw = program.opts<Record<string, string | boolean | undefined>>();
  const options: RunOptions = {
    ...(typeof raw.brokers === 'string' ? { brokers: raw.brokers } : {}),
    resources: Number(raw.resources),
    steps: Number(raw.steps),
    rate: Number(raw.rate),
    durationS: Number(raw.duration),
    memoryResources: Number(raw.memoryResources),
    memorySteps: Number(raw.memorySteps),
    stressResources: Number(raw.stressResources),
    stressRequests: Number(raw.stressRequests),
    stress: raw.stress !== false,
    output: String(raw.output),
    write: raw.write !== false,
    timeoutMs: Number(raw.timeoutMs),
  };
  const root = repositoryRoot();
  const machine = machineInfo(root);
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  let stress: BrokerRestartStressResult | null = null;
  const broker: LocalBroker | null = options.brokers === undefined ? createLocalBroker(BENCH_BROKER) : null;

  await measureTransport('embedded', undefined, options, rows);
  try {
    if (broker !== null) {
      progress(`starting the benchmark broker on 127.0.0.1:${BENCH_BROKER.port}`);
      await broker.start();
    }
    const brokers = options.brokers ?? broker!.brokers;
    const kafkaCeiling = await measureTransport('kafka', brokers, options, rows);
    await measurePredictor(root, kafkaCeiling, rows, notes);
    if (broker !== null && options.stress) {
      progress(
        `broker restart stress: ${options.stressResources} resources, ${options.stressRequests} requests`,
      );
      stress = await runBrokerRestartStress({
        broker,
        resources: options.stressResources,
        steps: 10,
        requests: options.stressRequests,
        chunkRecords: 100,
        timeoutMs: options.timeoutMs,
      });
    }
  } finally {
    if (broker !== null) {
      progress('stopping the benchmark broker');
      await broker.stop();
    }
  }

  const report = {
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(
      ' ',
    ),
    machine,
    rows,
    stress,
    notes,
    settings: settingsLines(options),
  };
  process.stdout.write(formatConsoleReport(report));
  if (options.write) {
    await writeFile(join(root, options.output), formatMarkdownReport(report));
    progress(`wrote ${options.output}`);
  }
}

function settingsLines(options: RunOptions): string[] {
  return [
    `Throughput: ${options.resources} resources × ${options.steps} CPU samples 60 s apart (${options.resources * options.steps} samples), 6 partitions, runner.max_batch_records 500, default config otherwise. The three stages start and their groups settle first; the time runs from the first sample sent until aggregate, anomaly and energy have committed all input (commits polled every 20 ms). The ceiling produces the same number of records of the sample's encoded size in batches of 5,000 and consumes them in one group.`,
    `Latency: ${options.rate} requests/s for ${options.durationS} s, each timed from just before its send until its decision arrives through a consumer of the decisions topic; the allocator has 50 running instances with fresh forecasts and 73 hours of carbon per region. The ceiling sends records of the request's size one per send at the same rate and times them to a consumer: one hop, where a decision takes two plus the allocator's work.`,
    `Memory: a fresh Node process (--expose-gc) runs the aggregate and energy stages under the runner plus an energy state materialized from the energy topic, with ${options.memoryResources} resources × ${options.memorySteps} samples; RSS sampled every 100 ms. On the embedded transport the RSS includes the in-memory log, which holds every record of every topic, changelogs included.`,
    'Predictor: onnxruntime-node with 1 intra-op thread on features computed from the bundled Azure utilization trace (benchmarks/predictor-throughput.ts): 20,000 rows in runs of 500, then 2,000 rows one run each.',
    `Stress: ${options.stressResources} resources × 10 samples and ${options.stressRequests} requests in chunks of 100, the broker stopped and started after a third of the chunks, aggregate and allocator under the runner with runner.retry of 20 attempts capped at 5 s (benchmarks/broker-restart-stress.ts; the test command runs it small in tests/integration/stress).`,
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
