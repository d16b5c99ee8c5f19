import type { _Record } from '@aws-sdk/client-kinesis';
import { DEAD_LETTER_HEADERS } from '../../../pipeline/runner/dead-letter-headers.js';
import type { OutgoingRecord } from '../../../pipeline/transport/transport.js';

/** Longest error message kept in a header, in characters. */
const MAX_MESSAGE_LENGTH = 2000;

/** Where a rejected Kinesis record was read. */
export interface KinesisSource {
  region: string;
  streamName: string;
  shardId: string;
}

/**
 * Builds the dead-letter record of a Kinesis record that could not be decoded: the original data
 * bytes, the partition key as the key, and the runner's dead-letter headers. The source topic is
 * `kinesis:<region>/<stream>`, the partition the shard id and the offset the sequence number.
 */
export function kinesisDeadLetter(
  record: _Record,
  source: KinesisSource,
  reason: { code: string; message: string },
  stage: string,
  deadLetteredAtMs: number,
): OutgoingRecord {
  const message =
    reason.message.length > MAX_MESSAGE_LENGTH
      ? `${reason.message.slice(0, MAX_MESSAGE_LENGTH - 3)}...`
      : reason.message;
  return {
    key: record.PartitionKey ?? null,
    value: Buffer.from(record.Data ?? new Uint8Array()),
    headers: {
      [DEAD_LETTER_HEADERS.errorCode]: reason.code,
      [DEAD_LETTER_HEADERS.errorMessage]: message,
      [DEAD_LETTER_HEADERS.stage]: stage,
      [DEAD_LETTER_HEADERS.sourceTopic]: `kinesis:${source.region}/${source.streamName}`,
      [DEAD_LETTER_HEADERS.sourcePartition]: source.shardId,
      [DEAD_LETTER_HEADERS.sourceOffset]: record.SequenceNumber ?? '',
      [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date(deadLetteredAtMs).toISOString(),
    },
  };
}
