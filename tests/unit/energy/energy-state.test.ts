import type { Energy } from '../../../schemas/definitions/energy.js';
import { applyEnergyRecord, EnergyState } from '../../../stages/energy/energy-state.js';

function energy(resourceId: string, minute: number, overrides: Partial<Energy> = {}): Energy {
  const start = new Date(Date.UTC(2026, 11, 4, 10, minute));
  return {
    resource_id: resourceId,
    resource_type: 'ec2_instance',
    instance_type: 'm5.large',
    region: 'us-east-1',
    window_start: start.toISOString(),
    window_end: new Date(start.getTime() + 60_000).toISOString(),
    duration_s: 60,
    state: 'running',
    cpu_utilization_percent: 50,
    power_w: 10,
    power_w_lower: 9,
    power_w_upper: 11,
    energy_wh: 1,
    energy_wh_lower: 0.9,
    energy_wh_upper: 1.1,
    pue: 1.15,
    pue_source: 'provider_average',
    grid_intensity_g_per_kwh: 300,
    intensity_kind: 'location_based_average',
    intensity_source: 'hourly',
    operational_gco2e: 0.3,
    embodied_gco2e: 0.01,
    cost_usd: 0.002,
    estimate_quality: 'measured',
    ...overrides,
  };
}

describe('energy state', () => {
  test('totals add each window once', () => {
    const state = new EnergyState(10);
    state.apply(energy('i-1', 0));
    state.apply(energy('i-1', 1));
    state.apply(energy('i-1', 1));
    expect(state.totals('i-1')?.windows).toBe(2);
    expect(state.totals('i-1')?.energy_wh).toBeCloseTo(2, 12);
  });

  test('redelivered window replaces kept one', () => {
    const state = new EnergyState(10);
    state.apply(energy('i-1', 0, { energy_wh: 1 }));
    expect(state.apply(energy('i-1', 0, { energy_wh: 3 }))).toBe('replaced');
    expect(state.totals('i-1')?.energy_wh).toBeCloseTo(3, 12);
  });

  test('window older than full history ignored', () => {
    const state = new EnergyState(2);
    state.apply(energy('i-1', 5));
    state.apply(energy('i-1', 6));
    expect(state.apply(energy('i-1', 1))).toBe('ignored_old');
    expect(state.totals('i-1')?.windows).toBe(2);
  });

  test('history keeps newest windows in order', () => {
    const state = new EnergyState(2);
    state.apply(energy('i-1', 2));
    state.apply(energy('i-1', 1));
    state.apply(energy('i-1', 3));
    expect(state.recent('i-1').map((record) => record.window_start)).toEqual([
      '2026-12-04T10:02:00.000Z',
      '2026-12-04T10:03:00.000Z',
    ]);
    expect(state.latest('i-1')?.window_start).toBe('2026-12-04T10:03:00.000Z');
  });

  test('region and fleet sum latest power', () => {
    const state = new EnergyState(10);
    state.apply(energy('i-1', 0, { power_w: 10 }));
    state.apply(energy('i-1', 1, { power_w: 12 }));
    state.apply(energy('i-2', 0, { power_w: 5, region: 'eu-north-1' }));
    expect(state.region('us-east-1')?.power_w).toBe(12);
    expect(state.region('us-east-1')?.windows).toBe(2);
    expect(state.region('eu-north-1')?.power_w).toBe(5);
    expect(state.region('ap-south-1')).toBeUndefined();
    expect(state.fleet().power_w).toBe(17);
    expect(state.fleet().resources).toBe(2);
    expect([...state.regions().keys()].sort()).toEqual(['eu-north-1', 'us-east-1']);
  });

  test('node group sums member instances', () => {
    const state = new EnergyState(10);
    state.setNodegroup('i-1', 'prod/workers');
    state.setNodegroup('i-2', 'prod/workers');
    state.apply(energy('i-1', 0, { power_w: 10 }));
    state.apply(energy('i-2', 0, { power_w: 20 }));
    state.apply(energy('i-3', 0, { power_w: 40 }));
    expect(state.nodegroup('prod/workers')?.power_w).toBe(30);
    expect(state.nodegroup('prod/workers')?.resources).toBe(2);
  });

  test('update function leaves input unchanged', () => {
    const first = applyEnergyRecord(undefined, energy('i-1', 0), 5).next;
    const snapshot = JSON.stringify(first);
    applyEnergyRecord(first, energy('i-1', 1), 5);
    expect(JSON.stringify(first)).toBe(snapshot);
  });
});
