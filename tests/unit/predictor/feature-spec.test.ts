import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../../pipeline/errors/eaawas-error.js';
import { modelFeatureSpec, parseFeatureDocument } from '../../../stages/predictor/feature-spec.js';

function documentWith(model: Record<string, unknown>): unknown {
  return { version: 1, about: 'test', models: { test: model } };
}

const base = { description: 'test', series_step_s: 300, history_windows: 4, target: 'test' };

describe('feature spec', () => {
  test('shipped spec is valid', () => {
    const document = parseFeatureDocument(
      JSON.parse(readFileSync(join(process.cwd(), 'models/features.json'), 'utf8')) as unknown,
      'models/features.json',
    );

    expect(modelFeatureSpec(document, 'workload-cpu').features).toHaveLength(20);
    expect(modelFeatureSpec(document, 'carbon-intensity').normalize).toEqual({ windows: 24, offset: 1 });
  });

  test('lag beyond history is rejected', () => {
    const parse = () =>
      parseFeatureDocument(
        documentWith({ ...base, features: [{ name: 'lag_4', kind: 'lag', lag: 4 }] }),
        'spec',
      );

    expect(parse).toThrow(ValidationError);
    expect(parse).toThrow('feature spec spec is invalid');
  });

  test('scale without normalize is rejected', () => {
    const parse = () =>
      parseFeatureDocument(documentWith({ ...base, features: [{ name: 'level', kind: 'scale' }] }), 'spec');

    expect(parse).toThrow(ValidationError);
  });

  test('unknown model names the known ones', () => {
    const document = parseFeatureDocument(
      documentWith({ ...base, features: [{ name: 'lag_0', kind: 'lag', lag: 0 }] }),
      'spec',
    );

    expect(() => modelFeatureSpec(document, 'other')).toThrow('feature spec has no model other; known: test');
  });
});
