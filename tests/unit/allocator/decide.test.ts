import {
  validateWorkloadRequest,
  type AllocationRequest,
} from '../../../stages/allocator/allocation-request.js';
import { decide } from '../../../stages/allocator/decide.js';
import { applyForecast, applyInventory, createFleetState } from '../../../stages/allocator/fleet-state.js';
import { fixtureConfig, fixtureEnergyModel, stateWithCarbon } from './allocator-fixtures.js';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const HOUR = 3_600_000;
const REGION = 'us-east-1';

function request(body: Record<string, unknown>, id = 'req-1'): AllocationRequest {
  const result = validateWorkloadRequest(
    {
      request_id: id,
      cpu_request: 1,
      memory_request: '1Gi',
      priority: 'low',
      max_energy_consumption: 100,
      regions: [REGION],
      ...body,
    },
    id,
    T0,
  );
  if (!result.ok) {
    throw new Error(`fixture request invalid: ${JSON.stringify(result.invalidFields)}`);
  }
  return result.request;
}

function flatState(): ReturnType<typeof stateWithCarbon> {
  return stateWithCarbon(REGION, T0, new Array<number>(48).fill(300));
}

/** Builds a flat-carbon state with one m5.2xlarge, forecast at 20 % mean and 30 % upper. */
function stateWithInstance(): ReturnType<typeof stateWithCarbon> {
  const state = flatState();
  applyInventory(state, 'i-1', {
    resource_id: 'i-1',
    resource_type: 'ec2_instance',
    region: REGION,
    availability_zone: 'us-east-1a',
    instance_type: 'm5.2xlarge',
    state: 'running',
    vcpus: 8,
    memory_mib: 32768,
    architecture: 'x86_64',
    gpus: 0,
    launched_at: null,
    nodegroup_id: null,
    tags: {},
    observed_at: new Date(T0).toISOString(),
    source: 'replay',
  });
  applyForecast(state, {
    resource_id: 'i-1',
    metric: 'cpu_utilization',
    issued_at: new Date(T0 - 60_000).toISOString(),
    horizon_s: 3600,
    target_time: new Date(T0 + HOUR).toISOString(),
    mean: 20,
    lower: 10,
    upper: 30,
    interval: 0.8,
    model_name: 'utilization_forecast',
    model_version: 'v7',
  });
  return state;
}

function decideFor(req: AllocationRequest, state = flatState(), config = fixtureConfig()) {
  return decide({
    request: req,
    state,
    model: fixtureEnergyModel(),
    config,
    defaultRegions: [REGION],
    nowMs: T0,
  });
}

