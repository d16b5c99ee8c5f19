import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultConfigPath } from '../../../pipeline/config/load-config.js';
import { renderJsonSchemas } from '../../../schemas/render-json-schemas.js';

const folder = join(dirname(dirname(defaultConfigPath())), 'schemas');

describe('JSON Schemas', () => {
  const rendered = renderJsonSchemas();

  test.each([...rendered.keys()])('%s is up to date', (name) => {
    // On failure run `npm run schemas` and commit the schemas/*.schema.json files.
    expect(readFileSync(join(folder, name), 'utf8')).toBe(rendered.get(name));
  });

  test('no schema file without a topic', () => {
    const files = readdirSync(folder).filter((name) => name.endsWith('.schema.json'));

    expect(files.sort()).toEqual([...rendered.keys()].sort());
  });
});
