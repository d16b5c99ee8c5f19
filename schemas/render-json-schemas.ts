import { z } from 'zod';
import { TOPIC_SUFFIXES, type TopicKey } from '../pipeline/topics/topic-names.js';
import { TOPIC_SCHEMAS } from './definitions/index.js';

/**
 * Renders one JSON Schema (draft 2020-12) per topic from the zod definitions the code validates
 * with. Returns file name to file content; the file name is the topic suffix, for example
 * `workload.requests.schema.json`.
 */
export function renderJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [key, schema] of Object.entries(TOPIC_SCHEMAS)) {
    const suffix = TOPIC_SUFFIXES[key as TopicKey];
    const document = {
      $id: `urn:eaawas:schema:${suffix}`,
      title: `eaawas.${suffix}`,
      ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    };
    files.set(`${suffix}.schema.json`, `${JSON.stringify(document, null, 2)}\n`);
  }
  return files;
}
