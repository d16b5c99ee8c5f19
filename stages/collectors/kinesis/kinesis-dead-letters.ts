import type { _Record } from '@aws-sdk/client-kinesis';
import { deadLetterHeaders } from '../../../pipeline/runner/dead-letter.js';
import type { OutgoingRecord } from '../../../pipeline/transport/transport.js';

/** Location of a rejected Kinesis record: its region, stream and shard. */
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
  const position = {
    topic: `kinesis:${source.region}/${source.streamName}`,
    partition: source.shardId,
    offset: record.SequenceNumber ?? '',
  };
  return {
    key: record.PartitionKey ?? null,
    value: Buffer.from(record.Data ?? new Uint8Array()),
    headers: deadLetterHeaders(reason, stage, position, deadLetteredAtMs),
  };
}
