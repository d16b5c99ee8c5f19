import type { Aggregate } from '../../../schemas/definitions/aggregate.js';
import { energySchema } from '../../../schemas/definitions/energy.js';
import type { Ec2InstanceInventory, EksNodegroupInventory } from '../../../schemas/definitions/inventory.js';
import { m5LargeInventory } from '../../fixtures/inventory-fixtures.js';
import { createIntensityLookup } from '../../../stages/carbon/intensity-lookup.js';
import { resolveDataDirectory } from '../../../stages/energy/data/data-files.js';
import { loadEnergyData } from '../../../stages/energy/energy-data.js';
import { computeEnergyRecord } from '../../../stages/energy/energy-record.js';
import { pueForRegion } from '../../../stages/energy/pue.js';
import { resourceShape } from '../../../stages/energy/resource-shape.js';

const data = loadEnergyData(resolveDataDirectory('data'));
const pueConfig = { provider_average: 1.15, regions: { 'eu-north-1': 1.1 } };

function window(overrides: Partial<Aggregate> = {}): Aggregate {
  return {
    resource_id: 'i-0abc',
    resource_type: 'ec2_instance',
    region: 'us-east-1',
    metric: 'cpu_utilization',
    unit: 'percent',
    window_start: '2026-12-04T10:00:00.000Z',
    window_end: '2026-12-04T11:00:00.000Z',
    window_size_s: 3600,
    count: 60,
    mean: 50,
    min: 50,
    max: 50,
    p95: 50,
    first_sample_at: '2026-12-04T10:00:00.000Z',
    last_sample_at: '2026-12-04T10:59:00.000Z',
    ...overrides,
  };
}

function instance(overrides: Partial<Ec2InstanceInventory> = {}): Ec2InstanceInventory {
  return m5LargeInventory('i-0abc', overrides);
}

const annualOnly = createIntensityLookup(() => undefined, data.annualIntensity);
const hourly300 = createIntensityLookup(() => 300, data.annualIntensity);

function compute(aggregate: Aggregate, inventory: Ec2InstanceInventory, lookup = hourly300) {
  return computeEnergyRecord(data, {
    window: aggregate,
    resource: resourceShape(inventory, data.specs),
    intensity: lookup.overInterval(
      aggregate.region,
      Date.parse(aggregate.window_start),
      Date.parse(aggregate.window_end),
    ),
    pue: pueForRegion(pueConfig, aggregate.region),
  });
}

