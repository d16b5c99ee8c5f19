import pino from 'pino';
import { Registry } from 'prom-client';

import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import type { StageDefinition, StageInstance, StageOutput } from '../../../pipeline/runner/stage.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Transport, TopicPartition } from '../../../pipeline/transport/transport.js';

/**
 * A driver that runs a stage which restores from a changelog by hand, batch by batch, so a test
 * can reproduce each crash point: which of a batch's sends were acknowledged and where the input
 * resumes.
 */
export interface ChangelogReplayHarness {
  transport: Transport;
  /** Creates a new instance, as a restarted process would, and assigns it the test's partition. */
  startInstance(): Promise<StageInstance>;
  /** Sends only the changelog records among `outputs`, as if only they were acknowledged. */
  sendChangelog(outputs: StageOutput[]): Promise<void>;
  close(): Promise<void>;
}

/** Connects a transport for `config` with the pipeline topics created, and returns the harness on it. */
export async function createChangelogReplayHarness(
  stage: StageDefinition,
  config: EaawasConfig,
  partition: TopicPartition,
  changelog: string,
): Promise<ChangelogReplayHarness> {
  const topics = topicNames(config.transport.topic_prefix);
  const transport = createTransport(config, { logger: pino({ level: 'silent' }), registry: new Registry() });
  await transport.connect();
  await createPipelineTopics(transport, config);

  return {
    transport,
    async startInstance() {
      const instance = await stage.create({
        config,
        topics,
        logger: pino({ level: 'silent' }),
        registry: new Registry(),
        transport,
        clock: systemClock,
      });
      await instance.onAssignment?.([partition]);
      return instance;
    },
    async sendChangelog(outputs) {
      const producer = await transport.producer();
      const records = outputs.filter((output) => output.topic === changelog);
      await producer.send(
        changelog,
        records.map((output) => ({ key: output.key, value: JSON.stringify(output.value) })),
      );
    },
    close: () => transport.close(),
  };
}
