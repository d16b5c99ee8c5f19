import type { Inventory } from '../../../schemas/definitions/inventory.js';

/** The latest inventory entry per resource id, from the compacted inventory topic. */
export interface InventoryStore {
  put(entry: Inventory): void;
  /** Applies a tombstone: the resource no longer exists. */
  delete(resourceId: string): void;
  get(resourceId: string): Inventory | undefined;
  all(): Inventory[];
}

export function createInventoryStore(): InventoryStore {
  const entries = new Map<string, Inventory>();
  return {
    put: (entry) => {
      entries.set(entry.resource_id, entry);
    },
    delete: (resourceId) => {
      entries.delete(resourceId);
    },
    get: (resourceId) => entries.get(resourceId),
    all: () => [...entries.values()],
  };
}
