import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors/eaawas-error.js';
import { configSchema, type EaawasConfig } from './config-schema.js';
import { applyEnvironment } from './environment.js';
import { deepFreeze, deepMerge, type PlainObject } from './merge.js';

/**
 * Finds configs/default.yaml above this module, so the same code works from the TypeScript sources
 * (jest, tsx) and from the compiled dist/ folder.
 */
export function defaultConfigPath(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'configs', 'default.yaml');
    if (existsSync(candidate)) {
      return candidate;
    }
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error('configs/default.yaml not found above ' + fileURLToPath(import.meta.url));
    }
    folder = parent;
  }
}

export interface LoadConfigOptions {
  /** A YAML or JSON file whose keys override the defaults. */
  file?: string;
  /** Environment variables; the CLI passes `process.env`, tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Overrides applied last, for command-line flags. */
  overrides?: PlainObject;
}

/**
 * Loads configuration: defaults, then the file, then the environment, then overrides. Validates the
 * result once and returns it frozen.
 * @throws ValidationError (CONFIG_INVALID) listing every invalid key with its value and reason.
 */
export function loadConfig(options: LoadConfigOptions = {}): EaawasConfig {
  let merged = readConfigFile(defaultConfigPath());
  if (options.file !== undefined) {
    merged = deepMerge(merged, readConfigFile(options.file));
  }
  const sourceLabel = options.file ?? 'the defaults';
  merged = applyEnvironment(merged, options.env ?? {});
  if (options.overrides !== undefined) {
    merged = deepMerge(merged, options.overrides);
  }
  return validateConfig(merged, sourceLabel);
}

/** Validates an already merged object against the schema and freezes it. */
export function validateConfig(candidate: unknown, sourceLabel: string): EaawasConfig {
  const result = configSchema.safeParse(candidate);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => toFieldIssue(issue, candidate));
    const lines = issues.map(
      (issue) => `  ${issue.path}: ${issue.message} (value: ${JSON.stringify(issue.value)})`,
    );
    throw new ValidationError(
      'CONFIG_INVALID',
      `Invalid configuration from ${sourceLabel}; fix these keys and start again:\n${lines.join('\n')}`,
      issues,
    );
  }
  return deepFreeze(result.data);
}

function toFieldIssue(issue: z.core.$ZodIssue, candidate: unknown): FieldIssue {
  const path = issue.path.map(String);
  const value = issue.code === 'unrecognized_keys' ? undefined : valueAt(candidate, path);
  const key =
    issue.code === 'unrecognized_keys' ? [...path, issue.keys.join(', ')].join('.') : path.join('.');
  const message =
    issue.code === 'unrecognized_keys' ? 'unknown key; check its spelling or remove it' : issue.message;
  return { path: key === '' ? '(root)' : key, message, value: isSecretPath(path) ? '[redacted]' : value };
}

function isSecretPath(path: string[]): boolean {
  return path.some((part) => /key|secret|password|token/i.test(part));
}

function valueAt(root: unknown, path: string[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function readConfigFile(path: string): PlainObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError('CONFIG_INVALID', `Cannot read config file ${path}: check the path.`, [], {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(
      'CONFIG_INVALID',
      `Config file ${path} is not valid YAML or JSON: ${reason}`,
      [],
      {
        cause: error,
      },
    );
  }
  if (parsed === null || parsed === undefined) {
    return {};
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(
      'CONFIG_INVALID',
      `Config file ${path} must contain a mapping of sections.`,
      [],
    );
  }
  return parsed as PlainObject;
}
