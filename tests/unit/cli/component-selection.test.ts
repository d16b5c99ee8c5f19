import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { selectSources, selectStages } from '../../../pipeline/cli/component-selection.js';
import type { SourceDefinition } from '../../../pipeline/runner/source.js';
import type { StageDefinition } from '../../../pipeline/runner/stage.js';

function stage(name: string, enabled?: boolean): StageDefinition {
  return {
    name,
    inputs: () => [],
    outputs: () => [],
    ...(enabled === undefined ? {} : { enabled: () => enabled }),
    create: () => Promise.reject(new Error('not started in this test')),
  };
}

function source(name: string, mode: string): SourceDefinition {
  return {
    name,
    outputs: () => [],
    enabled: (config) => config.sources.mode === mode,
    create: () => Promise.reject(new Error('not started in this test')),
  };
}

const STAGES = [stage('aggregate'), stage('energy'), stage('archive', false)];
const SOURCES = [source('ec2-collector', 'aws'), source('utilization-replay', 'replay')];

function configWith(mode: 'aws' | 'replay' | 'none'): EaawasConfig {
  return loadConfig({ env: {}, overrides: { sources: { mode } } });
}

describe('selectStages', () => {
  test('default runs every enabled stage', () => {
    expect(selectStages(STAGES, undefined, configWith('replay')).map((entry) => entry.name)).toEqual([
      'aggregate',
      'energy',
    ]);
  });

  test('named list runs exactly those', () => {
    expect(
      selectStages(STAGES, ' energy,archive,energy', configWith('replay')).map((entry) => entry.name),
    ).toEqual(['energy', 'archive']);
  });

  test('unknown name lists the valid ones', () => {
    expect(() => selectStages(STAGES, 'energy,agregate', configWith('replay'))).toThrow(
      'Unknown stage name in --stages: agregate. Valid stages: aggregate, archive, energy.',
    );
  });

  test('empty list rejected', () => {
    expect(() => selectStages(STAGES, ',', configWith('replay'))).toThrow(/empty list/);
  });
});

describe('selectSources', () => {
  test('mode picks sources through enabled', () => {
    expect(selectSources(SOURCES, configWith('aws')).map((entry) => entry.name)).toEqual(['ec2-collector']);
    expect(selectSources(SOURCES, configWith('replay')).map((entry) => entry.name)).toEqual([
      'utilization-replay',
    ]);
  });

  test('none runs no source', () => {
    const always: SourceDefinition = { name: 'always', outputs: () => [], create: SOURCES[0]!.create };

    expect(selectSources([...SOURCES, always], configWith('none'))).toEqual([]);
  });
});
