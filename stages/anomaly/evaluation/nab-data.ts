import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';

/** Unit of a NAB series: CPU in percent, network and disk in bytes, ELB requests as a count. */
export type SeriesUnit = 'percent' | 'bytes' | 'count';

/** One labeled NAB series: its points and its anomaly windows, all in epoch milliseconds. */
export interface LabeledSeries {
  name: string;
  unit: SeriesUnit;
  timesMs: number[];
  values: number[];
  windows: Array<{ startMs: number; endMs: number }>;
}

const LABEL_PREFIX = 'realAWSCloudwatch/';

/**
 * Parses a NAB timestamp (`2014-02-14 14:30:00`, optionally with fractional seconds). NAB records
 * local time without a zone; it is read as UTC, which shifts every point of a series equally.
 */
export function parseNabTimestamp(text: string): number {
  const parsed = Date.parse(`${text.trim().replace(' ', 'T')}Z`);
  if (Number.isNaN(parsed)) {
    throw new EaawasError(
      'DATA_INVALID',
      `invalid NAB timestamp ${JSON.stringify(text)}; expected YYYY-MM-DD HH:MM:SS`,
    );
  }
  return parsed;
}

/** Reads one NAB CSV (header `timestamp,value`). */
export function readSeriesCsv(path: string): { timesMs: number[]; values: number[] } {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0);
  const timesMs: number[] = [];
  const values: number[] = [];
  for (const [index, line] of lines.slice(1).entries()) {
    const [timestamp, value] = line.split(',');
    const number = Number(value);
    if (timestamp === undefined || value === undefined || !Number.isFinite(number)) {
      throw new EaawasError(
        'DATA_INVALID',
        `${path} line ${index + 2} is not "timestamp,value": ${JSON.stringify(line)}`,
      );
    }
    timesMs.push(parseNabTimestamp(timestamp));
    values.push(number);
  }
  return { timesMs, values };
}

/** Loads every series of a folder of NAB realAWSCloudwatch CSVs with the windows of labels_windows.json, sorted by name. */
export function loadLabeledSeries(folder: string): LabeledSeries[] {
  const labels = JSON.parse(readFileSync(join(folder, 'labels_windows.json'), 'utf8')) as Record<
    string,
    string[][]
  >;
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.csv'))
    .sort();
  return names.map((name) => {
    const { timesMs, values } = readSeriesCsv(join(folder, name));
    const labeled = labels[`${LABEL_PREFIX}${name}`];
    if (labeled === undefined) {
      throw new EaawasError('DATA_INVALID', `${name} has no entry in labels_windows.json`);
    }
    const windows = labeled.map(([start, end]) => ({
      startMs: parseNabTimestamp(start ?? ''),
      endMs: parseNabTimestamp(end ?? ''),
    }));
    return { name, unit: unitOf(name), timesMs, values, windows };
  });
}

/** Returns the unit of a series from its file name; grok_asg_anomaly is an autoscaling group's CPU. */
export function unitOf(name: string): SeriesUnit {
  if (name.includes('cpu_utilization') || name.startsWith('grok_asg')) {
    return 'percent';
  }
  return name.startsWith('elb_request_count') ? 'count' : 'bytes';
}
