import { EaawasError } from '../../errors/eaawas-error.js';

/**
 * Parses an offset from its decimal string form. The embedded log counts offsets with JavaScript
 * numbers, which are exact up to 2^53, far beyond what one in-process log can hold.
 * @throws EaawasError (MESSAGE_INVALID) when the string is not a non-negative integer
 */
export function parseOffset(offset: string, topic: string, partition: number): number {
  if (!/^\d{1,15}$/.test(offset)) {
    throw new EaawasError(
      'MESSAGE_INVALID',
      `Invalid offset ${JSON.stringify(offset)}: expected a non-negative decimal integer.`,
      {
        context: { topic, partition, offset },
      },
    );
  }
  return Number(offset);
}

export function formatOffset(offset: number): string {
  return String(offset);
}

export function topicNotFound(topic: string): EaawasError {
  return new EaawasError(
    'TOPIC_NOT_FOUND',
    `Topic ${topic} does not exist; create it first (eaawas topics create).`,
    {
      context: { topic },
    },
  );
}

/** Map key of a topic-partition; NUL cannot occur in a Kafka topic name, so keys never collide. */
export function partitionKey(topic: string, partition: number): string {
  return `${topicKeyPrefix(topic)}${partition}`;
}

export function topicKeyPrefix(topic: string): string {
  return `${topic}\u0000`;
}
