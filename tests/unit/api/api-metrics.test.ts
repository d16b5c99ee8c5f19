import { Registry } from 'prom-client';
import { createApiMetrics } from '../../../pipeline/api/http/api-metrics.js';
import { createApiState } from '../../../pipeline/api/state/api-state.js';
import { buildSeedMessages } from '../../integration/api/seed-messages.js';

const STATE_SETTINGS = {
  recent_windows_per_resource: 288,
  recent_anomalies: 100,
  recent_decisions: 100,
  forecasts_per_resource: 24,
  carbon_hours_per_region: 168,
};

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format 0.0.4; throws on any line that is not a comment or a sample. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  const samplePattern =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|\+Inf|-Inf))(?: \d+)?$/;
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* /.test(line)) {
      continue;
    }
    const match = samplePattern.exec(line);
    if (match === null) {
      throw new Error(`Not a valid exposition line: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]!.replace('+Inf', 'Infinity')) });
  }
  return samples;
}

describe('api metrics', () => {
  function setup() {
    const registry = new Registry();
    const state = createApiState(STATE_SETTINGS);
    const metrics = createApiMetrics({
      registry,
      state,
      clock: { now: () => Date.parse('2026-12-04T12:00:00Z') },
      fleetPowerAlertW: 50_000,
    });
    return { registry, state, metrics };
  }

  test('50 ms request lands in 0.1 s bucket', async () => {
    const { registry, metrics } = setup();
    metrics.requestDuration.observe({ method: 'GET', route: '/resources', status: '200' }, 0.05);
    const samples = parseExposition(await registry.metrics());
    const bucket = (le: string) =>
      samples.find(
        (sample) => sample.name === 'eaawas_api_request_duration_seconds_bucket' && sample.labels.le === le,
      )?.value;
    expect(bucket('0.025')).toBe(0);
    expect(bucket('0.05')).toBe(1);
    expect(bucket('0.1')).toBe(1);
    expect(bucket('+Inf')).toBe(1);
  });

  test('exposition parses with eaawas names', async () => {
    const { registry, state } = setup();
    const seeded = buildSeedMessages(Date.parse('2026-12-04T12:00:00Z'), 4);
    for (const energy of seeded.energy) {
      state.applyRecord('energy', energy.resource_id, Buffer.from(JSON.stringify(energy)));
    }
    for (const carbon of seeded.carbon) {
      state.applyRecord('carbon', carbon.region, Buffer.from(JSON.stringify(carbon)));
    }
    const samples = parseExposition(await registry.metrics());
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((sample) => sample.name.startsWith('eaawas_'))).toBe(true);
    const power = samples.filter((sample) => sample.name === 'eaawas_api_fleet_power_watts');
    expect(power.map((sample) => sample.labels.region).sort()).toEqual(['eu-north-1', 'us-east-1']);
    const expected = seeded.energy.filter(
      (energy) => energy.window_start === seeded.energy.at(-1)!.window_start,
    );
    expect(power.reduce((sum, sample) => sum + sample.value, 0)).toBeCloseTo(
      expected.reduce((sum, energy) => sum + energy.power_w, 0),
      6,
    );
    const intensity = samples.find(
      (sample) =>
        sample.name === 'eaawas_api_region_carbon_intensity_grams_per_kilowatt_hour' &&
        sample.labels.region === 'eu-north-1',
    );
    expect(intensity?.value).toBeGreaterThan(0);
  });

  test('invalid record is counted not applied', () => {
    const { state } = setup();
    expect(state.applyRecord('energy', 'i-1', Buffer.from('{"resource_id":'))).toBe('invalid');
    expect(state.applyRecord('energy', 'i-1', Buffer.from('{"resource_id":"i-1"}'))).toBe('invalid');
    expect(state.energy.resourceIds()).toEqual([]);
  });
});
