import type { Alternative, Decision, PlacementTarget } from '../../schemas/definitions/decision.js';
import type { AllocatorConfig } from './allocator-config.js';
import type { AllocationRequest } from './allocation-request.js';
import {
  generateCandidates,
  reservationProblem,
  type Candidate,
  type CandidateAction,
} from './candidates.js';
import { rejectionReason, placementReason } from './decision-reason.js';
import type { AllocatorEnergyModel } from './energy-model.js';
import type { FleetState, Reservation } from './fleet-state.js';
import { estimatePlacement, type IntensityCache, type PlacementEstimate } from './placement-estimate.js';
import { candidateStartTimes, deferralCapProblem } from './start-times.js';

const HOUR_MS = 3_600_000;

export interface DecideInput {
  request: AllocationRequest;
  state: FleetState;
  model: AllocatorEnergyModel;
  config: AllocatorConfig;
  /** Regions used when the request names none (the configured aws.regions). */
  defaultRegions: readonly string[];
  /** Decision time in epoch ms: the request's event time, so a replayed request decides the same way. */
  nowMs: number;
}

/** A decision and what the allocator must remember about it. */
export interface DecideOutcome {
  decision: Decision;
  /** Action by which the chosen capacity takes the workload; null when rejected. */
  action: CandidateAction | null;
  reservation: Reservation | null;
}

export interface ScoredCandidate {
  candidate: Candidate;
  /** The candidate's best feasible start, or its first start with the reason it is infeasible. */
  estimate: PlacementEstimate;
  /** The candidate at the earliest start, when that is feasible. */
  startNow?: PlacementEstimate | undefined;
}

/**
 * Chooses the placement and start time with the lowest score among every feasible candidate and
 * start, and builds the decision with the alternatives it beat. Pure: the same input gives the same
 * decision, ties broken by score, then earlier start, then target.
 */
export function decide(input: DecideInput): DecideOutcome {
  const { request, state, model, config, nowMs } = input;
  const regions = request.regions ?? [...input.defaultRegions].sort();
  const candidates = generateCandidates(state, model, config, request, regions, nowMs);
  const starts = candidateStartTimes(request, config, nowMs);
  const earliest = starts[0] ?? request.notBeforeMs;

  const cache: IntensityCache = new Map();
  const scored = candidates.map((candidate) => bestStartFor(input, candidate, starts, earliest, cache));
  scored.sort(compareScored);
  const chosen = withoutSmallDeferral(scored, earliest, input.config.min_deferral_gain_percent);
  const decidedAt = new Date(nowMs).toISOString();
  const modelVersions: Record<string, string> = { power_model: model.version };

  if (request.deadlineMs !== null && earliest + request.durationHours * HOUR_MS > request.deadlineMs) {
    return rejected(
      request,
      scored,
      `The deadline can no longer be met: the earliest start ${new Date(earliest).toISOString()} plus ${request.durationHours} h ends after it.`,
      modelVersions,
      decidedAt,
      config,
    );
  }
  if (chosen === undefined) {
    return rejected(
      request,
      scored,
      rejectionReason(request, regions, scored),
      modelVersions,
      decidedAt,
      config,
    );
  }

  const { candidate, estimate } = chosen;
  if (candidate.forecastModel !== null) {
    modelVersions[candidate.forecastModel.name] = candidate.forecastModel.version;
  }
  const carbonVersions = [...estimate.carbonModelVersions].sort();
  if (carbonVersions.length > 0) {
    modelVersions.carbon_forecast = carbonVersions.join(',');
  }
  const deferred = estimate.startMs > earliest;
  const startingNow = deferred ? estimateAt(input, candidate, earliest) : null;
  const decision: Decision = {
    request_id: request.requestId,
    status: deferred ? 'deferred' : statusOf(candidate.action),
    target: targetOf(candidate),
    start_time: new Date(estimate.startMs).toISOString(),
    added_power_w: round(estimate.addedPowerW, 3),
    energy_kwh: round(estimate.energyKwh, 6),
    carbon_gco2e: round(estimate.operationalGco2e + estimate.embodiedGco2e, 3),
    cost_usd: round(estimate.costUsd, 6),
    alternatives: alternativesOf(
      scored.filter((entry) => entry !== chosen),
      config.max_alternatives,
      estimate.score,
    ),
    reason: placementReason(chosen, scored, startingNow),
    invalid_fields: [],
    model_versions: modelVersions,
    decided_at: decidedAt,
  };
  const reservation: Reservation = {
    requestId: request.requestId,
    resourceId: candidate.reservationResourceId ?? `launch:${request.requestId}`,
    region: candidate.region,
    cpuCores: request.cpuCores,
    memoryBytes: request.memoryBytes,
    startMs: estimate.startMs,
    endMs: estimate.startMs + request.durationHours * HOUR_MS,
    deferred,
  };
  return { decision, action: candidate.action, reservation };
}

