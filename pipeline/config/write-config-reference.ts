import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configReference } from './config-reference.js';
import { defaultConfigPath } from './load-config.js';

// Writes docs/configuration.md; `npm run config:reference` runs it, and a unit test fails when it is stale.
const root = dirname(dirname(defaultConfigPath()));
const target = join(root, 'docs', 'configuration.md');
const content = configReference(readFileSync(defaultConfigPath(), 'utf8'));
writeFileSync(target, content);
console.log(`wrote docs/configuration.md (${content.length} characters)`);
