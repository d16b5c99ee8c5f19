import { readFileSync } from 'node:fs';
import { ValidationError } from '../../pipeline/errors/eaawas-error.js';
import { parseCsv } from '../energy/data/csv-table.js';

/** Seconds between two rows of the bundled utilization trace. */
export const TRACE_STEP_S = 300;

/** One 5-minute step of the trace: its offset and one value per VM column, null where missing. */
export interface TraceStep {
  offsetS: number;
  values: Array<number | null>;
}

/** The utilization trace: VM column names and the steps in offset order. */
export interface UtilizationTrace {
  vmColumns: string[];
  steps: TraceStep[];
  /** Offset one step past the last row, in seconds. */
  endOffsetS: number;
}

/** Parses a cell; an empty cell, `NaN` or any non-number stays missing rather than becoming 0. */
function cellValue(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') {
    return null;
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Reads a trace CSV with columns `step`, `offset_s` and one column per VM (average CPU percent in
 * each 5-minute interval), keeping the rows whose offset lies in [fromOffsetS, toOffsetS).
 * @throws ValidationError (DATA_INVALID) when the header or an offset is malformed.
 */
export function loadUtilizationTrace(
  path: string,
  fromOffsetS = 0,
  toOffsetS = Number.POSITIVE_INFINITY,
): UtilizationTrace {
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const header = table.header;
  if (header[0] !== 'step' || header[1] !== 'offset_s' || header.length < 3) {
    throw new ValidationError(
      'DATA_INVALID',
      `${path} must start with the columns step,offset_s,<vm columns>.`,
      [],
    );
  }
  const vmColumns = header.slice(2);
  const steps: TraceStep[] = [];
  let endOffsetS = 0;
  for (const { line, cells } of table.rows) {
    const offsetS = Number(cells[1]);
    if (!Number.isInteger(offsetS) || offsetS < 0) {
      throw new ValidationError('DATA_INVALID', `${path} line ${line}: invalid offset_s "${cells[1]}".`, []);
    }
    endOffsetS = Math.max(endOffsetS, offsetS + TRACE_STEP_S);
    if (offsetS < fromOffsetS || offsetS >= toOffsetS) {
      continue;
    }
    steps.push({ offsetS, values: vmColumns.map((_, column) => cellValue(cells[column + 2])) });
  }
  return { vmColumns, steps, endOffsetS };
}
