import type { _Record } from '@aws-sdk/client-kinesis';
import { createAwsClients, type AwsClients } from '../../../pipeline/aws/aws-clients.js';
import { createPollFailureReporter } from '../../../pipeline/aws/poll-failure.js';
import type { Publish, SourceDefinition, SourceInstance } from '../../../pipeline/runner/source.js';
import type { StageContext, StageOutput } from '../../../pipeline/runner/stage.js';
import type { OutgoingRecord, Producer } from '../../../pipeline/transport/transport.js';
import { abortableSleep } from '../abortable-sleep.js';
import { collectorMetrics } from '../collector-metrics.js';
import { pollEach } from '../poll-each.js';
import { kinesisDeadLetter } from './kinesis-dead-letters.js';
import { decodeKinesisRecord } from './kinesis-record-decoder.js';
import { getRecords, listAllShards, shardIterator, type ShardStart } from './kinesis-shards.js';
import { type ShardCheckpoint, createShardCheckpointStore, shardCheckpointKey } from './shard-checkpoints.js';
import { readableShards, type ShardLineage, shardFinished } from './shard-order.js';

const NAME = 'kinesis-source';
/** Kinesis allows 5 GetRecords calls per shard per second, so rounds start at least 200 ms apart. */
const MIN_ROUND_INTERVAL_MS = 200;

/** Reads the configured Kinesis streams one round at a time. */
export interface KinesisReader {
  /**
   * Reads one batch from every readable shard of every stream, publishes it, dead-letters the records
   * that do not decode, then saves each shard's checkpoint. Resolves true when a shard returned a
   * full batch or lags behind, so the caller should read again without waiting.
   */
  readRound(publish: Publish, signal: AbortSignal): Promise<boolean>;
  /** Releases the checkpoint store and the dead-letter producer; calling it again does nothing. */
  close(): Promise<void>;
}

interface StreamState {
  region: string;
  streamName: string;
  shards: ShardLineage[];
  listedAtMs: number | null;
  iterators: Map<string, string>;
}

/**
 * Creates the Kinesis reader. Each shard's checkpoint (last sequence number published, and whether
 * the shard is finished) is saved to a compacted topic after the records were acknowledged. A
 * restart therefore resumes after the last published record, so nothing is skipped, and after a
 * clean stop nothing is repeated. Child shards from resharding are read only after their parents
 * finished.
 */
