import type { WorkloadRequest } from '../../schemas/definitions/index.js';
import { randomFor, type RandomSource } from './seeded-random.js';
import type { DurationBin, VmArrival } from './workload-arrivals.js';

const HOUR_S = 3600;
/** Shortest replayed lifetime: bin 0 holds VMs that lived under 5 minutes, and a request needs a positive duration. */
const MIN_DURATION_S = 300;

export interface WorkloadMappingOptions {
  seed: number;
  sampleFraction: number;
  wattsPerVcpu: number;
  /** Simulated instant of the arrivals file's first bin, in epoch milliseconds. */
  originMs: number;
  /** The arrival_s of the file's first row; arrivals are replayed relative to it. */
  firstArrivalS: number;
}

/** A workload request and the simulated instant it arrives at. */
export interface ReplayedRequest {
  arrivalMs: number;
  request: WorkloadRequest & { request_id: string };
}

function pickPriority(random: RandomSource): WorkloadRequest['priority'] {
  const draw = random();
  if (draw < 0.2) {
    return 'high';
  }
  return draw < 0.5 ? 'medium' : 'low';
}

/** Slack between the earliest end and the deadline, in hours: high priority gets none. */
function slackHours(priority: WorkloadRequest['priority'], random: RandomSource): number {
  switch (priority) {
    case 'high':
      return 0;
    case 'medium':
      return 4 * random();
    case 'low':
      return 4 + 20 * random();
  }
}

/** A lifetime inside the bin, on the trace's 300-second grid, at least MIN_DURATION_S. */
function pickDurationS(bin: DurationBin | undefined, random: RandomSource): number {
  if (bin === undefined) {
    return MIN_DURATION_S;
  }
  const steps = Math.floor((bin.maxS - bin.minS) / 300);
  return Math.max(MIN_DURATION_S, bin.minS + 300 * Math.floor(random() * (steps + 1)));
}

/**
 * Turns one arrival row into workload requests, one per VM the row stands for, keeping each VM with
 * probability `sampleFraction`. Every choice (kept or not, priority, lifetime in its bin, deadline
 * slack) comes from a generator seeded by the seed and the VM's row and index, so the output does
 * not depend on which other rows are read. A censored VM's lifetime is the time it ran until the
 * trace ended, a lower bound.
 */
export function arrivalRequests(
  arrival: VmArrival,
  bins: ReadonlyMap<number, DurationBin>,
  options: WorkloadMappingOptions,
): ReplayedRequest[] {
  const requests: ReplayedRequest[] = [];
  const arrivalMs = options.originMs + (arrival.arrivalS - options.firstArrivalS) * 1000;
  for (let index = 0; index < arrival.count; index += 1) {
    const name = `${arrival.row}:${index}`;
    const random = randomFor(options.seed, `workload:${name}`);
    if (random() >= options.sampleFraction) {
      continue;
    }
    const priority = pickPriority(random);
    const durationS = pickDurationS(bins.get(arrival.durationBin), random);
    const deadlineMs = arrivalMs + (durationS + slackHours(priority, random) * HOUR_S) * 1000;
    requests.push({
      arrivalMs,
      request: {
        request_id: `replay-${options.seed}-${arrival.arrivalS}-${arrival.row}-${index}`,
        cpu_request: arrival.vcpus,
        memory_request: `${arrival.memoryGb}Gi`,
        priority,
        max_energy_consumption: arrival.vcpus * options.wattsPerVcpu,
        duration_hours: durationS / HOUR_S,
        not_before: new Date(arrivalMs).toISOString(),
        deadline: new Date(Math.round(deadlineMs / 1000) * 1000).toISOString(),
        labels: {
          trace: 'azure_v1',
          trace_arrival_s: String(arrival.arrivalS),
          tenant_batch: String(arrival.tenantBatch),
          censored: String(arrival.censored),
        },
      },
    });
  }
  return requests;
}
