import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../pipeline/config/load-config.js';
import {
  evaluateDetector,
  searchGrid,
  splitTuningAndTest,
  type EvaluationResult,
  type EvaluationSettings,
} from './evaluation/evaluate-detector.js';
import { loadLabeledSeries } from './evaluation/nab-data.js';
import type { Scores } from './evaluation/window-scoring.js';

/**
 * Evaluates the anomaly detector on the NAB realAWSCloudwatch series. It tunes on half of the
 * series (the 1st, 3rd, 5th … by name). Then it prints precision, recall and F1 per series and
 * overall on the other half, as Markdown on standard output.
 */

const GRID = {
  threshold: [5, 7, 10],
  cooldown_windows: [12, 72, 288],
  level_alpha: [0.05, 0.2],
};

function formatRatio(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function scoreCells(scores: Scores): string {
  return `${scores.truePositives} | ${scores.falsePositives} | ${scores.falseNegatives} | ${formatRatio(scores.precision)} | ${formatRatio(scores.recall)} | ${formatRatio(scores.f1)}`;
}

function table(result: EvaluationResult): string {
  const lines = [
    '| series | points | labeled windows | TP | FP | FN | precision | recall | F1 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const series of result.series) {
    lines.push(
      `| ${series.name} | ${series.points} | ${series.labeledWindows} | ${scoreCells(series.scores)} |`,
    );
  }
  const points = result.series.reduce((sum, series) => sum + series.points, 0);
  const windows = result.series.reduce((sum, series) => sum + series.labeledWindows, 0);
  lines.push(`| **overall** | ${points} | ${windows} | ${scoreCells(result.overall)} |`);
  return lines.join('\n');
}

function settingsLine(settings: EvaluationSettings): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');
}

function main(): void {
  const program = new Command()
    .name('evaluate-anomaly')
    .description(
      'Tune the anomaly detector on half of the NAB realAWSCloudwatch series and score it on the other half.',
    )
    .option('--data <folder>', 'folder with the NAB CSVs and labels_windows.json', 'data/anomaly')
    .option('--config <file>', 'config file whose anomaly section is the starting point of the grid search')
    .parse();
  const options = program.opts<{ data: string; config?: string }>();

  const config = loadConfig(options.config === undefined ? {} : { file: options.config });
  const { window_sizes_s: _sizes, min_scale_absolute: floors, ...rest } = config.anomaly;
  // ELB request counts have no unit in the stage; one request per window is their floor.
  const configured: EvaluationSettings = { ...rest, min_scale_absolute: { ...floors, count: 1 } };
  const { tuning, test } = splitTuningAndTest(loadLabeledSeries(resolve(options.data)));

  const ranked = searchGrid(tuning, configured, GRID);
  const best = ranked[0]!;
  const out: string[] = [];
  out.push(`Tuning series (${tuning.length}): ${tuning.map((series) => series.name).join(', ')}`, '');
  out.push(
    `Grid: ${JSON.stringify(GRID)}; ${ranked.length} combinations. All combinations, best first, on the tuning series:`,
    '',
  );
  for (const point of ranked) {
    out.push(
      `- F1 ${formatRatio(point.overall.f1)} (TP ${point.overall.truePositives}, FP ${point.overall.falsePositives}, FN ${point.overall.falseNegatives}): ${settingsLine(point.settings)}`,
    );
  }
  out.push('', '### Configured settings', '', settingsLine(configured), '');
  out.push('#### Tuning series', '', table(evaluateDetector(tuning, configured)), '');
  out.push('#### Test series', '', table(evaluateDetector(test, configured)), '');
  out.push('### Best settings of the grid', '', settingsLine(best.settings), '');
  out.push('#### Test series', '', table(evaluateDetector(test, best.settings)), '');
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