function bestStartFor(
  input: DecideInput,
  candidate: Candidate,
  starts: number[],
  earliest: number,
  cache: IntensityCache,
): ScoredCandidate {
  let best: PlacementEstimate | undefined;
  let first: PlacementEstimate | undefined;
  let startNow: PlacementEstimate | undefined;
  for (const startMs of starts) {
    const estimate = estimateAt(input, candidate, startMs, cache);
    first ??= estimate;
    if (estimate.infeasible === null) {
      estimate.infeasible = reservationProblem(input.state, input.request, candidate, startMs);
    }
    if (estimate.infeasible === null && startMs > earliest) {
      estimate.infeasible = deferralCapProblem(
        input.state,
        input.config,
        input.request,
        candidate.region,
        startMs,
      );
    }
    if (estimate.infeasible === null && startMs === earliest) {
      startNow = estimate;
    }
    if (estimate.infeasible === null && (best === undefined || estimate.score < best.score)) {
      best = estimate;
    }
  }
  const estimate = best ?? first ?? estimateAt(input, candidate, earliest);
  return { candidate, estimate, startNow };
}

/**
 * Picks the lowest-score feasible option. When that option waits and the best option starting at
 * once scores less than min_deferral_gain_percent worse, the option starting at once wins.
 */
function withoutSmallDeferral(
  scored: ScoredCandidate[],
  earliest: number,
  minGainPercent: number,
): ScoredCandidate | undefined {
  const best = scored.find((entry) => entry.estimate.infeasible === null);
  if (best === undefined || best.estimate.startMs === earliest) {
    return best;
  }
  let bestNow: ScoredCandidate | undefined;
  for (const entry of scored) {
    if (
      entry.startNow !== undefined &&
      (bestNow === undefined || entry.startNow.score < bestNow.estimate.score)
    ) {
      bestNow = { candidate: entry.candidate, estimate: entry.startNow, startNow: entry.startNow };
    }
  }
  if (bestNow === undefined || best.estimate.score <= bestNow.estimate.score * (1 - minGainPercent / 100)) {
    return best;
  }
  const chosenNow = bestNow;
  // Listed first, the option starting at once keeps the waiting option among the alternatives.
  scored.unshift(chosenNow);
  return chosenNow;
}

function estimateAt(
  input: DecideInput,
  candidate: Candidate,
  startMs: number,
  cache?: IntensityCache,
): PlacementEstimate {
  return estimatePlacement(input.state, input.model, input.config, input.request, candidate, startMs, cache);
}

function compareScored(a: ScoredCandidate, b: ScoredCandidate): number {
  const feasibleA = a.estimate.infeasible === null ? 0 : 1;
  const feasibleB = b.estimate.infeasible === null ? 0 : 1;
  if (feasibleA !== feasibleB) {
    return feasibleA - feasibleB;
  }
  if (a.estimate.score !== b.estimate.score) {
    return a.estimate.score - b.estimate.score;
  }
  if (a.estimate.startMs !== b.estimate.startMs) {
    return a.estimate.startMs - b.estimate.startMs;
  }
  const keyA = targetKey(a.candidate);
  const keyB = targetKey(b.candidate);
  if (keyA === keyB) {
    return 0;
  }
  return keyA < keyB ? -1 : 1;
}

export function targetKey(candidate: Candidate): string {
  return `${candidate.kind}|${candidate.action}|${candidate.region}|${candidate.resourceId ?? ''}|${candidate.instanceType}`;
}

function targetOf(candidate: Candidate): PlacementTarget {
  return {
    kind: candidate.kind,
    resource_id: candidate.resourceId,
    instance_type: candidate.instanceType,
    region: candidate.region,
    availability_zone: candidate.availabilityZone,
  };
}

function statusOf(action: CandidateAction): Decision['status'] {
  switch (action) {
    case 'place':
      return 'placed';
    case 'start':
    case 'launch':
      return 'launched';
    case 'scale':
      return 'scaled';
  }
}

function alternativesOf(
  scored: ScoredCandidate[],
  max: number,
  chosenScore = Number.POSITIVE_INFINITY,
): Alternative[] {
  return scored.slice(0, max).map(({ candidate, estimate }) => ({
    target: targetOf(candidate),
    start_time: new Date(estimate.startMs).toISOString(),
    score: round(estimate.score, 6),
    added_power_w: round(estimate.addedPowerW, 3),
    energy_kwh: round(estimate.energyKwh, 6),
    carbon_gco2e: round(estimate.operationalGco2e + estimate.embodiedGco2e, 3),
    cost_usd: round(estimate.costUsd, 6),
    feasible: estimate.infeasible === null,
    rejected_because: estimate.infeasible ?? losingReason(estimate.score, chosenScore),
  }));
}

function losingReason(score: number, chosenScore: number): string {
  return score < chosenScore
    ? 'waiting for it gains less than min_deferral_gain_percent over starting at once'
    : 'higher score than the chosen placement';
}

function rejected(
  request: AllocationRequest,
  scored: ScoredCandidate[],
  reason: string,
  modelVersions: Record<string, string>,
  decidedAt: string,
  config: AllocatorConfig,
): DecideOutcome {
  return {
    decision: {
      request_id: request.requestId,
      status: 'rejected',
      target: null,
      start_time: null,
      added_power_w: null,
      energy_kwh: null,
      carbon_gco2e: null,
      cost_usd: null,
      alternatives: alternativesOf(scored, config.max_alternatives),
      reason,
      invalid_fields: [],
      model_versions: modelVersions,
      decided_at: decidedAt,
    },
    action: null,
    reservation: null,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
