import { partitionForKey } from '../pipeline/transport/murmur2.js';
import type { Sample } from '../schemas/definitions/sample.js';
import { toAggregate } from '../stages/aggregate/aggregate-record.js';
import { createWindowStore, type WindowStore } from '../stages/aggregate/window-store.js';

export interface WindowSettings {
  windowSizesS: readonly number[];
  allowedLatenessS: number;
}

/** Identity of one window, as consumers deduplicate by it: resource, metric, size and start. */
export function windowIdentity(window: {
  resource_id: string;
  metric: string;
  window_size_s: number;
  window_start: string;
}): string {
  return `${window.resource_id}|${window.metric}|${window.window_size_s}|${window.window_start}`;
}

/**
 * The windows the aggregate stage must emit for these samples: each partition's samples go through
 * the stage's own window store in send order, and every window its final watermark closes counts.
 * The samples must be in event-time order per partition, so no sample is late.
 */
export function expectedWindowIdentities(
  samples: readonly Sample[],
  partitions: number,
  settings: WindowSettings,
): Set<string> {
  const stores = new Map<number, WindowStore>();
  let offset = 0n;
  for (const sample of samples) {
    const partition = partitionForKey(sample.resource_id, partitions);
    let store = stores.get(partition);
    if (store === undefined) {
      store = createWindowStore({
        windowSizesS: [...settings.windowSizesS],
        allowedLatenessS: settings.allowedLatenessS,
      });
      stores.set(partition, store);
    }
    const outcome = store.apply(offset, sample);
    offset += 1n;
    if (outcome.kind === 'late') {
      throw new Error(
        `sample of ${sample.resource_id} at ${sample.event_time} is late; expected windows need in-order samples`,
      );
    }
  }
  const identities = new Set<string>();
  for (const store of stores.values()) {
    for (const window of store.closeReady()) {
      identities.add(windowIdentity(toAggregate(window)));
    }
  }
  return identities;
}
