import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetResources, type FleetFile } from '../../../stages/replay/fleet-file.js';
import { resolveConfiguredPath } from '../../../stages/replay/project-paths.js';
import { assignTraceColumns, stepSamples } from '../../../stages/replay/replay-messages.js';
import { loadUtilizationTrace } from '../../../stages/replay/utilization-trace.js';

const TRACE = resolveConfiguredPath('data/utilization/azure_v1_vm_cpu_avg_5min_100vms.csv');
const ORIGIN = Date.parse('2026-12-04T00:00:00.000Z');
const FLEET: FleetFile = {
  ec2_instances: [
    { region: 'eu-north-1', availability_zone: 'eu-north-1a', instance_type: 'm6g.large', count: 2 },
  ],
  eks_nodegroups: [
    {
      region: 'us-east-1',
      cluster: 'demo',
      nodegroup: 'general',
      instance_types: ['m5.large'],
      min_size: 1,
      desired_size: 2,
      max_size: 3,
    },
  ],
};

describe('utilization trace replay', () => {
  it('maps resources to columns by seed', () => {
    const assignments = assignTraceColumns(fleetResources(FLEET), 100, 7);

    expect(assignments.map(({ resource, column }) => [resource.resourceId, column])).toEqual([
      ['i-647e74c26ad33b034', 77],
      ['i-629e4eb7143e0d19d', 33],
      ['demo/general', 29],
    ]);
  });

  it('reproduces the trace values of a slice', () => {
    // Expected values read by hand from the CSV: columns vm_1475279, vm_1650226 and vm_1471895
    // (data columns 77, 33 and 29) at offsets 0, 300 and 600.
    const trace = loadUtilizationTrace(TRACE, 0, 900);
    const assignments = assignTraceColumns(fleetResources(FLEET), trace.vmColumns.length, 7);

    const samples = trace.steps.flatMap((step) => stepSamples(step, assignments, ORIGIN));

    expect(trace.vmColumns[77]).toBe('vm_1475279');
    expect(trace.vmColumns[33]).toBe('vm_1650226');
    expect(trace.vmColumns[29]).toBe('vm_1471895');
    expect(samples.map((sample) => [sample.resource_id, sample.event_time, sample.value])).toEqual([
      ['i-647e74c26ad33b034', '2026-12-04T00:00:00.000Z', 19.2267],
      ['i-629e4eb7143e0d19d', '2026-12-04T00:00:00.000Z', 3.7729],
      ['demo/general', '2026-12-04T00:00:00.000Z', 2.3829],
      ['i-647e74c26ad33b034', '2026-12-04T00:05:00.000Z', 11.9423],
      ['i-629e4eb7143e0d19d', '2026-12-04T00:05:00.000Z', 4.337],
      ['demo/general', '2026-12-04T00:05:00.000Z', 2.7146],
      ['i-647e74c26ad33b034', '2026-12-04T00:10:00.000Z', 9.9637],
      ['i-629e4eb7143e0d19d', '2026-12-04T00:10:00.000Z', 4.5239],
      ['demo/general', '2026-12-04T00:10:00.000Z', 2.4011],
    ]);
    expect(samples[2]).toEqual({
      resource_id: 'demo/general',
      resource_type: 'eks_nodegroup',
      region: 'us-east-1',
      metric: 'cpu_utilization',
      unit: 'percent',
      value: 2.3829,
      event_time: '2026-12-04T00:00:00.000Z',
      period_s: 300,
      source: 'replay',
    });
  });

  it('leaves missing cells missing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'eaawas-trace-'));
    const file = join(folder, 'trace.csv');
    writeFileSync(file, 'step,offset_s,vm_a,vm_b,vm_c\n0,0,,12.5,NaN\n');
    const trace = loadUtilizationTrace(file);
    const assignments = assignTraceColumns(fleetResources(FLEET), 3, 1);

    const samples = stepSamples(trace.steps[0]!, assignments, ORIGIN);

    rmSync(folder, { recursive: true });
    expect(trace.steps[0]?.values).toEqual([null, 12.5, null]);
    expect(samples).toHaveLength(1);
    expect(samples[0]?.value).toBe(12.5);
  });

  it('reads the whole trace length', () => {
    const trace = loadUtilizationTrace(TRACE, 0, 0);

    expect(trace.steps).toHaveLength(0);
    expect(trace.vmColumns).toHaveLength(100);
    expect(trace.endOffsetS).toBe(8004 * 300);
  });
});
