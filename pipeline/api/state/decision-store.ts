import type { Decision } from '../../../schemas/definitions/decision.js';

/**
 * Decisions by request id, materialized from the compacted decisions topic. Its waiters let
 * POST /workload/allocate respond as soon as the allocator's decision arrives.
 */
export interface DecisionStore {
  put(decision: Decision): void;
  /** Applies a tombstone by removing the request's decision. */
  delete(requestId: string): void;
  get(requestId: string): Decision | undefined;
  /** The most recently received decisions, newest first. */
  recent(limit: number): Decision[];
  /**
   * Resolves with the decision of `requestId` once it is stored, or with undefined after
   * `timeoutMs` milliseconds. Register the wait before producing the request so no decision slips
   * between the two.
   */
  waitFor(requestId: string, timeoutMs: number): Promise<Decision | undefined>;
  size(): number;
}

export interface DecisionStoreOptions {
  /** How many request ids the recent list keeps. */
  recentLimit: number;
}

export function createDecisionStore(options: DecisionStoreOptions): DecisionStore {
  // NOTE: every decision on the compacted topic stays in memory (a few KB each), so a topic with
  // millions of live request ids needs tombstones or an external store behind GET /allocations/{id}.
  const decisions = new Map<string, Decision>();
  // Request ids in arrival order, oldest first; may contain ids since deleted, filtered on read.
  const arrivals: string[] = [];
  const waiters = new Map<string, Set<(decision: Decision) => void>>();

  function put(decision: Decision): void {
    const known = decisions.has(decision.request_id);
    decisions.set(decision.request_id, decision);
    if (!known) {
      arrivals.push(decision.request_id);
      if (arrivals.length > options.recentLimit * 2) {
        arrivals.splice(0, arrivals.length - options.recentLimit);
      }
    }
    const pending = waiters.get(decision.request_id);
    if (pending !== undefined) {
      waiters.delete(decision.request_id);
      for (const resolve of pending) {
        resolve(decision);
      }
    }
  }

  function recent(limit: number): Decision[] {
    const result: Decision[] = [];
    for (let index = arrivals.length - 1; index >= 0 && result.length < limit; index -= 1) {
      const decision = decisions.get(arrivals[index] as string);
      if (decision !== undefined && !result.includes(decision)) {
        result.push(decision);
      }
    }
    return result;
  }

  function waitFor(requestId: string, timeoutMs: number): Promise<Decision | undefined> {
    const existing = decisions.get(requestId);
    if (existing !== undefined) {
      return Promise.resolve(existing);
    }
    return new Promise((resolve) => {
      const pending = waiters.get(requestId) ?? new Set<(decision: Decision) => void>();
      waiters.set(requestId, pending);
      const timer = setTimeout(function onWaitTimeout() {
        pending.delete(onDecision);
        if (pending.size === 0) {
          waiters.delete(requestId);
        }
        resolve(undefined);
      }, timeoutMs);
      function onDecision(decision: Decision): void {
        clearTimeout(timer);
        resolve(decision);
      }
      pending.add(onDecision);
    });
  }

  return {
    put,
    delete: (requestId) => {
      decisions.delete(requestId);
    },
    get: (requestId) => decisions.get(requestId),
    recent,
    waitFor,
    size: () => decisions.size,
  };
}
