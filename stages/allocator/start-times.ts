import type { AllocatorConfig } from './allocator-config.js';
import { isDeferrable, type AllocationRequest } from './allocation-request.js';
import { deferredCoresInHour, type FleetState } from './fleet-state.js';

const HOUR_MS = 3_600_000;

/**
 * Start times a request may take. The first is the earliest start: not_before, or the decision
 * time when that is later. A deferrable request adds every whole UTC hour after it up to the last
 * start that still meets the deadline, within schedule_horizon_hours.
 */
export function candidateStartTimes(
  request: AllocationRequest,
  config: AllocatorConfig,
  nowMs: number,
): number[] {
  const earliest = Math.max(request.notBeforeMs, nowMs);
  const starts = [earliest];
  if (!isDeferrable(request) || request.deadlineMs === null) {
    return starts;
  }
  const latest = Math.min(
    request.deadlineMs - request.durationHours * HOUR_MS,
    earliest + config.schedule_horizon_hours * HOUR_MS,
  );
  for (let hourMs = Math.floor(earliest / HOUR_MS) * HOUR_MS + HOUR_MS; hourMs <= latest; hourMs += HOUR_MS) {
    starts.push(hourMs);
  }
  return starts;
}

/**
 * Checks the cap on deferred work: every hour the deferred run overlaps must keep the region's
 * deferred vCPUs within deferred_vcpus_per_region_hour. Returns the reason when it does not.
 */
export function deferralCapProblem(
  state: FleetState,
  config: AllocatorConfig,
  request: AllocationRequest,
  region: string,
  startMs: number,
): string | null {
  const endMs = startMs + request.durationHours * HOUR_MS;
  for (let hourMs = Math.floor(startMs / HOUR_MS) * HOUR_MS; hourMs < endMs; hourMs += HOUR_MS) {
    const cores = deferredCoresInHour(state, region, hourMs);
    if (cores + request.cpuCores > config.deferred_vcpus_per_region_hour) {
      return `hour ${new Date(hourMs).toISOString()} in ${region} already holds ${cores} deferred vCPUs (cap ${config.deferred_vcpus_per_region_hour})`;
    }
  }
  return null;
}
