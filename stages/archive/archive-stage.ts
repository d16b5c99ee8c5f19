import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientSettings } from '../../pipeline/aws/aws-clients.js';
import { sendAwsCommand } from '../../pipeline/aws/aws-call.js';
import { EaawasError } from '../../pipeline/errors/eaawas-error.js';
import type {
  DecodedRecord,
  StageContext,
  StageDefinition,
  StageInstance,
} from '../../pipeline/runner/stage.js';
import type { TopicNames } from '../../pipeline/topics/topic-names.js';
import { aggregateSchema, type Aggregate } from '../../schemas/definitions/aggregate.js';
import { decisionSchema, type Decision } from '../../schemas/definitions/decision.js';
import { energySchema, type Energy } from '../../schemas/definitions/energy.js';
import type { ArchiveDataset } from './archive-config.js';
import { encodeNdjsonGzip, planArchiveObjects, type ArchiveRecord } from './archive-layout.js';

export const ARCHIVE_STAGE_NAME = 'archive';

const DATASET_TOPICS: Record<ArchiveDataset, (topics: TopicNames) => string> = {
  aggregates: (topics) => topics.aggregates,
  energy: (topics) => topics.energy,
  decisions: (topics) => topics.decisions,
};

/** Returns the event time that places a record in its date and hour partition. */
function eventTime(dataset: ArchiveDataset, value: unknown): string {
  switch (dataset) {
    case 'aggregates':
      return (value as Aggregate).window_start;
    case 'energy':
      return (value as Energy).window_start;
    case 'decisions':
      return (value as Decision).decided_at;
  }
}

/**
 * Archives windows, energy records and decisions to S3 as gzip NDJSON, one object per batch and
 * hour (see planArchiveObjects for the key layout and why a restart neither loses nor repeats a
 * record). Every object of a batch is written before the batch returns, so the runner commits
 * offsets only for records already in S3. A failed PutObject fails the batch; the runner retries
 * it when the SDK marked the fault retriable and stops the stage otherwise. Tombstones of the
 * compacted decisions topic are skipped: the archive keeps what was decided, not deletions.
 * Input declarations cannot see the config, so all three topics are consumed and the records of
 * datasets left out of `archive.datasets` are committed without being written.
 */
export const archiveStage: StageDefinition = {
  name: ARCHIVE_STAGE_NAME,
  enabled: (config) => config.archive.enabled,
  inputs: (topics) => [
    { topic: topics.aggregates, schema: aggregateSchema },
    { topic: topics.energy, schema: energySchema },
    { topic: topics.decisions, schema: decisionSchema },
  ],
  outputs: () => [],
  create: createArchiveStageInstance,
};

function createArchiveStageInstance(context: StageContext): Promise<StageInstance> {
  const { config, topics, logger } = context;
  const settings = config.archive;
  if (!settings.enabled) {
    // A runner that ignores `enabled` must not reach S3 with a config that switched it off.
    return Promise.reject(
      new EaawasError(
        'CONFIG_INVALID',
        'The archive stage was started although archive.enabled is false; enable it or leave it out of --stages.',
      ),
    );
  }
  const client = new S3Client({
    ...awsClientSettings(config.aws, settings.region),
    forcePathStyle: settings.force_path_style,
  });
  const datasetOfTopic = new Map<string, ArchiveDataset>(
    settings.datasets.map((dataset) => [DATASET_TOPICS[dataset](topics), dataset]),
  );
  let closed = false;

  async function writeBatch(
    dataset: ArchiveDataset,
    partition: number,
    records: DecodedRecord[],
  ): Promise<number> {
    const archived: ArchiveRecord[] = records
      .filter((record) => record.value !== null)
      .map((record) => ({
        offset: record.offset,
        value: record.value,
        eventTime: eventTime(dataset, record.value),
      }));
    const objects = planArchiveObjects(settings.prefix, dataset, partition, archived);
    for (const object of objects) {
      const command = new PutObjectCommand({
        Bucket: settings.bucket,
        Key: object.key,
        Body: encodeNdjsonGzip(object.records.map((record) => record.value)),
        ContentType: 'application/x-ndjson',
        ContentEncoding: 'gzip',
      });
      await sendAwsCommand(settings.region, command, (put) => client.send(put));
    }
    return objects.length;
  }

  return Promise.resolve({
    async processBatch(records, partition) {
      const dataset = datasetOfTopic.get(partition.topic);
      if (dataset === undefined || records.length === 0) {
        return { outputs: [] };
      }
      const written = await writeBatch(dataset, partition.partition, records);
      logger.debug(
        { topic: partition.topic, partition: partition.partition, records: records.length, objects: written },
        'archived batch',
      );
      return { outputs: [] };
    },
    close() {
      if (!closed) {
        closed = true;
        client.destroy();
      }
      return Promise.resolve();
    },
  });
}
