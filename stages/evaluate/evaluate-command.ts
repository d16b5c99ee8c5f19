import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../../pipeline/config/load-config.js';
import { resolveDataDirectory } from '../energy/data/data-files.js';
import { loadEnergyModelFromData } from '../allocator/energy-model-adapter.js';
import { createAllocatorPolicy } from './allocator-policy.js';
import { createBaselinePolicies } from './baseline-policies.js';
import { hashFraction, loadCarbon, loadJobs, loadUtilization, STEP_S } from './evaluation-traces.js';
import { formatResults } from './format-results.js';
import { runSimulation, type FleetMember, type PolicyResult } from './simulation.js';

/**
 * Regions of the simulated fleet and of the requests. Their 2023 grids average about 320 (PJM),
 * 310 (Germany), 130 (Great Britain) and 3 (Sweden SE3) gCO2e per kWh.
 */
export const EVALUATION_REGIONS = ['us-east-1', 'eu-central-1', 'eu-west-2', 'eu-north-1'] as const;

/** Allowed-region sets assigned to requests, so some are pinned where carbon is high (data residency). */
export const REGION_SETS: ReadonlyArray<readonly string[]> = [
  ['us-east-1'],
  ['eu-central-1', 'eu-west-2'],
  ['us-east-1', 'eu-central-1', 'eu-west-2', 'eu-north-1'],
];

/** Instance types of the trace VMs, assigned by hash: the Azure trace does not name sizes. */
const FLEET_TYPES = ['m5.xlarge', 'm5.2xlarge', 'c5.xlarge'] as const;

export interface EvaluateOptions {
  config?: string;
  start: string;
  days: number;
  sampleFraction: number;
  format: 'table' | 'markdown' | 'json';
}

/**
 * Runs the evaluation: the real utilization, carbon and request traces through the allocator's
 * policy, the same policy without carbon, and the baselines, as a pure simulation without a broker.
 * @returns the results, one per policy, in the order printed.
 */
export function evaluatePolicies(
  options: EvaluateOptions,
  env: Record<string, string | undefined>,
): { results: PolicyResult[]; description: string } {
  const config = loadConfig({ env, ...(options.config === undefined ? {} : { file: options.config }) });

  const dataDirectory = resolveDataDirectory(config.energy.data_dir);
  const startMs = Date.parse(options.start);
  if (Number.isNaN(startMs) || startMs % 3_600_000 !== 0) {
    throw new InvalidArgumentError(
      `--start "${options.start}" must be a UTC hour such as 2023-03-06T00:00:00Z`,
    );
  }
  const steps = Math.round((options.days * 86_400) / STEP_S);

  const model = loadEnergyModelFromData(dataDirectory, config.energy.pue);
  const utilization = loadUtilization(dataDirectory, steps);
  const fleet: FleetMember[] = utilization.map((column, index) => ({
    column,
    instanceType:
      FLEET_TYPES[Math.floor(hashFraction(`${column.vm}:type`) * FLEET_TYPES.length)] ?? 'm5.xlarge',
    region: EVALUATION_REGIONS[index % EVALUATION_REGIONS.length] ?? 'us-east-1',
  }));
  const jobs = loadJobs({
    dataDirectory,
    steps,
    sampleFraction: options.sampleFraction,
    regionSets: REGION_SETS,
  });
  const carbon = loadCarbon(dataDirectory, EVALUATION_REGIONS, startMs, Math.ceil(steps / 12) + 1);
  const inputs = {
    startMs,
    steps,
    fleet,
    jobs,
    carbon,
    model,
    catalog: config.allocator.catalog_instance_types,
    maxUtilizationPercent: config.allocator.max_utilization_percent,
    wattsPerVcpu: config.sources.replay.workload.watts_per_vcpu,
  };

  const policies = [
    createAllocatorPolicy('eaawas (carbon-aware)', config.allocator, EVALUATION_REGIONS),
    createAllocatorPolicy(
      'eaawas without carbon',
      { ...config.allocator, carbon_aware: false },
      EVALUATION_REGIONS,
    ),
    ...createBaselinePolicies(),
  ];
  const results = policies.map((policy) => runSimulation(policy, inputs));
  const endIso = new Date(startMs + steps * STEP_S * 1000).toISOString();
  const description =
    `${options.days} days (${steps} steps of ${STEP_S} s) from ${new Date(startMs).toISOString()} to ${endIso}; ` +
    `${fleet.length} trace VMs in ${EVALUATION_REGIONS.join(', ')}; ${jobs.length} requests (sample fraction ${options.sampleFraction})`;
  return { results, description };
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`"${text}" must be a positive number`);
  }
  return value;
}

/** Defines `eaawas evaluate`. */
export function createEvaluateCommand(env: Record<string, string | undefined>): Command {
  return new Command('evaluate')
    .description(
      'Replay the utilization, carbon and request traces through the allocator and baseline policies (no broker needed).',
    )
    .option('--config <file>', 'YAML or JSON file overriding configs/default.yaml')
    .option(
      '--start <utc-hour>',
      'UTC hour of the carbon series that the trace starts at',
      '2023-03-06T00:00:00Z',
    )
    .option('--days <days>', 'simulated span in days (the request trace covers 5.6)', positiveNumber, 5)
    .option(
      '--sample-fraction <fraction>',
      'fraction of the trace VM requests replayed',
      positiveNumber,
      0.002,
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'markdown', 'json'])
        .default('table'),
    )
    .action((flags: EvaluateOptions) => {
      const { results, description } = evaluatePolicies(flags, env);
      process.stdout.write(formatResults(results, description, flags.format));
    });
}