describe('energy record', () => {
  // m5.large at 50 percent: 7.16 + 4.96 + 2.0 = 14.12 W; one hour at PUE 1.15 is 16.238 Wh;
  // at 300 g/kWh that is 4.8714 g. us-east-1 m5.large list price 0.096 USD per hour.
  test('one hour of m5.large', () => {
    const { record } = compute(window(), instance());
    expect(record.power_w).toBeCloseTo(14.12, 9);
    expect(record.energy_wh).toBeCloseTo(16.238, 9);
    expect(record.operational_gco2e).toBeCloseTo(4.8714, 9);
    expect(record.cost_usd).toBeCloseTo(0.096, 12);
    expect(record.pue_source).toBe('provider_average');
    expect(record.intensity_source).toBe('hourly');
    expect(record.estimate_quality).toBe('measured');
    expect(energySchema.safeParse(record).success).toBe(true);
  });

  // m5.large host: 1610.79 kgCO2e (ccf_coefficients_aws_embodied.csv) over 96 host vCPUs and
  // 35,040 h: 1610790 / 96 / 35040 = 0.478852 g per vCPU-hour, times 2 vCPUs = 0.957705 g.
  test('embodied share of host', () => {
    const { record } = compute(window(), instance());
    expect(record.embodied_gco2e).toBeCloseTo((1610790 / 96 / 35040) * 2, 9);
  });

  test('stopped instance draws nothing', () => {
    const { record } = compute(window(), instance({ state: 'stopped' }));
    expect(record.state).toBe('stopped');
    expect(record.power_w).toBe(0);
    expect(record.energy_wh).toBe(0);
    expect(record.operational_gco2e).toBe(0);
    expect(record.embodied_gco2e).toBe(0);
    expect(record.cost_usd).toBe(0);
  });

  test('terminated instance draws nothing', () => {
    const { record } = compute(window(), instance({ state: 'terminated' }));
    expect(record.state).toBe('terminated');
    expect(record.power_w_upper).toBe(0);
  });

  test('region PUE is labeled region', () => {
    const { record } = compute(window({ region: 'eu-north-1' }), instance({ region: 'eu-north-1' }));
    expect(record.pue).toBe(1.1);
    expect(record.pue_source).toBe('region');
  });

  test('missing hour uses annual average', () => {
    const { record } = compute(window(), instance(), annualOnly);
    expect(record.intensity_source).toBe('annual_average');
    expect(record.grid_intensity_g_per_kwh).toBe(321.816);
  });

  test('unknown region still priced', () => {
    const { record, priceSource } = compute(
      window({ region: 'xx-nowhere-9' }),
      instance({ region: 'xx-nowhere-9' }),
      annualOnly,
    );
    expect(record.grid_intensity_g_per_kwh).toBe(392.78188);
    expect(record.pue_source).toBe('provider_average');
    expect(priceSource).toBe('overall_median_per_vcpu');
    expect(record.cost_usd).toBeGreaterThan(0);
    expect(energySchema.safeParse(record).success).toBe(true);
  });

  test('unknown instance type uses architecture', () => {
    const { record } = compute(window(), instance({ instance_type: 'q99.large', architecture: 'arm64' }));
    expect(record.estimate_quality).toBe('architecture');
    expect(record.power_w_lower).toBeLessThan(record.power_w);
    expect(record.power_w_upper).toBeGreaterThan(record.power_w);
    expect(energySchema.safeParse(record).success).toBe(true);
  });

  test('150 percent window clamps and flags', () => {
    const { record, clamped } = compute(window({ mean: 150, min: 120, max: 180, p95: 170 }), instance());
    expect(clamped).toBe(true);
    expect(record.cpu_utilization_percent).toBe(100);
    expect(record.power_w).toBeCloseTo(19.96, 9);
  });

  test('-3 percent window clamps and flags', () => {
    const { record, clamped } = compute(window({ mean: -3, min: -3, max: -3, p95: -3 }), instance());
    expect(clamped).toBe(true);
    expect(record.cpu_utilization_percent).toBe(0);
    expect(record.power_w).toBeCloseTo(4.41, 9);
  });

  test('energy bounds scale with duration', () => {
    const { record } = compute(window({ mean: 30, min: 0, max: 100 }), instance());
    expect(record.energy_wh_lower).toBeCloseTo(record.power_w_lower * 1.15, 9);
    expect(record.energy_wh_upper).toBeCloseTo(record.power_w_upper * 1.15, 9);
  });

  // Node group of 3 m5.large nodes at 50 percent: 3 * 14.12 = 42.36 W, and 3 * 0.096 USD per hour.
  test('node group counts desired size', () => {
    const group: EksNodegroupInventory = {
      resource_id: 'prod/workers',
      resource_type: 'eks_nodegroup',
      region: 'us-east-1',
      cluster: 'prod',
      nodegroup: 'workers',
      instance_types: ['m5.large'],
      status: 'ACTIVE',
      desired_size: 3,
      min_size: 1,
      max_size: 5,
      tags: {},
      observed_at: '2026-12-04T09:00:00.000Z',
      source: 'replay',
    };
    const aggregate = window({ resource_id: 'prod/workers', resource_type: 'eks_nodegroup' });
    const { record } = computeEnergyRecord(data, {
      window: aggregate,
      resource: resourceShape(group, data.specs),
      intensity: hourly300.atInstant('us-east-1', Date.parse(aggregate.window_start)),
      pue: pueForRegion(pueConfig, 'us-east-1'),
    });
    expect(record.power_w).toBeCloseTo(42.36, 9);
    expect(record.cost_usd).toBeCloseTo(0.288, 12);
    expect(record.estimate_quality).toBe('measured');
  });

  test('empty node group draws nothing', () => {
    const group = resourceShape(
      {
        resource_id: 'prod/idle',
        resource_type: 'eks_nodegroup',
        region: 'us-east-1',
        cluster: 'prod',
        nodegroup: 'idle',
        instance_types: ['m5.large'],
        status: 'ACTIVE',
        desired_size: 0,
        min_size: 0,
        max_size: 5,
        tags: {},
        observed_at: '2026-12-04T09:00:00.000Z',
        source: 'replay',
      },
      data.specs,
    );
    expect(group.state).toBe('stopped');
    expect(group.instances).toBe(0);
  });
});
