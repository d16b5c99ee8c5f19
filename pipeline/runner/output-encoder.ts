import type { ZodType } from 'zod';
import { TOPIC_SCHEMAS } from '../../schemas/definitions/index.js';
import { COMPACTED_TOPICS, type TopicKey, type TopicNames } from '../topics/topic-names.js';
import type { OutgoingRecord } from '../transport/transport.js';
import type { StageOutput } from './stage.js';

/** Outputs of one topic, encoded and ready for `Producer.send`. */
export interface EncodedOutputs {
  topic: string;
  records: OutgoingRecord[];
}

export interface OutputEncoder {
  /**
   * Validates outputs and encodes their values as UTF-8 JSON, grouped by topic in output order.
   * @throws Error when an output goes to a topic the component did not declare or fails its topic's
   *   schema: both are programming errors, so they stop the component instead of being dead-lettered.
   */
  encode(outputs: readonly StageOutput[]): EncodedOutputs[];
}

/**
 * Creates the encoder of one stage or source. Declared topics outside TOPIC_SCHEMAS (a stage's own
 * changelog, for example) have no schema, so their values are encoded without validation.
 */
export function createOutputEncoder(
  component: string,
  declared: readonly string[],
  topics: TopicNames,
): OutputEncoder {
  const schemas = new Map<string, ZodType>();
  const compacted = new Set<string>(COMPACTED_TOPICS.map((key) => topics[key]));
  for (const [key, schema] of Object.entries(TOPIC_SCHEMAS)) {
    schemas.set(topics[key as TopicKey], schema);
  }
  const allowed = new Set(declared);

  function encodeOne(output: StageOutput): OutgoingRecord {
    if (!allowed.has(output.topic)) {
      throw new Error(
        `${component} produced to topic ${output.topic}, which it does not declare; declared: ${[...allowed].join(', ')}.`,
      );
    }
    if (output.value === null) {
      if (!compacted.has(output.topic) && schemas.has(output.topic)) {
        throw new Error(`${component} produced a tombstone to ${output.topic}, which is not compacted.`);
      }
    } else {
      const schema = schemas.get(output.topic);
      const result = schema?.safeParse(output.value);
      if (result !== undefined && !result.success) {
        const fields = result.error.issues.map(
          (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
        );
        throw new Error(`${component} produced an invalid message for ${output.topic}: ${fields.join('; ')}`);
      }
    }
    return {
      key: output.key,
      value: output.value === null ? null : JSON.stringify(output.value),
      ...(output.headers === undefined ? {} : { headers: output.headers }),
      ...(output.timestamp === undefined ? {} : { timestamp: output.timestamp }),
    };
  }

  return {
    encode(outputs) {
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const output of outputs) {
        const records = byTopic.get(output.topic) ?? [];
        records.push(encodeOne(output));
        byTopic.set(output.topic, records);
      }
      return [...byTopic].map(([topic, records]) => ({ topic, records }));
    },
  };
}
