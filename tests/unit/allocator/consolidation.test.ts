import {
  applyForecast,
  applyInventory,
  createFleetState,
  type FleetState,
} from '../../../stages/allocator/fleet-state.js';
import { m5LargeInventory } from '../../fixtures/inventory-fixtures.js';
import { createConsolidationMemory, planConsolidation } from '../../../stages/executor/consolidation.js';
import type { ConsolidationConfig } from '../../../stages/executor/executor-config.js';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const PASS_MS = 300_000;

const CONFIG: ConsolidationConfig = {
  enabled: true,
  interval_ms: PASS_MS,
  idle_upper_utilization_percent: 5,
  scale_in_max_utilization_percent: 50,
  idle_passes_required: 3,
  cooldown_s: 3600,
  max_actions_per_pass: 1,
};

function fleet(uppers: Record<string, number>): FleetState {
  const state = createFleetState();
  for (const [id, upper] of Object.entries(uppers)) {
    applyInventory(
      state,
      id,
      m5LargeInventory(id, { availability_zone: null, observed_at: new Date(T0).toISOString() }),
    );
    setUpper(state, id, upper);
  }
  return state;
}

function setUpper(state: FleetState, id: string, upper: number): void {
  applyForecast(state, {
    resource_id: id,
    metric: 'cpu_utilization',
    issued_at: new Date(T0).toISOString(),
    horizon_s: 3600,
    target_time: new Date(T0 + 3_600_000).toISOString(),
    mean: upper / 2,
    lower: 0,
    upper,
    interval: 0.8,
    model_name: 'm',
    model_version: '1',
  });
}

describe('planConsolidation', () => {
  test('idle instance stopped after required passes', () => {
    const state = fleet({ 'i-idle': 2, 'i-busy': 60 });
    const memory = createConsolidationMemory();
    expect(planConsolidation(state, CONFIG, memory, T0)).toEqual([]);
    expect(planConsolidation(state, CONFIG, memory, T0 + PASS_MS)).toEqual([]);
    const third = planConsolidation(state, CONFIG, memory, T0 + 2 * PASS_MS);
    expect(third.map((action) => [action.kind, action.target])).toEqual([['stop_instances', 'i-idle']]);
  });

  test('one busy pass resets hysteresis', () => {
    const state = fleet({ 'i-1': 2 });
    const memory = createConsolidationMemory();
    planConsolidation(state, CONFIG, memory, T0);
    planConsolidation(state, CONFIG, memory, T0 + PASS_MS);
    setUpper(state, 'i-1', 40);
    expect(planConsolidation(state, CONFIG, memory, T0 + 2 * PASS_MS)).toEqual([]);
    setUpper(state, 'i-1', 2);
    expect(planConsolidation(state, CONFIG, memory, T0 + 3 * PASS_MS)).toEqual([]);
  });

  test('disruption budget caps actions per pass', () => {
    const state = fleet({ 'i-a': 1, 'i-b': 2, 'i-c': 3 });
    const memory = createConsolidationMemory();
    planConsolidation(state, CONFIG, memory, T0);
    planConsolidation(state, CONFIG, memory, T0 + PASS_MS);
    const actions = planConsolidation(state, CONFIG, memory, T0 + 2 * PASS_MS);
    expect(actions.map((action) => action.target)).toEqual(['i-a']);
  });

  test('cooldown blocks action after recent launch', () => {
    const state = fleet({ 'i-new': 1 });
    const memory = createConsolidationMemory();
    memory.lastActionMs.set('i-new', T0);
    for (let pass = 0; pass < 5; pass += 1) {
      expect(planConsolidation(state, CONFIG, memory, T0 + pass * PASS_MS)).toEqual([]);
    }
  });

  test('reserved instance never stopped', () => {
    const state = fleet({ 'i-held': 1 });
    state.reservations.set('r', {
      requestId: 'r',
      resourceId: 'i-held',
      region: 'us-east-1',
      cpuCores: 1,
      memoryBytes: 1,
      startMs: T0,
      endMs: T0 + 86_400_000,
      deferred: true,
    });
    const memory = createConsolidationMemory();
    for (let pass = 0; pass < 5; pass += 1) {
      expect(planConsolidation(state, CONFIG, memory, T0 + pass * PASS_MS)).toEqual([]);
    }
  });
});
