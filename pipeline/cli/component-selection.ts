import type { EaawasConfig } from '../config/config-schema.js';
import { ValidationError } from '../errors/eaawas-error.js';
import type { SourceDefinition } from '../runner/source.js';
import type { StageDefinition } from '../runner/stage.js';

/**
 * Picks the stages of `eaawas run`. Without `--stages`, every stage whose `enabled(config)` is true
 * (or that has no `enabled`) runs. With `--stages a,b`, exactly the named ones run, so one process
 * can run one stage.
 * @throws ValidationError (CONFIG_INVALID) naming the unknown stages and listing the valid names
 */
export function selectStages(
  available: readonly StageDefinition[],
  requested: string | undefined,
  config: EaawasConfig,
): StageDefinition[] {
  if (requested === undefined) {
    return available.filter((stage) => stage.enabled?.(config) ?? true);
  }
  const names = [...new Set(requested.split(',').map((name) => name.trim()))].filter(
    (name) => name.length > 0,
  );
  const byName = new Map(available.map((stage) => [stage.name, stage]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0 || names.length === 0) {
    const valid = [...byName.keys()].sort().join(', ');
    throw new ValidationError(
      'CONFIG_INVALID',
      `Unknown stage name in --stages: ${unknown.join(', ') || '(empty list)'}. Valid stages: ${valid}.`,
      unknown.map((name) => ({ path: '--stages', message: 'unknown stage', value: name })),
    );
  }
  return names.map((name) => byName.get(name)!);
}

/**
 * Picks the sources of `eaawas run` for `sources.mode` (set by `--source`): none runs no source;
 * otherwise each source decides through `enabled(config)`, and a source without it always runs.
 */
export function selectSources(
  available: readonly SourceDefinition[],
  config: EaawasConfig,
): SourceDefinition[] {
  if (config.sources.mode === 'none') {
    return [];
  }
  return available.filter((source) => source.enabled?.(config) ?? true);
}
