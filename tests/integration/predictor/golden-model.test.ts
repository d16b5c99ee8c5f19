/**
 * @jest-environment ./tests/integration/predictor/onnx-test-environment.mjs
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../../pipeline/errors/eaawas-error.js';
import {
  loadFeatureDocument,
  modelFeatureSpec,
  type ModelFeatureSpec,
} from '../../../stages/predictor/feature-spec.js';
import { computeFeatures } from '../../../stages/predictor/features.js';
import { createForecastModel } from '../../../stages/predictor/forecast-model.js';
import { parseModelCard } from '../../../stages/predictor/model-card.js';

const fixtures = join(process.cwd(), 'tests/fixtures/onnx');

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function fixture(name: string): { onnx: Uint8Array; card: ReturnType<typeof parseModelCard> } {
  return {
    onnx: new Uint8Array(readFileSync(join(fixtures, name, 'model.onnx'))),
    card: parseModelCard(readJson(join(fixtures, name, 'card.json')), `${name}/card.json`),
  };
}

let spec: ModelFeatureSpec;

beforeAll(async () => {
  spec = modelFeatureSpec(
    await loadFeatureDocument(join(process.cwd(), 'models/features.json')),
    'workload-cpu',
  );
});

describe('forecast model with onnxruntime-node', () => {
  test('golden input gives expected output', async () => {
    const { onnx, card } = fixture('golden');
    const input = readJson<{ rows: Array<{ history: number[]; end_time_s: number }> }>(
      join(fixtures, 'golden/input.json'),
    );
    const expected = readJson<{ forecast: number[][]; tolerance: number }>(
      join(fixtures, 'golden/expected.json'),
    );
    const model = await createForecastModel({ onnx, card, spec, intraOpThreads: 1 });

    const rows = input.rows.map((row) => computeFeatures(spec, row.history, row.end_time_s));
    const forecast = await model.predict(rows);
    await model.release();

    expect(forecast).toHaveLength(expected.forecast.length);
    forecast.forEach((row, index) => {
      row.forEach((value, column) => {
        expect(typeof value).toBe('number');
        expect(Math.abs(value - (expected.forecast[index]?.[column] as number))).toBeLessThanOrEqual(
          expected.tolerance,
        );
      });
    });
  });

  test('input shape mismatch is rejected at load', async () => {
    const { onnx, card } = fixture('wrong-shape');

    const loading = createForecastModel({ onnx, card, spec, intraOpThreads: 1 });

    await expect(loading).rejects.toBeInstanceOf(ValidationError);
    await expect(loading).rejects.toThrow(
      'model workload-cpu version wrong-shape-1 is rejected: inputs.features.shape: expected [N, 20], got [N, 5]',
    );
  });

  test('input name mismatch is rejected at load', async () => {
    const { onnx, card } = fixture('golden');
    const renamed = { ...card, input: { ...card.input, name: 'x' } };

    await expect(createForecastModel({ onnx, card: renamed, spec, intraOpThreads: 1 })).rejects.toThrow(
      'expected one input named x, got [features]',
    );
  });

  test('card features differing from spec are rejected', async () => {
    const { onnx, card } = fixture('golden');
    const reordered = { ...card, input: { ...card.input, features: [...card.input.features].reverse() } };

    await expect(createForecastModel({ onnx, card: reordered, spec, intraOpThreads: 1 })).rejects.toThrow(
      'model workload-cpu version golden-1 does not match the feature spec',
    );
  });

  test('empty batch runs no inference', async () => {
    const { onnx, card } = fixture('golden');
    const model = await createForecastModel({ onnx, card, spec, intraOpThreads: 1 });

    await expect(model.predict([])).resolves.toEqual([]);
    await model.release();
    await model.release();
  });
});
