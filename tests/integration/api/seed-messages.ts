import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Aggregate,
  Anomaly,
  Carbon,
  Decision,
  Energy,
  Forecast,
  Inventory,
} from '../../../schemas/definitions/index.js';
import type { TopicNames } from '../../../pipeline/topics/topic-names.js';
import type { Transport } from '../../../pipeline/transport/transport.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const WINDOW_S = 300;

/** The fleet the seeded messages describe: two instances in each of two regions. */
export const SEED_RESOURCES = [
  {
    id: 'i-0a1b2c3d4e5f60001',
    region: 'us-east-1',
    zone: 'us-east-1a',
    type: 'm5.large',
    vcpus: 2,
    memory: 8192,
    idleW: 4.6,
    maxW: 22.4,
  },
  {
    id: 'i-0a1b2c3d4e5f60002',
    region: 'us-east-1',
    zone: 'us-east-1b',
    type: 'c5.xlarge',
    vcpus: 4,
    memory: 8192,
    idleW: 6.9,
    maxW: 44.8,
  },
  {
    id: 'i-0a1b2c3d4e5f60003',
    region: 'eu-north-1',
    zone: 'eu-north-1a',
    type: 'm6g.large',
    vcpus: 2,
    memory: 8192,
    idleW: 2.4,
    maxW: 8.6,
  },
  {
    id: 'i-0a1b2c3d4e5f60004',
    region: 'eu-north-1',
    zone: 'eu-north-1b',
    type: 'r5.large',
    vcpus: 2,
    memory: 16384,
    idleW: 4.9,
    maxW: 19.6,
  },
] as const;

/** Reads the first `rows` 5-minute CPU averages of the first four VMs of the bundled Azure trace. */
function azureCpuColumns(rows: number): number[][] {
  const lines = readFileSync(
    join(root, 'data/utilization/azure_v1_vm_cpu_avg_5min_100vms.csv'),
    'utf8',
  ).split('\n');
  const series: number[][] = [[], [], [], []];
  for (const line of lines.slice(1, rows + 1)) {
    const cells = line.split(',');
    for (let vm = 0; vm < 4; vm++) {
      series[vm]!.push(Math.min(100, Math.max(0, Number(cells[2 + vm]))));
    }
  }
  return series;
}

/** Reads hourly lifecycle grid intensity of an Electricity Maps zone file, from its first hour. */
function electricityMapsHours(file: string, hours: number): number[] {
  const lines = readFileSync(join(root, 'data/carbon', file), 'utf8').split('\n');
  return lines.slice(1, hours + 1).map((line) => Number(line.split(',')[5]));
}

export interface SeedMessages {
  inventory: Inventory[];
  /** The CPU windows the energy windows were computed from, for a pipeline that runs the energy stage. */
  aggregates: Aggregate[];
  energy: Energy[];
  forecasts: Forecast[];
  anomalies: Anomaly[];
  carbon: Carbon[];
  decisions: Decision[];
}

/**
 * Builds real-looking messages for `windows` 5-minute windows ending at `endMs`: CPU from the
 * Azure VM trace, power from a linear idle-to-max curve, grid intensity from Electricity Maps
 * (US-MIDA-PJM for us-east-1, SE-SE3 for eu-north-1), and a few forecasts, anomalies and decisions.
 */
