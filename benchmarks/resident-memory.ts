import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';
import { Registry } from 'prom-client';

import { systemClock } from '../pipeline/runner/clock.js';
import { startStage, type RunningComponent } from '../pipeline/runner/stage-runner.js';
import { stageGroupId, topicNames } from '../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../pipeline/transport/create-topics.js';
import { createTransport } from '../pipeline/transport/create-transport.js';
import type { Consumer } from '../pipeline/transport/transport.js';
import { energySchema } from '../schemas/definitions/energy.js';
import { aggregateChangelogTopic, aggregateStage } from '../stages/aggregate/aggregate-stage.js';
import { energyStage } from '../stages/energy/energy-stage.js';
import { EnergyState } from '../stages/energy/energy-state.js';
import { benchTopicPrefix, loadBenchConfig, type TransportKind } from './bench-config.js';
import { benchInventory, benchSamples, keyedRecords, sendInChunks } from './bench-fixtures.js';
import { topicRecordCount, waitForCommitted } from './topic-progress.js';

export interface ResidentMemoryOptions {
  transport: TransportKind;
  brokers?: string;
  resources: number;
  /** Sample steps of 60 s per resource. */
  steps: number;
  timeoutMs: number;
}

export interface ResidentMemoryResult {
  transport: TransportKind;
  resources: number;
  samples: number;
  /** RSS after start-up and the first garbage collection, before any topic exists, in MiB. */
  baselineRssMiB: number;
  /** Highest RSS seen while the samples flowed (sampled every 100 ms), in MiB. */
  peakRssMiB: number;
  /** RSS after everything was committed and materialized and a garbage collection ran, in MiB. */
  settledRssMiB: number;
  settledHeapUsedMiB: number;
  /** Resources in the materialized energy state at the end. */
  materializedResources: number;
}

const MIB = 1024 * 1024;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Measures the resident memory of one process running the aggregate and energy stages under the
 * stage runner, plus an energy state materialized from the energy topic as the API keeps it, while
 * `resources` resources send `steps` samples each. Run it in a fresh process
 * (measureResidentMemoryInChild) so earlier work does not count. On the embedded transport the RSS
 * includes the in-memory log, which keeps every record of every topic.
 */
export async function runResidentMemory(options: ResidentMemoryOptions): Promise<ResidentMemoryResult> {
  const prefix = benchTopicPrefix('memory');
  const config = loadBenchConfig(options.transport, options.brokers, prefix);
  const logger = pino({ level: config.logging.level }, pino.destination(2));
  const registry = new Registry();
  const transport = createTransport(config, { logger, registry, clientName: 'bench-memory' });
  const topics = topicNames(prefix);
  const stages: RunningComponent[] = [];
  let reader: Consumer | undefined;
  collectGarbage();
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 100);
  await transport.connect();
  try {
    await createPipelineTopics(transport, config);
    const producer = await transport.producer();
    await sendInChunks(
      producer,
      topics.inventory,
      keyedRecords(benchInventory(options.resources, Date.now()), (item) => item.resource_id),
    );
    const state = new EnergyState(config.energy.state.history_windows);
    let applied = 0;
    reader = transport.consumer({
      groupId: `${prefix}bench.energy-state`,
      topics: [topics.energy],
      fromBeginning: true,
    });
    await reader.run((batch) => {
      for (const record of batch.records) {
        if (record.value !== null) {
          state.apply(energySchema.parse(JSON.parse(record.value.toString('utf8'))));
          applied += 1;
        }
      }
      return Promise.resolve();
    });
    const context = { config, topics, logger, registry, transport, clock: systemClock };
    stages.push(await startStage(energyStage, context), await startStage(aggregateStage, context));

    const samples = keyedRecords(
      benchSamples(options.resources, options.steps),
      (sample) => sample.resource_id,
    );
    await sendInChunks(producer, topics.samples, samples);
    await waitForCommitted(
      transport,
      stageGroupId(prefix, aggregateStage.name),
      topics.samples,
      samples.length,
      options.timeoutMs,
    );
    const windows = await topicRecordCount(transport, topics.aggregates);
    await waitForCommitted(
      transport,
      stageGroupId(prefix, energyStage.name),
      topics.aggregates,
      windows,
      options.timeoutMs,
    );
    const energyRecords = await topicRecordCount(transport, topics.energy);
    const deadline = Date.now() + options.timeoutMs;
    while (applied < energyRecords) {
      if (Date.now() > deadline) {
        throw new Error(
          `the energy state applied ${applied} of ${energyRecords} records within ${options.timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    collectGarbage();
    const usage = process.memoryUsage();
    return {
      transport: options.transport,
      resources: options.resources,
      samples: samples.length,
      baselineRssMiB: baselineRss / MIB,
      peakRssMiB: peakRss / MIB,
      settledRssMiB: usage.rss / MIB,
      settledHeapUsedMiB: usage.heapUsed / MIB,
      materializedResources: state.resourceIds().length,
    };
  } finally {
    clearInterval(sampler);
    await reader?.close();
    await Promise.allSettled(stages.map((stage) => stage.stop()));
    if (options.transport === 'kafka') {
      await transport.admin().deleteTopics([...Object.values(topics), aggregateChangelogTopic(prefix)]);
    }
    await transport.close();
  }
}

/**
 * Runs runResidentMemory in a new Node process with `--expose-gc`, so the figures hold only that
 * run, and returns its result.
 * @throws Error with the child's standard error when it exits non-zero
 */
export function measureResidentMemoryInChild(options: ResidentMemoryOptions): Promise<ResidentMemoryResult> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1);
      if (code !== 0 || last === undefined || last === '') {
        reject(
          new Error(
            `memory benchmark process exited with code ${code}: ${stderr.trim().split('\n').slice(-10).join('\n')}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(last) as ResidentMemoryResult);
    });
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runResidentMemory(JSON.parse(process.argv[2] ?? '{}') as ResidentMemoryOptions).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(
        `memory benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
