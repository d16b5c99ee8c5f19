import type { AllocationRequest } from './allocation-request.js';
import type { Candidate } from './candidates.js';
import type { ScoredCandidate } from './decide.js';
import type { PlacementEstimate } from './placement-estimate.js';

/** Builds the human-readable reason of a placement: where, what it adds, what it beat and why. */
export function placementReason(
  chosen: ScoredCandidate,
  scored: ScoredCandidate[],
  startingNow: PlacementEstimate | null,
): string {
  const { candidate, estimate } = chosen;
  const carbon = estimate.operationalGco2e + estimate.embodiedGco2e;
  const parts = [
    `${verbOf(candidate)} ${describe(candidate)} at ${new Date(estimate.startMs).toISOString()}`,
    `adds ${estimate.addedPowerW.toFixed(1)} W, ${estimate.energyKwh.toFixed(4)} kWh, ${carbon.toFixed(1)} gCO2e and $${estimate.costUsd.toFixed(4)} (score ${estimate.score.toFixed(2)})`,
  ];
  if (startingNow !== null) {
    const nowCarbon = startingNow.operationalGco2e + startingNow.embodiedGco2e;
    parts.push(
      `deferred to the lowest-score feasible hour; starting at once would emit ${nowCarbon.toFixed(1)} gCO2e (score ${startingNow.score.toFixed(2)})`,
    );
  }
  const feasible = scored.filter((entry) => entry.estimate.infeasible === null && entry !== chosen);
  const runnerUp = feasible[0];
  if (runnerUp === undefined) {
    parts.push('no other option was feasible');
  } else {
    const runnerUpStart = new Date(runnerUp.estimate.startMs).toISOString();
    // A runner-up can score lower when it starts later: priority, or a gain below
    // allocator.min_deferral_gain_percent, kept the request from waiting for it.
    const lowerButLater =
      runnerUp.estimate.score < estimate.score && runnerUp.estimate.startMs > estimate.startMs
        ? ', lower but later, and waiting for it was not allowed or gained too little'
        : '';
    parts.push(
      `beat ${feasible.length} feasible options; next best ${describe(runnerUp.candidate)} at ${runnerUpStart} scored ${runnerUp.estimate.score.toFixed(2)}${lowerButLater}`,
    );
  }
  return `${parts.join('; ')}.`;
}

/** Builds the reason of a rejection: how many options were looked at and the reasons they failed, most common first. */
export function rejectionReason(
  request: AllocationRequest,
  regions: readonly string[],
  scored: ScoredCandidate[],
): string {
  if (scored.length === 0) {
    return `No capacity option exists in ${regions.join(', ')} for target ${request.target ?? 'ec2 or eks'}.`;
  }
  const counts = new Map<string, number>();
  for (const { estimate } of scored) {
    const reason = generalize(estimate.infeasible ?? 'unknown');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const reasons = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 4)
    .map(([reason, count]) => `${count} × ${reason}`);
  return `No feasible placement for ${request.cpuCores} vCPUs and ${request.memoryBytes} bytes in ${regions.join(', ')} among ${scored.length} options: ${reasons.join('; ')}.`;
}

function verbOf(candidate: Candidate): string {
  switch (candidate.action) {
    case 'place':
      return 'Placed on';
    case 'start':
      return 'Starts stopped';
    case 'scale':
      return 'Scales out';
    case 'launch':
      return 'Launches';
  }
}

function describe(candidate: Candidate): string {
  const where = candidate.availabilityZone ?? candidate.region;
  switch (candidate.kind) {
    case 'instance':
      return `instance ${candidate.resourceId ?? ''} (${candidate.instanceType}, ${where})`;
    case 'nodegroup':
      return `node group ${candidate.resourceId ?? ''} (${candidate.instanceType}, ${where})`;
    case 'new_instance':
      return `a new ${candidate.instanceType} in ${where}`;
  }
}

/** Replaces the figures in a reason with N so like reasons are counted together; region codes stay. */
function generalize(reason: string): string {
  return reason.replace(/(?<![-\w.])\d+(?:\.\d+)?(?![\w.])/g, 'N');
}
