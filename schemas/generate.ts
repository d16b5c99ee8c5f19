import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from './render-json-schemas.js';

// Writes schemas/*.schema.json; `npm run schemas` runs it, and a unit test fails when they are stale.
const folder = dirname(fileURLToPath(import.meta.url)).replace(/\/dist\/schemas$/, '/schemas');
for (const [name, content] of renderJsonSchemas()) {
  writeFileSync(join(folder, name), content);
  console.log(`wrote schemas/${name}`);
}
