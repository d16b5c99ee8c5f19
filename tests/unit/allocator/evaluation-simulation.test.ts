import { createAllocatorPolicy } from '../../../stages/evaluate/allocator-policy.js';
import { createBaselinePolicies } from '../../../stages/evaluate/baseline-policies.js';
import type { TraceJob } from '../../../stages/evaluate/evaluation-traces.js';
import { runSimulation, type SimulationInputs } from '../../../stages/evaluate/simulation.js';
import { fixtureConfig, fixtureEnergyModel } from './allocator-fixtures.js';

const T0 = Date.parse('2023-03-06T00:00:00Z');
const HOUR = 3_600_000;
const STEPS_PER_DAY = 288;

/** Builds one m5.2xlarge at a flat 10 % in us-east-1, with carbon that is green from 02:00 to 04:00 each day. */
function inputs(jobs: TraceJob[], days = 1): SimulationInputs {
  const carbon = new Map<number, number>();
  for (let hour = 0; hour < 24 * days; hour += 1) {
    carbon.set(T0 + hour * HOUR, hour % 24 === 2 || hour % 24 === 3 ? 50 : 500);
  }
  const steps = STEPS_PER_DAY * days;
  return {
    startMs: T0,
    steps,
    fleet: [
      {
        column: { vm: 'vm_1', percent: new Float32Array(steps).fill(10) },
        instanceType: 'm5.2xlarge',
        region: 'us-east-1',
      },
    ],
    jobs,
    carbon: new Map([['us-east-1', carbon]]),
    model: fixtureEnergyModel(),
    catalog: ['m5.large', 'm5.2xlarge'],
    maxUtilizationPercent: 80,
    wattsPerVcpu: 10,
  };
}

const JOB: TraceJob = {
  id: 'job-1',
  arrivalS: 0,
  vcpus: 2,
  memoryBytes: 2 ** 30,
  durationS: 3600,
  priority: 'low',
  deadlineAfterS: 8 * 3600,
  regions: ['us-east-1'],
};

describe('runSimulation', () => {
  test('idle fleet energy matches hand figure', () => {
    const result = runSimulation(createBaselinePolicies()[1]!, inputs([]));
    // 10 % on a 40..120 W line is 48 W; times PUE 1.1 for 24 h is 1.2672 kWh.
    expect(result.energyKwh).toBeCloseTo(1.2672, 6);
    // 2 h at 50 g/kWh and 22 h at 500 g/kWh.
    expect(result.operationalKg).toBeCloseTo((0.0528 * 2 * 50 + 0.0528 * 22 * 500) / 1000, 6);
  });

  test('allocator defers job into green hours', () => {
    // The job arrives at 00:00 on day two, so the policy has seen day one and expects 02:00 to be
    // green again (daily persistence).
    const late = { ...JOB, arrivalS: 86_400 };
    const allocator = runSimulation(
      createAllocatorPolicy('eaawas', fixtureConfig(), ['us-east-1']),
      inputs([late], 2),
    );
    const baseline = runSimulation(createBaselinePolicies()[0]!, inputs([late], 2));
    expect(allocator.requests).toBe(1);
    expect(allocator.placedOnExisting).toBe(1);
    expect(allocator.deferrals).toBe(1);
    expect(allocator.deadlineMisses).toBe(0);
    // 2 of 8 vCPUs add 20 W; with PUE 1.1 for one hour that is 0.022 kWh, run at 50 instead of 500 g/kWh.
    expect((baseline.operationalKg - allocator.operationalKg) * 1000).toBeCloseTo(0.022 * 450, 6);
  });

  test('round-robin places without deferring', () => {
    const result = runSimulation(createBaselinePolicies()[0]!, inputs([JOB]));
    expect(result.deferrals).toBe(0);
    expect(result.placedOnExisting).toBe(1);
  });
});
