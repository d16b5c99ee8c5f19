import type { PolicyResult } from './simulation.js';

const COLUMNS: Array<{ title: string; value: (result: PolicyResult) => string }> = [
  { title: 'policy', value: (result) => result.policy },
  { title: 'energy kWh', value: (result) => result.energyKwh.toFixed(1) },
  { title: 'operational kgCO2e', value: (result) => result.operationalKg.toFixed(2) },
  { title: 'embodied kgCO2e', value: (result) => result.embodiedKg.toFixed(2) },
  { title: 'cost USD', value: (result) => result.costUsd.toFixed(2) },
  { title: 'capacity overruns', value: (result) => String(result.capacityOverruns) },
  { title: 'deadline misses', value: (result) => String(result.deadlineMisses) },
  { title: 'rejected', value: (result) => String(result.rejections) },
  { title: 'deferrals', value: (result) => String(result.deferrals) },
  { title: 'actions', value: (result) => String(result.actions) },
  { title: 'on existing', value: (result) => String(result.placedOnExisting) },
];

/** Renders the results as an aligned text table, a Markdown table or JSON, each with the data span. */
export function formatResults(
  results: PolicyResult[],
  description: string,
  format: 'table' | 'markdown' | 'json',
): string {
  if (format === 'json') {
    return `${JSON.stringify({ description, results }, null, 2)}\n`;
  }
  const rows = results.map((result) => COLUMNS.map((column) => column.value(result)));
  const header = COLUMNS.map((column) => column.title);
  if (format === 'markdown') {
    const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
    return [`${description}`, '', line(header), line(header.map(() => '---')), ...rows.map(line), ''].join(
      '\n',
    );
  }
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
      )
      .join('  ');
  return [description, '', line(header), ...rows.map(line), ''].join('\n');
}