export function createKinesisReader(context: StageContext, clients: AwsClients): KinesisReader {
  const { config, topics, logger, clock } = context;
  const settings = config.sources.collectors.kinesis;
  const metrics = collectorMetrics(context.registry);
  const failures = createPollFailureReporter(context.registry, logger, NAME);
  const store = createShardCheckpointStore(
    context.transport,
    config.transport.topic_prefix,
    config.transport.replication_factor,
    logger,
  );
  const streams: StreamState[] = settings.streams.map((stream) => ({
    region: stream.region,
    streamName: stream.name,
    shards: [],
    listedAtMs: null,
    iterators: new Map(),
  }));
  let checkpoints: Map<string, ShardCheckpoint> | null = null;
  let deadLetterProducer: Producer | null = null;

  async function loadCheckpoints(): Promise<Map<string, ShardCheckpoint>> {
    if (checkpoints === null) {
      checkpoints = await store.load();
      logger.info({ shards: checkpoints.size }, 'Kinesis shard checkpoints restored');
    }
    return checkpoints;
  }

  function startOf(
    stream: StreamState,
    shard: ShardLineage,
    checkpoint: ShardCheckpoint | undefined,
  ): ShardStart {
    if (checkpoint?.sequence_number !== undefined && checkpoint.sequence_number !== null) {
      return { type: 'after', sequenceNumber: checkpoint.sequence_number };
    }
    // A child shard continues its parents' records, so it starts at its oldest record whatever the
    // configured start position.
    const isChild =
      shard.parentShardId !== undefined &&
      stream.shards.some((other) => other.shardId === shard.parentShardId);
    return { type: settings.start_position === 'latest' && !isChild ? 'LATEST' : 'TRIM_HORIZON' };
  }

  function decodeAll(records: readonly _Record[], stream: StreamState, shardId: string) {
    const outputs: StageOutput[] = [];
    const deadLetters: OutgoingRecord[] = [];
    for (const record of records) {
      const decoded = decodeKinesisRecord(record.Data ?? new Uint8Array(), {
        shardId,
        sequenceNumber: record.SequenceNumber ?? '',
      });
      const timestamp = record.ApproximateArrivalTimestamp?.getTime();
      if (decoded.kind === 'sample') {
        outputs.push({
          topic: topics.samples,
          key: decoded.value.resource_id,
          value: decoded.value,
          timestamp: Date.parse(decoded.value.event_time),
        });
      } else if (decoded.kind === 'workload_request') {
        outputs.push({
          topic: topics.workloadRequests,
          key: decoded.value.request_id,
          value: decoded.value,
          ...(timestamp === undefined ? {} : { timestamp }),
        });
      } else {
        metrics.deadLettered.inc({ stage: NAME, reason: decoded.code });
        deadLetters.push(
          kinesisDeadLetter(
            record,
            { region: stream.region, streamName: stream.streamName, shardId },
            { code: decoded.code, message: decoded.reason },
            NAME,
            clock.now(),
          ),
        );
      }
    }
    return { outputs, deadLetters };
  }

  async function readShard(
    stream: StreamState,
    shard: ShardLineage,
    publish: Publish,
    signal: AbortSignal,
  ): Promise<boolean> {
    const client = clients.kinesis(stream.region);
    const key = shardCheckpointKey(stream.region, stream.streamName, shard.shardId);
    const saved = (await loadCheckpoints()).get(key);
    const iterator =
      stream.iterators.get(shard.shardId) ??
      (await shardIterator(
        client,
        stream.region,
        stream.streamName,
        shard.shardId,
        startOf(stream, shard, saved),
        signal,
      ));
    if (iterator === undefined) {
      return false;
    }

    const output = await getRecords(client, stream.region, iterator, settings.max_records_per_call, signal);
    const records = output.Records ?? [];
    const { outputs, deadLetters } = decodeAll(records, stream, shard.shardId);
    await publish(outputs);
    if (deadLetters.length > 0) {
      deadLetterProducer ??= await context.transport.producer();
      await deadLetterProducer.send(topics.dlq, deadLetters);
    }

    const lastSequence = records.at(-1)?.SequenceNumber ?? saved?.sequence_number ?? null;
    const finished = shardFinished(shard, output.NextShardIterator, records.length, lastSequence);
    if (records.length > 0 || finished) {
      const checkpoint = { sequence_number: lastSequence, finished };
      await store.save([[key, checkpoint]]);
      checkpoints?.set(key, checkpoint);
    }

    if (finished || output.NextShardIterator === undefined) {
      stream.iterators.delete(shard.shardId);
      logger.info({ stream: stream.streamName, shard: shard.shardId }, 'Kinesis shard read to its end');
    } else {
      stream.iterators.set(shard.shardId, output.NextShardIterator);
    }
    for (const published of outputs) {
      metrics.recordsPublished.inc({ stage: NAME, topic: published.topic });
    }
    return records.length >= settings.max_records_per_call || (output.MillisBehindLatest ?? 0) > 0;
  }

  async function readStream(stream: StreamState, publish: Publish, signal: AbortSignal): Promise<boolean> {
    const now = clock.now();
    if (stream.listedAtMs === null || now - stream.listedAtMs >= settings.shard_refresh_s * 1000) {
      stream.shards = await listAllShards(
        clients.kinesis(stream.region),
        stream.region,
        stream.streamName,
        signal,
      );
      stream.listedAtMs = now;
    }
    const saved = await loadCheckpoints();
    const finished = new Set(
      stream.shards
        .filter(
          (shard) =>
            saved.get(shardCheckpointKey(stream.region, stream.streamName, shard.shardId))?.finished === true,
        )
        .map((shard) => shard.shardId),
    );
    let more = false;
    await pollEach(
      readableShards(stream.shards, finished),
      async (shard) => {
        more = (await readShard(stream, shard, publish, signal)) || more;
      },
      failures,
      signal,
      // The next round gets a fresh iterator from the checkpoint, which also recovers from an
      // expired iterator.
      (shard) => stream.iterators.delete(shard.shardId),
    );
    return more;
  }

  return {
    async readRound(publish, signal) {
      let more = false;
      await pollEach(
        streams,
        async (stream) => {
          more = (await readStream(stream, publish, signal)) || more;
        },
        failures,
        signal,
      );
      return more;
    },
    async close() {
      const producer = deadLetterProducer;
      deadLetterProducer = null;
      await Promise.allSettled([store.close(), producer?.close()]);
    },
  };
}

/** The Kinesis reader as a source of `eaawas run --source aws`; it runs when streams are configured. */
export const kinesisSource: SourceDefinition = {
  name: NAME,
  outputs: (topics) => [topics.samples, topics.workloadRequests, topics.dlq],
  enabled: (config) => config.sources.mode === 'aws' && config.sources.collectors.kinesis.streams.length > 0,
  create(context: StageContext): Promise<SourceInstance> {
    const clients = createAwsClients(context.config.aws);
    const reader = createKinesisReader(context, clients);
    const intervalMs = context.config.sources.collectors.kinesis.poll_interval_ms;
    return Promise.resolve({
      async run(publish, signal) {
        context.logger.info(
          { streams: context.config.sources.collectors.kinesis.streams },
          'Kinesis source started',
        );
        while (!signal.aborted) {
          const more = await reader.readRound(publish, signal);
          await abortableSleep(more ? MIN_ROUND_INTERVAL_MS : intervalMs, signal);
        }
      },
      async close() {
        await reader.close();
        clients.destroy();
      },
    });
  },
};
