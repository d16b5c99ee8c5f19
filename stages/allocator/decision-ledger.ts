import type { RecordHeaders } from '../../pipeline/transport/transport.js';
import type { Decision } from '../../schemas/definitions/decision.js';
import type { Reservation } from './fleet-state.js';

/** Headers on a decision record that carry its reservation, so a restarted allocator can hold it again. */
export const RESERVATION_HEADERS = {
  action: 'eaawas-action',
  cpuCores: 'eaawas-cpu-cores',
  memoryBytes: 'eaawas-memory-bytes',
  endTime: 'eaawas-end-time',
  reservedResource: 'eaawas-reserved-resource',
  deferred: 'eaawas-deferred',
} as const;

interface LedgerEntry {
  /** The decision made by this process, kept so a redelivery of the same record re-sends it unchanged. */
  decision: Decision | null;
  headers: RecordHeaders;
  /** `<topic>/<partition>/<offset>` of the request this process decided; null when restored from the topic. */
  source: string | null;
}

/** Outcome of looking up a request id that the ledger may already contain. */
export type LedgerLookup =
  | { kind: 'new' }
  | { kind: 'duplicate' }
  | { kind: 'redelivered'; decision: Decision; headers: RecordHeaders };

/**
 * The ids of every request that has a decision. Restored from the compacted decisions topic when
 * partitions are assigned, then kept current as this process decides. A request whose id is
 * present is never decided again: a duplicate message is dropped, and the same record delivered
 * again to this process (a batch retried after a failed send) gets the identical decision.
 */
export interface DecisionLedger {
  lookup(requestId: string, source: string): LedgerLookup;
  record(decision: Decision, headers: RecordHeaders, source: string): void;
  restore(requestId: string): void;
  readonly size: number;
}

// NOTE: every decided id stays in memory for the life of the process; nothing expires old ids.
export function createDecisionLedger(): DecisionLedger {
  const entries = new Map<string, LedgerEntry>();
  return {
    lookup(requestId, source) {
      const entry = entries.get(requestId);
      if (entry === undefined) {
        return { kind: 'new' };
      }
      if (entry.source === source && entry.decision !== null) {
        return { kind: 'redelivered', decision: entry.decision, headers: entry.headers };
      }
      return { kind: 'duplicate' };
    },
    record(decision, headers, source) {
      entries.set(decision.request_id, { decision, headers, source });
    },
    restore(requestId) {
      if (!entries.has(requestId)) {
        entries.set(requestId, { decision: null, headers: {}, source: null });
      }
    },
    get size() {
      return entries.size;
    },
  };
}

/** Encodes a reservation into decision headers. */
export function reservationHeaders(reservation: Reservation, action: string): RecordHeaders {
  return {
    [RESERVATION_HEADERS.action]: action,
    [RESERVATION_HEADERS.cpuCores]: String(reservation.cpuCores),
    [RESERVATION_HEADERS.memoryBytes]: String(reservation.memoryBytes),
    [RESERVATION_HEADERS.endTime]: new Date(reservation.endMs).toISOString(),
    [RESERVATION_HEADERS.reservedResource]: reservation.resourceId,
    [RESERVATION_HEADERS.deferred]: String(reservation.deferred),
  };
}

/** Rebuilds a reservation from a decision and its headers; null when the headers are absent or malformed. */
export function reservationFromRecord(decision: Decision, headers: RecordHeaders): Reservation | null {
  const cpuCores = Number(headers[RESERVATION_HEADERS.cpuCores]);
  const memoryBytes = Number(headers[RESERVATION_HEADERS.memoryBytes]);
  const endMs = Date.parse(headers[RESERVATION_HEADERS.endTime] ?? '');
  const resourceId = headers[RESERVATION_HEADERS.reservedResource];
  if (decision.target === null || decision.start_time === null || resourceId === undefined) {
    return null;
  }
  if (!Number.isFinite(cpuCores) || !Number.isFinite(memoryBytes) || Number.isNaN(endMs)) {
    return null;
  }
  return {
    requestId: decision.request_id,
    resourceId,
    region: decision.target.region,
    cpuCores,
    memoryBytes,
    startMs: Date.parse(decision.start_time),
    endMs,
    deferred: headers[RESERVATION_HEADERS.deferred] === 'true',
  };
}
