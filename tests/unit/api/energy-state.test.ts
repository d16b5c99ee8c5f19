import { EnergyState } from '../../../stages/energy/energy-state.js';
import { computeFleetTrends } from '../../../pipeline/api/state/fleet-trends.js';
import { buildSeedMessages, SEED_RESOURCES } from '../../integration/api/seed-messages.js';

const END_MS = Date.parse('2026-12-04T12:00:00Z');

describe('energy state as the api reads it', () => {
  const { energy } = buildSeedMessages(END_MS, 6);
  const first = SEED_RESOURCES[0].id;
  const firstWindows = energy.filter((window) => window.resource_id === first);

  test('totals count each window once', () => {
    const state = new EnergyState(10);
    for (const window of [...firstWindows, ...firstWindows]) {
      state.apply(window);
    }
    const totals = state.totals(first)!;
    expect(totals.windows).toBe(6);
    expect(totals.energy_wh).toBeCloseTo(
      firstWindows.reduce((sum, window) => sum + window.energy_wh, 0),
      9,
    );
  });

  test('redelivered window replaces the kept one', () => {
    const state = new EnergyState(10);
    firstWindows.forEach((window) => state.apply(window));
    const changed = { ...firstWindows[2]!, energy_wh: firstWindows[2]!.energy_wh + 10 };
    expect(state.apply(changed)).toBe('replaced');
    const expected = firstWindows.reduce((sum, window) => sum + window.energy_wh, 0) + 10;
    expect(state.totals(first)!.energy_wh).toBeCloseTo(expected, 9);
  });

  test('window older than kept range is ignored', () => {
    const state = new EnergyState(3);
    firstWindows.forEach((window) => state.apply(window));
    expect(state.recent(first)).toHaveLength(3);
    expect(state.apply(firstWindows[0]!)).toBe('ignored_old');
    expect(state.totals(first)!.windows).toBe(6);
  });

  test('out of order window is kept in order', () => {
    const state = new EnergyState(10);
    state.apply(firstWindows[1]!);
    state.apply(firstWindows[0]!);
    expect(state.recent(first).map((window) => window.window_start)).toEqual([
      firstWindows[0]!.window_start,
      firstWindows[1]!.window_start,
    ]);
    expect(state.latest(first)?.window_start).toBe(firstWindows[1]!.window_start);
  });

  test('fleet power sums latest windows', () => {
    const state = new EnergyState(10);
    energy.forEach((window) => state.apply(window));
    const latestPower = SEED_RESOURCES.map(
      (resource) => energy.filter((window) => window.resource_id === resource.id).at(-1)!.power_w,
    );
    expect(state.fleet().power_w).toBeCloseTo(
      latestPower.reduce((sum, power) => sum + power, 0),
      9,
    );
    expect(state.fleet().resources).toBe(4);
    expect([...state.regions().keys()].sort()).toEqual(['eu-north-1', 'us-east-1']);
  });

  test('trends group windows per region', () => {
    const state = new EnergyState(10);
    energy.forEach((window) => state.apply(window));
    const trends = computeFleetTrends(state, 4);
    expect(trends.regions.map((trend) => trend.points.length)).toEqual([4, 4]);
    const euPoint = trends.regions.find((trend) => trend.region === 'eu-north-1')!.points[0]!;
    const euWindows = energy.filter(
      (window) => window.region === 'eu-north-1' && window.window_start === euPoint.window_start,
    );
    expect(euPoint.power_w).toBeCloseTo(
      euWindows.reduce((sum, window) => sum + window.power_w, 0),
      9,
    );
    expect(trends.utilization).toHaveLength(4);
    expect(trends.utilization[0]!.points).toHaveLength(4);
  });
});
