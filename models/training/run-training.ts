import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EaawasError } from '../../pipeline/errors/eaawas-error.js';

export type TrainableModel = 'workload-cpu' | 'carbon-intensity' | 'all';

export interface TrainingOptions {
  /** Repository root: the folder holding models/, data/ and .venv/. */
  root: string;
  model?: TrainableModel;
  /** small: a few series and short spans, to check the whole path in seconds; not for serving. */
  slice?: 'full' | 'small';
  /** Models folder to write; the repository's models/ when absent. */
  outputDir?: string;
  /** constant trains a useless mean predictor, which the validation gate must reject. */
  estimator?: 'auto' | 'constant';
  version?: string;
  /** Python interpreter; `<root>/.venv/bin/python` (made by scripts/venv.sh) when absent. */
  python?: string;
  /** Receives each line the training prints (progress and the gate's figures). */
  onLine?: (line: string) => void;
  /** Aborts the training process (SIGTERM). */
  signal?: AbortSignal;
}

export interface TrainingResult {
  /** 0: every model passed the gate and was written; 1: a model failed the gate; 2: bad arguments. */
  exitCode: number;
  passed: boolean;
  /** Everything the training printed, standard error and output interleaved. */
  output: string;
}

/** Builds the argument list of `python -m models.training.train` from the options. */
export function trainingArguments(options: TrainingOptions): string[] {
  const args = ['-m', 'models.training.train', '--model', options.model ?? 'all', '--slice', options.slice ?? 'full'];
  if (options.outputDir !== undefined) {
    args.push('--output-dir', options.outputDir);
  }
  if (options.estimator !== undefined) {
    args.push('--estimator', options.estimator);
  }
  if (options.version !== undefined) {
    args.push('--version', options.version);
  }
  return args;
}

/**
 * Runs the Python training (models/training/train.py) and resolves with its exit code and output.
 * A model that fails the validation gate is a normal result (exitCode 1, passed false).
 *
 * @throws EaawasError (MODEL_INVALID) when the interpreter cannot be started, for example when
 *   scripts/venv.sh has not created .venv yet
 */
export function runTraining(options: TrainingOptions): Promise<TrainingResult> {
  const python = options.python ?? join(options.root, '.venv/bin/python');
  return new Promise((resolve, reject) => {
    const child = spawn(python, trainingArguments(options), {
      cwd: options.root,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    let output = '';
    let pending = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        options.onLine?.(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      reject(new EaawasError('MODEL_INVALID', `training could not start ${python}: run scripts/venv.sh first`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (pending !== '') {
        options.onLine?.(pending);
      }
      const exitCode = code ?? (signal === null ? 1 : 128);
      resolve({ exitCode, passed: exitCode === 0, output });
    });
  });
}
