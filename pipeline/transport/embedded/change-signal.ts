/**
 * Wakes every waiter when something in the embedded transport changes: records appended, offsets
 * committed, a group rebalanced, a partition released or a consumer closed. Waiters re-check their
 * own condition after waking, so one shared signal is enough and no change can be missed as long
 * as a waiter checks its condition and calls `wait` in the same synchronous step.
 */
export interface ChangeSignal {
  /** Resolves at the next `notify`. */
  wait(): Promise<void>;
  notify(): void;
}

export function createChangeSignal(): ChangeSignal {
  let waiters: Array<() => void> = [];

  return {
    wait() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
      });
    },
    notify() {
      const woken = waiters;
      waiters = [];
      for (const wake of woken) {
        wake();
      }
    },
  };
}
