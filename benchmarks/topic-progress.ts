import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

import type { Transport } from '../pipeline/transport/transport.js';

/** Sums per-partition offsets, which for end offsets is the record count of a fresh topic. */
export function sumOffsets(offsets: ReadonlyMap<number, string>): number {
  let total = 0;
  for (const offset of offsets.values()) {
    total += Number(offset);
  }
  return total;
}

/** Records in a topic: the sum of its end offsets (the topics here are fresh and never compacted early). */
export async function topicRecordCount(transport: Transport, topic: string): Promise<number> {
  return sumOffsets(await transport.admin().endOffsets(topic));
}

/**
 * Polls every `pollMs` until the group's committed offsets on `topic` add up to `target`.
 * @throws Error naming the group, the topic and the progress when `timeoutMs` passes first
 */
export async function waitForCommitted(
  transport: Transport,
  groupId: string,
  topic: string,
  target: number,
  timeoutMs: number,
  pollMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const committed = sumOffsets(await transport.admin().committedOffsets(groupId, topic));
    if (committed >= target) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `group ${groupId} committed ${committed} of ${target} records of ${topic} within ${timeoutMs} ms`,
      );
    }
    await delay(pollMs);
  }
}

/**
 * Waits until every group is Stable with at least one member on the Kafka cluster, so a timed span
 * leaves out the first group join. kafkajs's admin client is used because the transport's Admin
 * does not describe groups.
 * @throws Error naming the groups that did not settle within `timeoutMs`
 */
export async function waitForStableGroups(
  brokers: string,
  groupIds: string[],
  timeoutMs: number,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'eaawas-bench-groups',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { groups } = await admin.describeGroups(groupIds);
      const unsettled = groups
        .filter((group) => group.state !== 'Stable' || group.members.length === 0)
        .map((group) => group.groupId);
      if (unsettled.length === 0) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`consumer groups ${unsettled.join(', ')} were not Stable within ${timeoutMs} ms`);
      }
      await delay(100);
    }
  } finally {
    await admin.disconnect();
  }
}
