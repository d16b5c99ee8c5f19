import { parse as parseYaml } from 'yaml';
import { deepMerge, type PlainObject } from './merge.js';

/**
 * Well-known environment variables and the config keys they set. Any key can also be set as
 * `EAAWAS__SECTION__KEY=value`, with double underscores between levels. The value is parsed as
 * YAML, so `EAAWAS__API__PORT=8080` sets a number and `EAAWAS__AWS__REGIONS=[us-east-1]` a list.
 */
export const NAMED_VARIABLES: Record<string, { path: string[]; parse: (raw: string) => unknown }> = {
  KAFKA_BROKERS: { path: ['kafka', 'brokers'], parse: splitList },
  EAAWAS_TRANSPORT: { path: ['transport', 'kind'], parse: (raw) => raw },
  EAAWAS_TOPIC_PREFIX: { path: ['transport', 'topic_prefix'], parse: (raw) => raw },
  EAAWAS_LOG_LEVEL: { path: ['logging', 'level'], parse: (raw) => raw },
  AWS_ENDPOINT_URL: { path: ['aws', 'endpoint'], parse: (raw) => raw },
};

const GENERIC_PREFIX = 'EAAWAS__';

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function nest(path: string[], value: unknown): PlainObject {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as PlainObject;
}

/** Applies environment overrides on top of a merged config object. */
export function applyEnvironment(config: PlainObject, env: Record<string, string | undefined>): PlainObject {
  let result = config;
  for (const [name, target] of Object.entries(NAMED_VARIABLES)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') {
      result = deepMerge(result, nest(target.path, target.parse(raw)));
    }
  }
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(GENERIC_PREFIX) || raw === undefined) {
      continue;
    }
    const path = name
      .slice(GENERIC_PREFIX.length)
      .split('__')
      .map((part) => part.toLowerCase());
    result = deepMerge(result, nest(path, parseYaml(raw) as unknown));
  }
  return result;
}
