import { readFileSync } from 'node:fs';
import { ValidationError } from '../../pipeline/errors/eaawas-error.js';
import { parseCsv } from '../energy/data/csv-table.js';

/** One row of the VM arrival trace: `count` identical VMs created in one 5-minute bin. */
export interface VmArrival {
  /** 0-based data row of the file; part of the request ids. */
  row: number;
  arrivalS: number;
  tenantBatch: number;
  vcpus: number;
  memoryGb: number;
  durationBin: number;
  censored: boolean;
  count: number;
}

/** Lifetime bounds of one duration bin, in seconds, both inclusive. */
export interface DurationBin {
  minS: number;
  maxS: number;
}

function numberCell(path: string, row: number, name: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) {
    throw new ValidationError(
      'DATA_INVALID',
      `${path} data row ${row + 1}: column ${name} is not a number ("${text}").`,
      [],
    );
  }
  return value;
}

/**
 * Reads an arrivals file (arrival_s, tenant_batch, vcpus, memory_gb, duration_bin, censored, count).
 * @throws ValidationError (DATA_INVALID) on a missing column or a non-numeric cell.
 */
export function loadVmArrivals(path: string): VmArrival[] {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const names = [
    'arrival_s',
    'tenant_batch',
    'vcpus',
    'memory_gb',
    'duration_bin',
    'censored',
    'count',
  ] as const;
  const columns = names.map((name) => {
    const index = table.header.indexOf(name);
    if (index < 0) {
      throw new ValidationError('DATA_INVALID', `${path} has no column ${name}.`, []);
    }
    return index;
  });
  return table.rows.map(({ cells }, row) => {
    const [arrivalS, tenantBatch, vcpus, memoryGb, durationBin, censored, count] = columns.map(
      (column, index) => numberCell(path, row, names[index] as string, cells[column]),
    ) as [number, number, number, number, number, number, number];
    return { row, arrivalS, tenantBatch, vcpus, memoryGb, durationBin, censored: censored === 1, count };
  });
}

/** Reads the duration bins file (duration_bin, min_duration_s, max_duration_s). */
export function loadDurationBins(path: string): Map<number, DurationBin> {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const [binColumn, minColumn, maxColumn] = ['duration_bin', 'min_duration_s', 'max_duration_s'].map((name) =>
    table.header.indexOf(name),
  ) as [number, number, number];
  if (binColumn < 0 || minColumn < 0 || maxColumn < 0) {
    throw new ValidationError(
      'DATA_INVALID',
      `${path} needs the columns duration_bin, min_duration_s, max_duration_s.`,
      [],
    );
  }
  const bins = new Map<number, DurationBin>();
  table.rows.forEach(({ cells }, row) => {
    bins.set(numberCell(path, row, 'duration_bin', cells[binColumn]), {
      minS: numberCell(path, row, 'min_duration_s', cells[minColumn]),
      maxS: numberCell(path, row, 'max_duration_s', cells[maxColumn]),
    });
  });
  return bins;
}
