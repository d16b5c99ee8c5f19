import type { Publish } from '../../pipeline/runner/source.js';

/** The state of one resource in one region's listing: live with its value, or gone. */
export type ListedResource<T> = { id: string; gone: false; value: T } | { id: string; gone: true };

/** An inventory record to publish: the latest state, or null for a tombstone. */
export interface InventoryChange<T> {
  id: string;
  value: T | null;
}

/**
 * Decides which inventory records a listing produces. Every live resource is published again on
 * each poll, so the compacted topic keeps the latest state. A resource that is listed as gone
 * (an EC2 instance in state terminated) or that disappears from its region's listing gets one
 * tombstone. The tracker keeps state only in memory: after a restart a terminated instance that AWS
 * still lists gets its tombstone again, which compaction makes harmless.
 */
export interface InventoryTracker<T> {
  /**
   * Returns the records one listing of a region produces. The tracker remembers the listing only
   * when `commit` is called, after the records were published, so a failed publish repeats them.
   */
  reconcile(
    region: string,
    listed: ReadonlyArray<ListedResource<T>>,
  ): { changes: Array<InventoryChange<T>>; commit: () => void };
}

export function createInventoryTracker<T>(): InventoryTracker<T> {
  const liveByRegion = new Map<string, Set<string>>();
  // Ids already tombstoned, kept only while the listing still shows them, so memory stays bounded.
  const tombstonedByRegion = new Map<string, Set<string>>();

  return {
    reconcile(region, listed) {
      const previousLive = liveByRegion.get(region) ?? new Set<string>();
      const previousTombstoned = tombstonedByRegion.get(region) ?? new Set<string>();
      const live = new Set<string>();
      const tombstoned = new Set<string>();
      const changes: Array<InventoryChange<T>> = [];
      for (const resource of listed) {
        if (resource.gone) {
          if (!previousTombstoned.has(resource.id)) {
            changes.push({ id: resource.id, value: null });
          }
          tombstoned.add(resource.id);
          continue;
        }
        live.add(resource.id);
        changes.push({ id: resource.id, value: resource.value });
      }
      for (const id of previousLive) {
        if (!live.has(id) && !tombstoned.has(id)) {
          changes.push({ id, value: null });
        }
      }
      return {
        changes,
        commit: () => {
          liveByRegion.set(region, live);
          tombstonedByRegion.set(region, tombstoned);
        },
      };
    },
  };
}

/**
 * Publishes the records that one listing of `region` produces to `topic`, keyed by resource id,
 * and commits the listing once the publish is acknowledged. Returns the number of records sent.
 */
export async function publishInventoryListing<T>(
  tracker: InventoryTracker<T>,
  region: string,
  listed: ReadonlyArray<ListedResource<T>>,
  topic: string,
  publish: Publish,
): Promise<number> {
  const { changes, commit } = tracker.reconcile(region, listed);
  await publish(changes.map((change) => ({ topic, key: change.id, value: change.value })));
  commit();
  return changes.length;
}
