import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import type { SourceDefinition } from '../../../pipeline/runner/source.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { workloadRequestSchema } from '../../../schemas/definitions/index.js';
import { carbonReplaySource } from '../../../stages/replay/carbon-replay.js';
import { utilizationReplaySource } from '../../../stages/replay/utilization-replay.js';
import { workloadReplaySource } from '../../../stages/replay/workload-replay.js';
import {
  createSourceTestTransport,
  createTestPublish,
  createTestTopics,
  manualClock,
  readTopic,
  sourceContext,
  sourceTestConfig,
} from '../collectors/source-harness.js';

const FLEET = `
ec2_instances:
  - { region: eu-north-1, availability_zone: eu-north-1a, instance_type: m6g.large, count: 2 }
eks_nodegroups:
  - { region: us-east-1, cluster: demo, nodegroup: general, instance_types: [m5.large], min_size: 1, desired_size: 2, max_size: 3 }
`;

describe('replay sources on Kafka', () => {
  const folder = mkdtempSync(join(tmpdir(), 'eaawas-replay-'));
  const abort = new AbortController();
  let config: EaawasConfig;
  let transport: Transport;

  async function runSource(definition: SourceDefinition): Promise<void> {
    const context = sourceContext(config, transport, manualClock(Date.parse('2030-01-01T00:00:00Z')));
    const instance = await definition.create(context);
    await instance.run(await createTestPublish(transport, config), abort.signal);
    await instance.close();
  }

  beforeAll(async () => {
    writeFileSync(join(folder, 'fleet.yaml'), FLEET);
    config = sourceTestConfig({
      sources: {
        mode: 'replay',
        replay: {
          fleet_file: join(folder, 'fleet.yaml'),
          seed: 7,
          speed: 0,
          start_time: '2026-12-04T00:00:00.000Z',
          start_offset_s: 0,
          end_offset_s: 900,
          // 900 s of the arrival trace hold about 750 VMs; 2 % keeps the topic small.
          workload: { sample_fraction: 0.02 },
        },
      },
    });
    transport = createSourceTestTransport(config, new Registry());
    await createTestTopics(transport, config);
  }, 60_000);

  afterAll(async () => {
    abort.abort();
    await transport?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('replays a real trace slice exactly', async () => {
    await runSource(utilizationReplaySource);

    const topics = sourceContext(config, transport, manualClock(0)).topics;
    const inventory = await readTopic(transport, topics.inventory);
    expect(inventory.map((record) => record.key)).toEqual([
      'i-647e74c26ad33b034',
      'i-629e4eb7143e0d19d',
      'demo/general',
    ]);
    expect(inventory[0]?.value).toMatchObject({
      resource_type: 'ec2_instance',
      instance_type: 'm6g.large',
      architecture: 'arm64',
      vcpus: 2,
      memory_mib: 8192,
      state: 'running',
      source: 'replay',
    });
    const samples = await readTopic(transport, topics.samples);
    // Values read by hand from data/utilization/azure_v1_vm_cpu_avg_5min_100vms.csv: columns
    // vm_1475279, vm_1650226 and vm_1471895 at offsets 0, 300 and 600.
    expect(
      samples.map((record) => {
        const value = record.value as { resource_id: string; event_time: string; value: number };
        return [record.key, value.event_time, value.value];
      }),
    ).toEqual([
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
  });

  it('replays carbon hours of fleet regions', async () => {
    await runSource(carbonReplaySource);

    const topics = sourceContext(config, transport, manualClock(0)).topics;
    const carbon = (await readTopic(transport, topics.carbon)).map((record) => record.value);
    // 2026-12-04 00:00 UTC replays 2023-12-04 00:00 of each zone's Electricity Maps file.
    expect(carbon).toEqual([
      {
        region: 'eu-north-1',
        zone: 'SE-SE3',
        hour: '2026-12-04T00:00:00.000Z',
        intensity_g_per_kwh: 19.12,
        kind: 'observed',
        source: 'replay',
        fallback: false,
        model_version: null,
        issued_at: null,
      },
      {
        region: 'us-east-1',
        zone: 'US-MIDA-PJM',
        hour: '2026-12-04T00:00:00.000Z',
        intensity_g_per_kwh: 315.86,
        kind: 'observed',
        source: 'replay',
        fallback: false,
        model_version: null,
        issued_at: null,
      },
    ]);
  });

  it('replays the same workload requests twice', async () => {
    const topics = sourceContext(config, transport, manualClock(0)).topics;

    await runSource(workloadReplaySource);
    const first = await readTopic(transport, topics.workloadRequests);
    await runSource(workloadReplaySource);
    const both = await readTopic(transport, topics.workloadRequests);

    expect(first.length).toBeGreaterThan(3);
    expect(both.slice(first.length).map((record) => record.value)).toEqual(
      first.map((record) => record.value),
    );
    for (const record of first) {
      expect(workloadRequestSchema.safeParse(record.value).success).toBe(true);
      const request = record.value as { request_id: string; not_before: string };
      expect(record.key).toBe(request.request_id);
      expect(Date.parse(request.not_before)).toBeLessThan(Date.parse('2026-12-04T00:15:00.000Z'));
    }
  });
});
