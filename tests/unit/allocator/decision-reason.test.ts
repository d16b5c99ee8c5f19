import { placementReason } from '../../../stages/allocator/decision-reason.js';
import type { Candidate } from '../../../stages/allocator/candidates.js';
import type { ScoredCandidate } from '../../../stages/allocator/decide.js';
import type { PlacementEstimate } from '../../../stages/allocator/placement-estimate.js';

const NOW_MS = Date.parse('2026-12-04T21:00:00.000Z');

function newInstance(instanceType: string, region: string): Candidate {
  return {
    kind: 'new_instance',
    action: 'launch',
    resourceId: null,
    instanceType,
    region,
    availabilityZone: null,
    vcpus: 2,
    memoryBytes: 4 * 2 ** 30,
    baseUtilizationPercent: 0,
    reservationResourceId: null,
    forecastModel: null,
    capacity: null,
    infeasible: null,
  };
}

function estimate(startMs: number, score: number): PlacementEstimate {
  return {
    startMs,
    addedPowerW: 10,
    energyKwh: 0.01,
    operationalGco2e: 3,
    embodiedGco2e: 1,
    costUsd: 0.1,
    score,
    carbonModelVersions: new Set(),
    infeasible: null,
  };
}

describe('placementReason', () => {
  test('names the runner-up with its start', () => {
    const chosen: ScoredCandidate = {
      candidate: newInstance('m6g.large', 'eu-north-1'),
      estimate: estimate(NOW_MS, 30),
    };
    const runnerUp: ScoredCandidate = {
      candidate: newInstance('c6g.large', 'eu-north-1'),
      estimate: estimate(NOW_MS, 31),
    };

    const reason = placementReason(chosen, [chosen, runnerUp], null);

    expect(reason).toContain('Launches a new m6g.large in eu-north-1 at 2026-12-04T21:00:00.000Z');
    expect(reason).toContain(
      'next best a new c6g.large in eu-north-1 at 2026-12-04T21:00:00.000Z scored 31.00',
    );
    expect(reason).not.toContain('lower but later');
  });

  test('explains a lower but later runner-up', () => {
    const chosen: ScoredCandidate = {
      candidate: newInstance('m6g.large', 'eu-north-1'),
      estimate: estimate(NOW_MS, 32.25),
    };
    const later: ScoredCandidate = {
      candidate: newInstance('c6g.large', 'eu-north-1'),
      estimate: estimate(NOW_MS + 3_600_000, 32.24),
    };

    const reason = placementReason(chosen, [chosen, later], null);

    expect(reason).toContain('at 2026-12-04T22:00:00.000Z scored 32.24, lower but later');
  });
});
