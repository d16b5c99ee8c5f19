import { cellReader } from './data/csv-cells.js';
import { dataError, type CsvTable } from './data/csv-table.js';

/** Watts per unit (vCPU or GPU) at idle and at full load; the curve between is a straight line. */
export interface LinearWatts {
  idle: number;
  full: number;
}

/**
 * Coefficients of the `default` tier, used when neither the type, its family nor its architecture
 * is in the measured table. All come from Cloud Carbon Footprint's AWS constants and its table of
 * watts by microarchitecture (data/power/ccf_app_aws_*.csv).
 */
export interface DefaultCoefficients {
  /** CCF's average CPU line (MIN_WATTS_AVG, MAX_WATTS_AVG), W per vCPU. */
  cpuPerVcpu: LinearWatts;
  /** Lowest idle and lowest full-load W per vCPU over the CPU microarchitectures. */
  cpuPerVcpuLower: LinearWatts;
  /** Highest idle and highest full-load W per vCPU over the CPU microarchitectures. */
  cpuPerVcpuUpper: LinearWatts;
  /** CCF's memory coefficient MEMORY_COEFFICIENT, W per GB (0.000392 kWh per GB-hour). */
  memoryWattsPerGb: number;
  /** Mean idle and full-load W per GPU over CCF's GPU rows. */
  gpuPerGpu: LinearWatts;
  gpuPerGpuLower: LinearWatts;
  gpuPerGpuUpper: LinearWatts;
}

/**
 * Builds the default coefficients from ccf_app_aws_constants.csv and
 * ccf_app_aws_watts_by_microarchitecture.csv.
 * @throws ValidationError (DATA_INVALID) when a constant is missing or a cell is not a number.
 */
export function parseDefaultCoefficients(
  constants: CsvTable,
  microarchitectures: CsvTable,
): DefaultCoefficients {
  const constant = (name: string): number => {
    const row = constants.rows.find((candidate) => candidate.cells[0] === name);
    if (row === undefined) {
      throw dataError(constants.file, 1, 1, `missing constant ${name}`);
    }
    return cellReader(constants, row).nonNegativeNumber('value');
  };

  const cpu: LinearWatts[] = [];
  const gpu: LinearWatts[] = [];
  for (const row of microarchitectures.rows) {
    const cells = cellReader(microarchitectures, row);
    if (cells.text('processor').startsWith('(average')) {
      continue;
    }
    const watts = { idle: cells.nonNegativeNumber('min_watts'), full: cells.nonNegativeNumber('max_watts') };
    (cells.text('kind') === 'GPU' ? gpu : cpu).push(watts);
  }
  if (cpu.length === 0 || gpu.length === 0) {
    throw dataError(microarchitectures.file, 1, 1, 'expected at least one CPU row and one GPU row');
  }

  return {
    cpuPerVcpu: { idle: constant('MIN_WATTS_AVG'), full: constant('MAX_WATTS_AVG') },
    cpuPerVcpuLower: extreme(cpu, Math.min),
    cpuPerVcpuUpper: extreme(cpu, Math.max),
    memoryWattsPerGb: constant('MEMORY_COEFFICIENT') * 1000,
    gpuPerGpu: { idle: mean(gpu.map((g) => g.idle)), full: mean(gpu.map((g) => g.full)) },
    gpuPerGpuLower: extreme(gpu, Math.min),
    gpuPerGpuUpper: extreme(gpu, Math.max),
  };
}

function extreme(rows: LinearWatts[], pick: (...values: number[]) => number): LinearWatts {
  return { idle: pick(...rows.map((row) => row.idle)), full: pick(...rows.map((row) => row.full)) };
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