export function buildSeedMessages(endMs: number, windows = 12): SeedMessages {
  const firstStartMs = Math.floor(endMs / (WINDOW_S * 1000)) * WINDOW_S * 1000 - windows * WINDOW_S * 1000;
  const cpu = azureCpuColumns(windows);
  const intensity: Record<string, number[]> = {
    'us-east-1': electricityMapsHours('electricitymaps_2023_US-MIDA-PJM_hourly.csv', 3),
    'eu-north-1': electricityMapsHours('electricitymaps_2023_SE-SE3_hourly.csv', 3),
  };
  const observedAt = new Date(endMs).toISOString();
  const inventory: Inventory[] = SEED_RESOURCES.map((resource) => ({
    resource_id: resource.id,
    resource_type: 'ec2_instance',
    region: resource.region,
    availability_zone: resource.zone,
    instance_type: resource.type,
    state: 'running',
    vcpus: resource.vcpus,
    memory_mib: resource.memory,
    architecture: resource.type.startsWith('m6g') ? 'arm64' : 'x86_64',
    gpus: 0,
    launched_at: '2026-12-01T08:00:00.000Z',
    nodegroup_id: null,
    tags: { team: 'platform' },
    observed_at: observedAt,
    source: 'simulated',
  }));

  const energy: Energy[] = [];
  const aggregates: Aggregate[] = [];
  const forecasts: Forecast[] = [];
  SEED_RESOURCES.forEach((resource, index) => {
    for (let window = 0; window < windows; window++) {
      const startMs = firstStartMs + window * WINDOW_S * 1000;
      const utilization = cpu[index]![window]!;
      const powerW = resource.idleW + ((resource.maxW - resource.idleW) * utilization) / 100;
      const pue = 1.135;
      const energyWh = (powerW * WINDOW_S * pue) / 3600;
      aggregates.push({
        resource_id: resource.id,
        resource_type: 'ec2_instance',
        region: resource.region,
        metric: 'cpu_utilization',
        unit: 'percent',
        window_start: new Date(startMs).toISOString(),
        window_end: new Date(startMs + WINDOW_S * 1000).toISOString(),
        window_size_s: WINDOW_S,
        count: 5,
        mean: utilization,
        min: utilization * 0.8,
        max: Math.min(100, utilization * 1.2),
        p95: Math.min(100, utilization * 1.15),
        first_sample_at: new Date(startMs).toISOString(),
        last_sample_at: new Date(startMs + (WINDOW_S - 60) * 1000).toISOString(),
      });
      const gridIntensity = intensity[resource.region]![Math.min(2, Math.floor((window * WINDOW_S) / 3600))]!;
      energy.push({
        resource_id: resource.id,
        resource_type: 'ec2_instance',
        instance_type: resource.type,
        region: resource.region,
        window_start: new Date(startMs).toISOString(),
        window_end: new Date(startMs + WINDOW_S * 1000).toISOString(),
        duration_s: WINDOW_S,
        state: 'running',
        cpu_utilization_percent: utilization,
        power_w: powerW,
        power_w_lower: powerW * 0.9,
        power_w_upper: powerW * 1.1,
        energy_wh: energyWh,
        energy_wh_lower: energyWh * 0.9,
        energy_wh_upper: energyWh * 1.1,
        pue,
        pue_source: 'provider_average',
        grid_intensity_g_per_kwh: gridIntensity,
        intensity_kind: 'location_based_average',
        intensity_source: 'hourly',
        operational_gco2e: (energyWh / 1000) * gridIntensity,
        embodied_gco2e: 0.08,
        cost_usd: 0.096 * (WINDOW_S / 3600),
        estimate_quality: 'family',
      });
      if (window >= 2) {
        const mean = (cpu[index]![window - 1]! + cpu[index]![window - 2]!) / 2;
        forecasts.push({
          resource_id: resource.id,
          metric: 'cpu_utilization',
          issued_at: new Date(startMs).toISOString(),
          horizon_s: WINDOW_S,
          target_time: new Date(startMs + WINDOW_S * 1000).toISOString(),
          mean,
          lower: Math.max(0, mean - 5),
          upper: Math.min(100, mean + 5),
          interval: 0.8,
          model_name: 'cpu-mlp',
          model_version: '2026-12-04.1',
        });
      }
    }
  });

  const lastStart = new Date(firstStartMs + (windows - 1) * WINDOW_S * 1000).toISOString();
  const lastEnd = new Date(firstStartMs + windows * WINDOW_S * 1000).toISOString();
  const anomalies: Anomaly[] = [
    {
      resource_id: SEED_RESOURCES[0].id,
      region: SEED_RESOURCES[0].region,
      metric: 'cpu_utilization',
      window_start: lastStart,
      window_end: lastEnd,
      window_size_s: WINDOW_S,
      observed: 91.2,
      expected: 44.0,
      score: 6.3,
      method: 'seasonal-robust-z/1',
      severity: 'high',
    },
  ];

  const hourMs = Math.floor(endMs / 3_600_000) * 3_600_000;
  const carbon: Carbon[] = [];
  for (const [region, values] of Object.entries(intensity)) {
    values.forEach((value, offset) => {
      carbon.push({
        region,
        zone: region === 'us-east-1' ? 'US-MIDA-PJM' : 'SE-SE3',
        hour: new Date(hourMs - (2 - offset) * 3_600_000).toISOString(),
        intensity_g_per_kwh: value,
        kind: 'observed',
        source: 'replay',
        fallback: false,
        model_version: null,
        issued_at: null,
      });
    });
    carbon.push({
      region,
      zone: region === 'us-east-1' ? 'US-MIDA-PJM' : 'SE-SE3',
      hour: new Date(hourMs + 3_600_000).toISOString(),
      intensity_g_per_kwh: values[2]! * 0.95,
      kind: 'forecast',
      source: 'model',
      fallback: false,
      model_version: 'carbon-seasonal/1',
      issued_at: new Date(hourMs).toISOString(),
    });
  }

  const decisions: Decision[] = [
    seedDecision(
      'seed-request-1',
      'placed',
      SEED_RESOURCES[2].id,
      'eu-north-1',
      'eu-north-1 has the lowest grid intensity now (28 g/kWh).',
      endMs,
    ),
    seedDecision(
      'seed-request-2',
      'rejected',
      null,
      'us-east-1',
      'No region can add 40 W within max_energy_consumption 5 W.',
      endMs,
    ),
  ];
  return { inventory, aggregates, energy, forecasts, anomalies, carbon, decisions };
}

