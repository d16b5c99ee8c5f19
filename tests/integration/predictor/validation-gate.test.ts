/**
 * @jest-environment ./tests/integration/predictor/onnx-test-environment.mjs
 */
// Runs the Python training on the small slice of the real traces (scripts/venv.sh installs it).
import { jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalRegistry } from '../../../models/registry/local-registry.js';
import { runTraining } from '../../../models/training/run-training.js';
import { loadFeatureDocument, modelFeatureSpec } from '../../../stages/predictor/feature-spec.js';
import { createForecastModel } from '../../../stages/predictor/forecast-model.js';
import { parseModelCard } from '../../../stages/predictor/model-card.js';

jest.setTimeout(300_000);

const root = process.cwd();
let outputDir: string;

beforeEach(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'eaawas-training-'));
});

afterEach(async () => {
  await rm(outputDir, { recursive: true, force: true });
});

describe('training validation gate', () => {
  test('useless constant model is rejected', async () => {
    const result = await runTraining({
      root,
      model: 'workload-cpu',
      slice: 'small',
      estimator: 'constant',
      outputDir,
    });

    expect(result.exitCode).toBe(1);
    expect(result.passed).toBe(false);
    expect(result.output).toContain('workload-cpu rejected by the validation gate: 900s: model MAE');
    expect(result.output).toContain('workload-cpu rejected by the validation gate: 3600s: model MAE');
    expect(result.output).toMatch(/last_value MAE \d+\.\d+/);
    expect(result.output).toMatch(/seasonal_naive MAE \d+\.\d+/);
    expect(existsSync(join(outputDir, 'workload-cpu'))).toBe(false);
  });

  test('small slice model passes and loads', async () => {
    const result = await runTraining({
      root,
      model: 'carbon-intensity',
      slice: 'small',
      outputDir,
      version: 'small-1',
    });

    expect(result.output).toContain('carbon-intensity: wrote');
    expect(result.exitCode).toBe(0);
    const registry = createLocalRegistry(outputDir);
    expect(await registry.promoted('carbon-intensity')).toEqual({
      model: 'carbon-intensity',
      version: 'small-1',
    });
    const artifacts = await registry.fetch('carbon-intensity', 'small-1');
    const card = parseModelCard(artifacts.card, 'card.json');
    const raw = JSON.parse(await readFile(join(outputDir, 'carbon-intensity/small-1/card.json'), 'utf8')) as {
      metrics: { gate: { passed: boolean } };
      data: { files: Array<{ path: string; sha256: string }> };
    };
    expect(raw.metrics.gate.passed).toBe(true);
    expect(raw.data.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.horizons_s).toHaveLength(24);

    const spec = modelFeatureSpec(
      await loadFeatureDocument(join(root, 'models/features.json')),
      'carbon-intensity',
    );
    const model = await createForecastModel({ onnx: artifacts.onnx, card, spec, intraOpThreads: 1 });
    const [row] = await model.predict([Array.from({ length: model.featureCount }, () => 1)]);
    await model.release();
    expect(row).toHaveLength(24);
    expect(row?.every((value) => Number.isFinite(value))).toBe(true);
  });
});
