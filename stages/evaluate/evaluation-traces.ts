import { createHash } from 'node:crypto';
import { loadRegionSeries } from '../carbon/carbon-data.js';
import { cellReader } from '../energy/data/csv-cells.js';
import { readDataCsv } from '../energy/data/data-files.js';

export const UTILIZATION_FILE = 'utilization/azure_v1_vm_cpu_avg_5min_100vms.csv';
export const ARRIVALS_FILE = 'jobs/azure_v1_vm_arrivals_test_2100000-2591400s.csv';
export const DURATION_BINS_FILE = 'jobs/azure_v1_vm_duration_bins.csv';
/** Trace second of the first arrival in ARRIVALS_FILE; the simulation's time zero. */
export const ARRIVALS_START_S = 2_100_000;
export const STEP_S = 300;

/** One VM's CPU utilization, percent, one value per 300 s step from time zero. */
export interface UtilizationColumn {
  vm: string;
  percent: Float32Array;
}

/** One VM request of the arrivals trace, with the attributes the trace lacks assigned by hash. */
export interface TraceJob {
  id: string;
  /** Seconds after time zero. */
  arrivalS: number;
  vcpus: number;
  memoryBytes: number;
  durationS: number;
  priority: 'low' | 'medium' | 'high';
  /** Seconds after arrival by which the job must end; null for no deadline. */
  deadlineAfterS: number | null;
  regions: readonly string[];
}

export interface TraceOptions {
  dataDirectory: string;
  steps: number;
  /** Fraction of the trace's VMs kept, chosen by a hash of their position so runs repeat. */
  sampleFraction: number;
  regionSets: ReadonlyArray<readonly string[]>;
}

/** Reads the first `steps` rows of the per-VM utilization trace. */
export function loadUtilization(dataDirectory: string, steps: number): UtilizationColumn[] {
  const table = readDataCsv(dataDirectory, UTILIZATION_FILE);
  const vmColumns = table.header
    .map((name, index) => ({ name, index }))
    .filter((column) => column.name.startsWith('vm_'));
  const columns = vmColumns.map((column) => ({ vm: column.name, percent: new Float32Array(steps) }));
  table.rows.slice(0, steps).forEach((row, step) => {
    vmColumns.forEach((column, position) => {
      const value = Number(row.cells[column.index]);
      (columns[position] as UtilizationColumn).percent[step] = Number.isFinite(value) ? value : 0;
    });
  });
  return columns;
}

/**
 * Reads the arrivals trace from time zero for `steps` steps and expands each row's count into
 * jobs. The trace has sizes and lifetimes only, so priority, deadline and allowed regions are
 * assigned from a hash of the job id. A quarter are high priority without deadline. Half are
 * medium, with a deadline of twice the duration plus one hour. A quarter are low, with twelve
 * hours of slack. Regions are one of `regionSets`. A censored lifetime is taken at its bin's lower
 * bound.
 */
export function loadJobs(options: TraceOptions): TraceJob[] {
  const bins = new Map<number, { min: number; max: number }>();
  const binTable = readDataCsv(options.dataDirectory, DURATION_BINS_FILE);
  for (const row of binTable.rows) {
    const cells = cellReader(binTable, row);
    bins.set(cells.nonNegativeNumber('duration_bin'), {
      min: cells.nonNegativeNumber('min_duration_s'),
      max: cells.nonNegativeNumber('max_duration_s'),
    });
  }
  const table = readDataCsv(options.dataDirectory, ARRIVALS_FILE);
  const endS = options.steps * STEP_S;
  const jobs: TraceJob[] = [];
  table.rows.forEach((row, rowIndex) => {
    const cells = cellReader(table, row);
    const arrivalS = cells.nonNegativeNumber('arrival_s') - ARRIVALS_START_S;
    if (arrivalS < 0 || arrivalS >= endS) {
      return;
    }
    const bin = bins.get(cells.nonNegativeNumber('duration_bin')) ?? { min: STEP_S, max: STEP_S };
    const censored = cells.nonNegativeNumber('censored') === 1;
    const rawDuration = censored ? bin.min : (bin.min + bin.max) / 2;
    const durationS = Math.max(STEP_S, Math.round(rawDuration / STEP_S) * STEP_S);
    const count = cells.nonNegativeNumber('count');
    for (let copy = 0; copy < count; copy += 1) {
      const id = `job-${rowIndex}-${copy}`;
      const hash = hashFraction(id);
      if (hash >= options.sampleFraction) {
        continue;
      }
      const { priority, deadlineAfterS } = assignedUrgency(hashFraction(`${id}:attributes`), durationS);
      jobs.push({
        id,
        arrivalS,
        vcpus: cells.nonNegativeNumber('vcpus'),
        memoryBytes: Math.round(cells.nonNegativeNumber('memory_gb') * 2 ** 30),
        durationS,
        priority,
        deadlineAfterS,
        regions:
          options.regionSets[Math.floor(hashFraction(`${id}:regions`) * options.regionSets.length)] ?? [],
      });
    }
  });
  return jobs;
}

/**
 * Hourly direct grid intensity per region over the simulated span, from the region's first bundled
 * series, as a map from hour start (epoch ms) to g/kWh. Hours the file lacks are left out.
 */
export function loadCarbon(
  dataDirectory: string,
  regions: readonly string[],
  startMs: number,
  hours: number,
): Map<string, Map<number, number>> {
  const byRegion = new Map<string, Map<number, number>>();
  for (const region of regions) {
    const series = loadRegionSeries(dataDirectory, region);
    const hoursOfRegion = new Map<number, number>();
    for (let hour = 0; hour < hours; hour += 1) {
      const hourMs = startMs + hour * 3_600_000;
      const value = series?.values.get(hourMs);
      if (value !== undefined && value !== null) {
        hoursOfRegion.set(hourMs, value);
      }
    }
    byRegion.set(region, hoursOfRegion);
  }
  return byRegion;
}

function assignedUrgency(pick: number, durationS: number): Pick<TraceJob, 'priority' | 'deadlineAfterS'> {
  if (pick < 0.25) {
    return { priority: 'high', deadlineAfterS: null };
  }
  if (pick < 0.75) {
    return { priority: 'medium', deadlineAfterS: 2 * durationS + 3600 };
  }
  return { priority: 'low', deadlineAfterS: durationS + 12 * 3600 };
}

/** Maps a string to a number in [0, 1), the same on every run and machine. */
export function hashFraction(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}
