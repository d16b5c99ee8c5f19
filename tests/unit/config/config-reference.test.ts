import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { configReference } from '../../../pipeline/config/config-reference.js';
import { defaultConfigPath } from '../../../pipeline/config/load-config.js';
import { renderConfigReference } from '../../../pipeline/config/render-config-reference.js';
import { readDocumentedDefaults } from '../../../pipeline/config/yaml-defaults.js';

describe('config reference', () => {
  test('docs/configuration.md is up to date', () => {
    const root = dirname(dirname(defaultConfigPath()));
    const committed = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');

    // On failure run `npm run config:reference` and commit docs/configuration.md.
    expect(committed).toBe(configReference(readFileSync(defaultConfigPath(), 'utf8')));
  });

  test('row shows type, default and reason', () => {
    const schema = z
      .object({
        runner: z
          .object({
            retries: z.number().int().min(1).max(9).describe('Attempts in all.'),
            mode: z.enum(['fast', 'safe']).nullable().describe('How to run.'),
          })
          .strict(),
      })
      .strict();
    const defaults = readDocumentedDefaults(
      'runner:\n  # Three | tries suffice.\n  retries: 3\n  mode: null\n',
    );

    const text = renderConfigReference({
      schema,
      defaults,
      environment: [{ name: 'RETRIES', key: 'runner.retries' }],
    });

    expect(text).toContain('| `RETRIES` | `runner.retries` |');
    expect(text).toContain(
      '| `retries` | integer (1 to 9) | `3` | Attempts in all. Three \\| tries suffice. |',
    );
    expect(text).toContain('| `mode` | one of `fast`, `safe` or null | `null` | How to run. |');
  });
});
