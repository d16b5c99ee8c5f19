import type { Logger } from 'pino';
import { changelogTopic } from '../../../pipeline/topics/topic-names.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { type CheckpointStore, createTopicCheckpointStore } from '../checkpoints/checkpoint-store.js';

/** The checkpoint of one series: the event time of the last datapoint published. */
export interface HighWaterMark {
  last_event_time: string;
}

function parseHighWaterMark(value: unknown): HighWaterMark | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const text = (value as Record<string, unknown>)['last_event_time'];
  return typeof text === 'string' && !Number.isNaN(Date.parse(text)) ? { last_event_time: text } : null;
}

/**
 * Creates the store of the CloudWatch collector's per-series high-water marks, on the compacted
 * topic `<prefix>cloudwatch-collector.high-water-marks.changelog` keyed by series.
 */
export function createHighWaterMarkStore(
  transport: Transport,
  topicPrefix: string,
  replicationFactor: number,
  logger: Logger,
): CheckpointStore<HighWaterMark> {
  return createTopicCheckpointStore({
    transport,
    topic: changelogTopic(topicPrefix, 'cloudwatch-collector', 'high-water-marks'),
    replicationFactor,
    logger,
    parse: parseHighWaterMark,
  });
}