/** Builds a decision as the allocator would publish it. */
export function seedDecision(
  requestId: string,
  status: Decision['status'],
  resourceId: string | null,
  region: string,
  reason: string,
  decidedAtMs: number,
): Decision {
  const placed = status !== 'rejected';
  return {
    request_id: requestId,
    status,
    target: placed
      ? {
          kind: 'instance',
          resource_id: resourceId,
          instance_type: 'm6g.large',
          region,
          availability_zone: `${region}a`,
        }
      : null,
    start_time: placed ? new Date(decidedAtMs).toISOString() : null,
    added_power_w: placed ? 3.1 : null,
    energy_kwh: placed ? 0.0106 : null,
    carbon_gco2e: placed ? 0.3 : null,
    cost_usd: placed ? 0.0 : null,
    alternatives: [],
    reason,
    invalid_fields: [],
    model_versions: { 'cpu-mlp': '2026-12-04.1' },
    decided_at: new Date(decidedAtMs).toISOString(),
  };
}

export interface ProduceSeedOptions {
  /**
   * 'energy' produces the energy windows directly; 'aggregates' produces the CPU windows instead,
   * for a test that runs the energy stage to compute them.
   */
  windows: 'energy' | 'aggregates';
}

/** Produces the seeded messages to their topics through the transport, keyed as DESIGN.md keys them. */
export async function produceSeedMessages(
  transport: Transport,
  topics: TopicNames,
  messages: SeedMessages,
  options: ProduceSeedOptions = { windows: 'energy' },
): Promise<void> {
  const producer = await transport.producer();
  const encode = <T>(values: T[], key: (value: T) => string) =>
    values.map((value) => ({ key: key(value), value: JSON.stringify(value) }));
  await producer.send(
    topics.inventory,
    encode(messages.inventory, (entry) => entry.resource_id),
  );
  if (options.windows === 'energy') {
    await producer.send(
      topics.energy,
      encode(messages.energy, (entry) => entry.resource_id),
    );
  } else {
    await producer.send(
      topics.aggregates,
      encode(messages.aggregates, (entry) => entry.resource_id),
    );
  }
  await producer.send(
    topics.forecasts,
    encode(messages.forecasts, (entry) => entry.resource_id),
  );
  await producer.send(
    topics.anomalies,
    encode(messages.anomalies, (entry) => entry.resource_id),
  );
  await producer.send(
    topics.carbon,
    encode(messages.carbon, (entry) => entry.region),
  );
  await producer.send(
    topics.decisions,
    encode(messages.decisions, (entry) => entry.request_id),
  );
  await producer.close();
}
