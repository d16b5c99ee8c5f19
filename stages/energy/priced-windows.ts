/** The input record that priced a resource's latest window. */
interface PricedWindow {
  windowStartMs: number;
  partition: number;
  offset: bigint;
}

/** A window's resource and start, with the position of the input record that carries it. */
export interface WindowArrival {
  resourceId: string;
  windowStartMs: number;
  partition: number;
  offset: string;
}

/**
 * Per resource, the latest window the energy stage priced, so that an identical copy of an
 * aggregate window is dropped instead of priced twice.
 *
 * The aggregate stage can send a window again after a crash (see
 * docs/decisions/0002-exactly-once-windows.md), as a new record at a higher offset. Aggregates are
 * keyed by resource id and one size's windows of a resource arrive in window_start order, so a
 * window that starts at or before the last priced one is a copy. A record at or below the offset
 * that priced the last window is different: it is the stage's own uncommitted input delivered
 * again. It is priced again, because its first output may not have been sent.
 *
 * Memory grows with the number of resources that have a priced window, as the inventory does.
 */
export interface PricedWindows {
  /** True when the window starts at or before the resource's last priced window. */
  isCopy(arrival: WindowArrival): boolean;
  /** Records that the window was priced. */
  remember(arrival: WindowArrival): void;
}

/** Creates the empty per-resource memory of priced windows. */
export function createPricedWindows(): PricedWindows {
  const latest = new Map<string, PricedWindow>();

  return {
    isCopy(arrival) {
      const priced = latest.get(arrival.resourceId);
      if (priced === undefined || arrival.windowStartMs > priced.windowStartMs) {
        return false;
      }
      const redelivered = arrival.partition === priced.partition && BigInt(arrival.offset) <= priced.offset;
      return !redelivered;
    },
    remember(arrival) {
      latest.set(arrival.resourceId, {
        windowStartMs: arrival.windowStartMs,
        partition: arrival.partition,
        offset: BigInt(arrival.offset),
      });
    },
  };
}
