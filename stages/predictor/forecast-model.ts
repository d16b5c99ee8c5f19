import * as ort from 'onnxruntime-node';
import { EaawasError, ValidationError, type FieldIssue } from '../../pipeline/errors/eaawas-error.js';
import type { ModelCard } from './model-card.js';
import type { ModelFeatureSpec } from './feature-spec.js';

/** A loaded model: one onnxruntime session, created once and reused for every batch. */
export interface ForecastModel {
  readonly card: ModelCard;
  readonly name: string;
  readonly version: string;
  readonly featureCount: number;
  /**
   * Runs the model on feature rows (float64 values, cast to float32) and returns one row of
   * plain numbers per input row, one column per horizon.
   */
  predict(rows: readonly (readonly number[])[]): Promise<number[][]>;
  /** Releases the native session; calling it again does nothing. */
  release(): Promise<void>;
}

export interface ForecastModelOptions {
  onnx: Uint8Array;
  card: ModelCard;
  spec: ModelFeatureSpec;
  /** Threads of one inference; 1 keeps a busy predictor from taking every core. */
  intraOpThreads: number;
}

function describeShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((dimension) => (typeof dimension === 'number' ? String(dimension) : 'N')).join(', ')}]`;
}

function isBatchDimension(dimension: number | string | undefined): boolean {
  return typeof dimension === 'string' || dimension === -1;
}

/** Compares the card with the feature spec the predictor computes, so the two cannot drift. */
function checkCardAgainstSpec(card: ModelCard, spec: ModelFeatureSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const expected = spec.features.map((feature) => feature.name);
  if (expected.join(',') !== card.input.features.join(',')) {
    issues.push({
      path: 'input.features',
      message: `expected [${expected.join(', ')}]`,
      value: card.input.features,
    });
  }
  if (card.history_windows !== spec.history_windows) {
    issues.push({
      path: 'history_windows',
      message: `expected ${spec.history_windows}`,
      value: card.history_windows,
    });
  }
  const normalize = JSON.stringify(card.normalize ?? null);
  if (normalize !== JSON.stringify(spec.normalize ?? null)) {
    issues.push({
      path: 'normalize',
      message: `expected ${JSON.stringify(spec.normalize ?? null)}`,
      value: normalize,
    });
  }
  if (card.series_step_s !== spec.series_step_s) {
    issues.push({
      path: 'series_step_s',
      message: `expected ${spec.series_step_s}`,
      value: card.series_step_s,
    });
  }
  return issues;
}

/** Compares the session's declared input and output with what the card and spec require. */
function checkSession(session: ort.InferenceSession, card: ModelCard, featureCount: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const inputNames = session.inputNames.join(', ');
  if (session.inputNames.length !== 1 || session.inputNames[0] !== card.input.name) {
    issues.push({
      path: 'inputs',
      message: `expected one input named ${card.input.name}, got [${inputNames}]`,
    });
  }
  const input = session.inputMetadata.find((metadata) => metadata.name === card.input.name);
  if (input?.isTensor === true) {
    const [batch, width] = input.shape;
    if (input.shape.length !== 2 || !isBatchDimension(batch) || width !== featureCount) {
      issues.push({
        path: `inputs.${input.name}.shape`,
        message: `expected [N, ${featureCount}], got ${describeShape(input.shape)}`,
      });
    }
    if (input.type !== 'float32') {
      issues.push({ path: `inputs.${input.name}.type`, message: `expected float32, got ${input.type}` });
    }
  }
  const horizons = card.horizons_s.length;
  const output = session.outputMetadata.find((metadata) => metadata.name === card.output.name);
  if (output === undefined || !output.isTensor) {
    const outputNames = session.outputNames.join(', ');
    issues.push({
      path: 'outputs',
      message: `expected an output named ${card.output.name}, got [${outputNames}]`,
    });
  } else if (
    output.shape.length !== 2 ||
    !isBatchDimension(output.shape[0]) ||
    output.shape[1] !== horizons
  ) {
    issues.push({
      path: `outputs.${output.name}.shape`,
      message: `expected [N, ${horizons}], got ${describeShape(output.shape)}`,
    });
  }
  return issues;
}

/**
 * Creates the session of one model version and checks its input and output names and shapes
 * against the card and the feature spec before any record is served.
 *
 * @throws ValidationError (MODEL_INVALID) naming each expected and actual name or shape
 */
export async function createForecastModel(options: ForecastModelOptions): Promise<ForecastModel> {
  const { card, spec } = options;
  const label = `model ${card.model} version ${card.version}`;
  const cardIssues = checkCardAgainstSpec(card, spec);
  if (cardIssues.length > 0) {
    throw new ValidationError('MODEL_INVALID', `${label} does not match the feature spec`, cardIssues);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(options.onnx, {
      executionProviders: ['cpu'],
      intraOpNumThreads: options.intraOpThreads,
      interOpNumThreads: 1,
    });
  } catch (error) {
    throw new EaawasError('MODEL_INVALID', `${label} could not be loaded by onnxruntime`, { cause: error });
  }
  const featureCount = spec.features.length;
  const sessionIssues = checkSession(session, card, featureCount);
  if (sessionIssues.length > 0) {
    await session.release();
    const detail = sessionIssues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ValidationError('MODEL_INVALID', `${label} is rejected: ${detail}`, sessionIssues);
  }
  return wrapSession(session, card, featureCount);
}

function wrapSession(session: ort.InferenceSession, card: ModelCard, featureCount: number): ForecastModel {
  const horizons = card.horizons_s.length;
  let released = false;
  return {
    card,
    name: card.model,
    version: card.version,
    featureCount,
    async predict(rows) {
      if (rows.length === 0) {
        return [];
      }
      const data = new Float32Array(rows.length * featureCount);
      rows.forEach((row, index) => {
        if (row.length !== featureCount) {
          throw new RangeError(`feature row ${index} has ${row.length} values, expected ${featureCount}`);
        }
        data.set(row, index * featureCount);
      });
      const input = new ort.Tensor('float32', data, [rows.length, featureCount]);
      const results = await session.run({ [card.input.name]: input });
      const output = results[card.output.name];
      if (output === undefined) {
        throw new EaawasError('MODEL_INVALID', `model ${card.model} returned no output ${card.output.name}`);
      }
      // Number() turns int64 outputs (BigInt in onnxruntime-node) into plain numbers for JSON.
      const values = Array.from(output.data as ArrayLike<number | bigint>, (value) => Number(value));
      input.dispose();
      output.dispose();
      const forecasts: number[][] = [];
      for (let index = 0; index < rows.length; index += 1) {
        forecasts.push(values.slice(index * horizons, (index + 1) * horizons));
      }
      return forecasts;
    },
    async release() {
      if (!released) {
        released = true;
        await session.release();
      }
    },
  };
}
