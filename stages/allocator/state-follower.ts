import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { TopicNames } from '../../pipeline/topics/topic-names.js';
import type { Consumer, IncomingRecord, RecordBatch, Transport } from '../../pipeline/transport/transport.js';
import { carbonSchema } from '../../schemas/definitions/carbon.js';
import { decisionSchema } from '../../schemas/definitions/decision.js';
import { forecastSchema } from '../../schemas/definitions/forecast.js';
import { inventorySchema } from '../../schemas/definitions/inventory.js';
import { reservationFromRecord } from './decision-ledger.js';
import { applyCarbon, applyForecast, applyInventory, type FleetState } from './fleet-state.js';

export interface StateFollowerOptions {
  transport: Transport;
  topics: TopicNames;
  state: FleetState;
  logger: Logger;
  /** Group id prefix; a random suffix makes the group private to this process. */
  groupIdPrefix: string;
  invalidRecords: Counter<'topic'>;
}

/**
 * Keeps the fleet state current from the inventory, forecast and carbon topics, and the
 * reservations from the decisions topic. Every allocator process needs the whole fleet, not only
 * its share of partitions, so it reads all partitions in a consumer group of its own from the
 * earliest offset and never commits.
 */
export interface StateFollower {
  start(): Promise<void>;
  /** Resolves true once every record that existed at the call is applied, false on timeout. */
  waitUntilCaughtUp(timeoutMs: number, pollMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createStateFollower(options: StateFollowerOptions): StateFollower {
  const { transport, topics, state, logger } = options;
  const followed = [topics.inventory, topics.forecasts, topics.carbon, topics.decisions];
  const applied = new Map<string, bigint>();
  let consumer: Consumer | undefined;

  function applyRecord(record: IncomingRecord): void {
    const value = decode(record);
    if (value === undefined) {
      options.invalidRecords.inc({ topic: record.topic });
      return;
    }
    if (record.topic === topics.decisions) {
      applyDecision(record, value);
      return;
    }
    if (record.topic === topics.inventory) {
      const parsed = value === null ? null : inventorySchema.safeParse(value);
      if (parsed === null) {
        applyInventory(state, record.key ?? '', null);
      } else if (parsed.success) {
        applyInventory(state, record.key ?? parsed.data.resource_id, parsed.data);
      } else {
        options.invalidRecords.inc({ topic: record.topic });
      }
      return;
    }
    const schema = record.topic === topics.forecasts ? forecastSchema : carbonSchema;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      options.invalidRecords.inc({ topic: record.topic });
    } else if (record.topic === topics.forecasts) {
      applyForecast(state, forecastSchema.parse(value));
    } else {
      applyCarbon(state, carbonSchema.parse(value));
    }
  }

  // Decisions of every allocator process hold capacity, not only this process's own.
  function applyDecision(record: IncomingRecord, value: unknown): void {
    if (value === null) {
      return;
    }
    const parsed = decisionSchema.safeParse(value);
    if (!parsed.success) {
      options.invalidRecords.inc({ topic: record.topic });
      return;
    }
    const reservation = reservationFromRecord(parsed.data, record.headers);
    if (reservation !== null) {
      state.reservations.set(reservation.requestId, reservation);
    }
  }

  function handleBatch(batch: RecordBatch): Promise<void> {
    for (const record of batch.records) {
      applyRecord(record);
      applied.set(`${record.topic}/${record.partition}`, BigInt(record.offset) + 1n);
    }
    return Promise.resolve();
  }

  return {
    async start() {
      consumer = transport.consumer({
        groupId: `${options.groupIdPrefix}.${randomUUID()}`,
        topics: followed,
        fromBeginning: true,
      });
      await consumer.run(handleBatch);
      logger.info({ event: 'state_follower_started', topics: followed }, 'fleet state follower started');
    },

    async waitUntilCaughtUp(timeoutMs, pollMs = 100) {
      const targets: Array<{ key: string; end: bigint }> = [];
      for (const topic of followed) {
        const ends = await transport.admin().endOffsets(topic);
        for (const [partition, end] of ends) {
          if (BigInt(end) > 0n) {
            targets.push({ key: `${topic}/${partition}`, end: BigInt(end) });
          }
        }
      }
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (targets.every((target) => (applied.get(target.key) ?? 0n) >= target.end)) {
          return true;
        }
        if (Date.now() >= deadline) {
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },

    async close() {
      await consumer?.close();
    },
  };
}

/** Parses a record's JSON value; null for a tombstone, undefined when the bytes are not JSON. */
function decode(record: IncomingRecord): unknown {
  if (record.value === null) {
    return null;
  }
  try {
    return JSON.parse(record.value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