describe('decide', () => {
  test('0.5 and 500m CPU decide alike', () => {
    const half = decideFor(request({ cpu_request: 0.5 }));
    const milli = decideFor(request({ cpu_request: '500m' }));
    expect(milli.decision).toEqual(half.decision);
    expect(half.decision.status).toBe('launched');
  });

  test('request fitting nowhere rejected with reason', () => {
    const outcome = decideFor(request({ cpu_request: 64 }));
    expect(outcome.decision.status).toBe('rejected');
    expect(outcome.decision.target).toBeNull();
    expect(outcome.decision.reason).toMatch(/No feasible placement for 64 vCPUs/);
    expect(outcome.decision.reason).toMatch(/vCPUs requested, the instance has N/);
    expect(outcome.decision.alternatives.every((alternative) => !alternative.feasible)).toBe(true);
  });

  test('power budget below idle share rejected', () => {
    const outcome = decideFor(request({ max_energy_consumption: 1 }));
    expect(outcome.decision.status).toBe('rejected');
    expect(outcome.decision.reason).toMatch(/max_energy_consumption/);
  });

  test('deferrable request takes lowest-carbon feasible hour', () => {
    // Hours T0..T0+9; the greenest hour (+8) is too late for a 2 h run ending by T0+9 h.
    const series = [400, 380, 350, 300, 120, 110, 200, 300, 5, 400];
    const state = stateWithCarbon(REGION, T0, series);
    const deadline = new Date(T0 + 9 * HOUR).toISOString();
    const outcome = decideFor(request({ duration_hours: 2, deadline }), state);
    expect(outcome.decision.status).toBe('deferred');
    // Starting at +4 covers 120 and 110, the lowest two-hour sum of the feasible starts (+0 to +7).
    expect(outcome.decision.start_time).toBe(new Date(T0 + 4 * HOUR).toISOString());
    expect(outcome.decision.reason).toMatch(/deferred/);
  });

  test('small carbon gain not worth deferring', () => {
    // The next hours are 2 % greener than now, below the 5 % min_deferral_gain_percent.
    const state = stateWithCarbon(REGION, T0, [300, 294, 294, 294, 294, 294]);
    const deadline = new Date(T0 + 6 * HOUR).toISOString();
    const outcome = decideFor(request({ deadline }), state);
    expect(outcome.decision.status).toBe('launched');
    expect(outcome.decision.start_time).toBe(new Date(T0).toISOString());
    const waiting = outcome.decision.alternatives.find(
      (alternative) => alternative.start_time !== new Date(T0).toISOString(),
    );
    expect(waiting?.rejected_because).toMatch(/min_deferral_gain_percent/);
  });

  test('high priority never deferred', () => {
    const state = stateWithCarbon(REGION, T0, [400, 10, 10, 10]);
    const deadline = new Date(T0 + 4 * HOUR).toISOString();
    const outcome = decideFor(request({ priority: 'high', deadline }), state);
    expect(outcome.decision.status).toBe('launched');
    expect(outcome.decision.start_time).toBe(new Date(T0).toISOString());
  });

  test('deferral cap spreads deferred work', () => {
    const state = stateWithCarbon(REGION, T0, [400, 400, 10, 20, 400, 400]);
    const config = fixtureConfig({ deferred_vcpus_per_region_hour: 1 });
    const deadline = new Date(T0 + 6 * HOUR).toISOString();
    const first = decideFor(request({ deadline }, 'a'), state, config);
    expect(first.decision.start_time).toBe(new Date(T0 + 2 * HOUR).toISOString());
    state.reservations.set('a', first.reservation!);
    const second = decideFor(request({ deadline }, 'b'), state, config);
    expect(second.decision.start_time).toBe(new Date(T0 + 3 * HOUR).toISOString());
  });

  test('reservation blocks overlapping placement', () => {
    const state = stateWithInstance();
    const first = decideFor(request({ cpu_request: 3 }, 'first'), state);
    expect(first.decision.target?.resource_id).toBe('i-1');
    state.reservations.set('first', first.reservation!);

    const overlapping = decideFor(request({ cpu_request: 3 }, 'second'), state);
    expect(overlapping.decision.target?.resource_id).not.toBe('i-1');
    const blocked = overlapping.decision.alternatives.find(
      (alternative) => alternative.target.resource_id === 'i-1',
    );
    expect(blocked?.rejected_because).toMatch(/placed workloads hold 3 vCPUs/);

    const later = decideFor(
      request({ cpu_request: 3, not_before: new Date(T0 + 2 * HOUR).toISOString() }, 'third'),
      state,
    );
    expect(later.decision.target?.resource_id).toBe('i-1');
  });

  test('existing instance with headroom preferred', () => {
    const state = stateWithInstance();
    const outcome = decideFor(request({ cpu_request: 2 }), state);
    expect(outcome.decision.status).toBe('placed');
    expect(outcome.decision.target?.resource_id).toBe('i-1');
    // 2 of 8 vCPUs add 25 % on a 40..120 W line: 20 W.
    expect(outcome.decision.added_power_w).toBeCloseTo(20, 6);
    expect(outcome.decision.model_versions.utilization_forecast).toBe('v7');

    const tooBig = decideFor(request({ cpu_request: 5 }, 'req-2'), state);
    expect(tooBig.decision.target?.resource_id).not.toBe('i-1');
    const loser = tooBig.decision.alternatives.find(
      (alternative) => alternative.target.resource_id === 'i-1',
    );
    expect(loser?.rejected_because).toMatch(/forecast upper bound 30.0 %/);
  });

  test('missing hourly series uses annual average', () => {
    const state = createFleetState();
    const outcome = decideFor(request({ regions: ['eu-north-1'] }), state);
    expect(outcome.decision.status).toBe('launched');
    expect(outcome.decision.target?.region).toBe('eu-north-1');
  });
});
