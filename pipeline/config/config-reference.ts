import { configSchema } from './config-schema.js';
import { NAMED_VARIABLES } from './environment.js';
import { renderConfigReference } from './render-config-reference.js';
import { readDocumentedDefaults } from './yaml-defaults.js';

/** Renders docs/configuration.md from the config schema and the text of configs/default.yaml. */
export function configReference(defaultsYaml: string): string {
  return renderConfigReference({
    schema: configSchema,
    defaults: readDocumentedDefaults(defaultsYaml),
    environment: Object.entries(NAMED_VARIABLES).map(([name, target]) => ({
      name,
      key: target.path.join('.'),
    })),
  });
}
