import type { PolicyResult } from '../../stages/evaluate/simulation.js';
import { decisionCount, type RunFigures } from './summary-figures.js';

export interface SummaryReport {
  transport: string;
  wallSeconds: number;
  /** Simulated span the replay covered, epoch milliseconds; null without a replay. */
  simulatedFromMs: number | null;
  simulatedToMs: number | null;
  figures: RunFigures;
}

/** The carbon-aware and carbon-agnostic simulation over the replay, or why it is missing. */
export interface ComparisonReport {
  fromMs: number;
  toMs: number;
  results: readonly PolicyResult[];
  note: string | null;
}

function minute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function figure(value: number | null, digits: number, unit = ''): string {
  if (value === null) {
    return 'n/a (stage not run in this process)';
  }
  return `${value.toFixed(digits)}${unit}`;
}

function count(value: number | null): string {
  return value === null ? 'n/a (stage not run in this process)' : String(value);
}

/** Formats the figures of the run as plain text lines for a terminal. */
export function formatSummary(report: SummaryReport): string {
  const { figures } = report;
  const span =
    report.simulatedFromMs === null || report.simulatedToMs === null
      ? 'no replay'
      : `simulated ${minute(report.simulatedFromMs)} to ${minute(report.simulatedToMs)}`;
  const statuses =
    figures.decisions === null
      ? 'n/a (stage not run in this process)'
      : `${decisionCount(figures)}` +
        Object.entries(figures.decisions)
          .filter(([, value]) => value > 0)
          .sort(([left], [right]) => left.localeCompare(right))
          .map(([status, value], index) => `${index === 0 ? ': ' : ', '}${value} ${status}`)
          .join('');
  const lines = [
    '',
    `EAAWAS run summary (${report.transport} transport, ${report.wallSeconds.toFixed(0)} s wall clock, ${span})`,
    `  samples           ${count(figures.samples)}`,
    `  windows           ${count(figures.windows)}`,
    `  anomalies         ${count(figures.anomalies)}`,
    `  decisions         ${statuses}`,
    `  fleet energy      ${figure(figures.energyKwh, 3, ' kWh')}`,
    `  fleet carbon      ${figure(figures.carbonKg, 3, ' kgCO2e (operational and embodied)')}`,
    `  fleet cost        ${figure(figures.costUsd, 2, ' USD')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Formats the comparison table that follows the summary. */
export function formatComparison(comparison: ComparisonReport): string {
  if (comparison.note !== null) {
    return `\nCarbon-agnostic baseline: ${comparison.note}\n`;
  }
  const lines = [
    '',
    `Same replay in the evaluation simulation, ${minute(comparison.fromMs)} to ${minute(comparison.toMs)}`,
    '(same fleet, requests and carbon hours, one accounting for both policies):',
    `  ${'policy'.padEnd(24)}${'requests'.padStart(9)}${'rejected'.padStart(9)}${'deferred'.padStart(9)}` +
      `${'energy kWh'.padStart(12)}${'kgCO2e'.padStart(10)}${'cost USD'.padStart(10)}`,
  ];
  for (const result of comparison.results) {
    lines.push(
      `  ${result.policy.padEnd(24)}${String(result.requests).padStart(9)}` +
        `${String(result.rejections).padStart(9)}${String(result.deferrals).padStart(9)}` +
        `${result.energyKwh.toFixed(3).padStart(12)}` +
        `${(result.operationalKg + result.embodiedKg).toFixed(3).padStart(10)}` +
        `${result.costUsd.toFixed(2).padStart(10)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
