import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFeatureDocument, modelFeatureSpec } from '../../../stages/predictor/feature-spec.js';
import { computeFeatures } from '../../../stages/predictor/features.js';

// The parity check runs the training code's feature function from the project's virtual
// environment (scripts/venv.sh creates it; `npm test` runs that script first).
const root = process.cwd();
const python = join(root, '.venv/bin/python');
const featuresPath = join(root, 'models/features.json');

interface ParityRow {
  history: number[];
  end_time_s: number;
}

function pythonFeatures(model: string, rows: ParityRow[]): number[][] {
  const output = execFileSync(python, ['-m', 'models.training.features_cli'], {
    cwd: root,
    input: JSON.stringify({ model, rows }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return (JSON.parse(output) as { features: number[][] }).features;
}

/** Real CPU histories from the bundled Azure trace, at several offsets and times of day. */
function utilizationRows(size: number): ParityRow[] {
  const lines = readFileSync(join(root, 'data/utilization/azure_v1_vm_cpu_avg_5min_100vms.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1, 400)
    .map((line) => line.split(',').map(Number));
  const rows: ParityRow[] = [];
  for (const [column, start] of [
    [2, 0],
    [3, 37],
    [10, 120],
    [50, 200],
    [101, 300],
  ] as const) {
    const window = lines.slice(start, start + size);
    rows.push({
      history: window.map((values) => values[column] as number),
      end_time_s: (window[window.length - 1]?.[1] as number) + 300,
    });
  }
  return rows;
}

/** Hand-picked histories: constant, alternating, tiny and large values, negative time of day. */
function edgeRows(size: number): ParityRow[] {
  return [
    { history: Array.from({ length: size }, () => 42.5), end_time_s: 0 },
    {
      history: Array.from({ length: size }, (_, index) => (index % 2 === 0 ? 0.1 : 99.9)),
      end_time_s: 86_399,
    },
    { history: Array.from({ length: size }, (_, index) => 1e-7 * (index + 1)), end_time_s: 1_733_312_100 },
    { history: Array.from({ length: size }, (_, index) => 1234.5678 / (index + 3)), end_time_s: 5_400.5 },
  ];
}

describe('feature parity between training and predictor', () => {
  test.each(['workload-cpu', 'carbon-intensity'])('%s features equal Python', async (model) => {
    const spec = modelFeatureSpec(await loadFeatureDocument(featuresPath), model);
    const rows = [...utilizationRows(spec.history_windows), ...edgeRows(spec.history_windows)];
    const expected = pythonFeatures(model, rows);

    expect(expected).toHaveLength(rows.length);
    rows.forEach((row, index) => {
      const actual = computeFeatures(spec, row.history, row.end_time_s);
      const reference = expected[index] as number[];
      expect(actual).toHaveLength(spec.features.length);
      // The model sees float32, so its input must be identical; float64 agrees to the last bits
      // except where the two math libraries round sin and cos differently.
      expect(actual.map(Math.fround)).toEqual(reference.map(Math.fround));
      actual.forEach((value, column) => {
        expect(Math.abs(value - (reference[column] as number))).toBeLessThanOrEqual(
          1e-15 * Math.max(1, Math.abs(value)),
        );
      });
    });
  });
});
