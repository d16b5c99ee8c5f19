import { jest } from '@jest/globals';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { startStage, type RunningComponent } from '../../../pipeline/runner/stage-runner.js';
import { actionSchema, type Action } from '../../../schemas/definitions/action.js';
import type { Decision } from '../../../schemas/definitions/decision.js';
import type { Ec2InstanceInventory } from '../../../schemas/definitions/inventory.js';
import { RESERVATION_HEADERS } from '../../../stages/allocator/decision-ledger.js';
import { createExecutorStage } from '../../../stages/executor/executor-stage.js';
import { m5LargeInventory } from '../../fixtures/inventory-fixtures.js';
import { createRunnerFixture, type RunnerFixture } from '../runner/runner-fixtures.js';
import { waitFor } from '../transport/poll.js';
import { fixtureEnergyModel } from '../../unit/allocator/allocator-fixtures.js';

jest.setTimeout(120_000);

/** The fixture config with a 1 s consolidation pass that acts after one idle pass. */
function fastConfig(config: EaawasConfig): EaawasConfig {
  return {
    ...config,
    executor: {
      ...config.executor,
      consolidation: {
        ...config.executor.consolidation,
        interval_ms: 1000,
        idle_passes_required: 1,
        cooldown_s: 0,
      },
    },
  };
}

function instance(id: string): Ec2InstanceInventory {
  return m5LargeInventory(id, { observed_at: new Date().toISOString() });
}

function deferredLaunch(requestId: string, startMs: number): Decision {
  return {
    request_id: requestId,
    status: 'deferred',
    target: {
      kind: 'new_instance',
      resource_id: null,
      instance_type: 'm5.large',
      region: 'eu-north-1',
      availability_zone: null,
    },
    start_time: new Date(startMs).toISOString(),
    added_power_w: 20,
    energy_kwh: 0.02,
    carbon_gco2e: 1,
    cost_usd: 0.1,
    alternatives: [],
    reason: 'deferred for the test',
    invalid_fields: [],
    model_versions: {},
    decided_at: new Date().toISOString(),
  };
}

function actionsOf(records: Array<{ value: Buffer | null }>): Action[] {
  return records.map((record) => actionSchema.parse(JSON.parse(record.value!.toString('utf8'))));
}

describe('executor tick', () => {
  let fixture: RunnerFixture;
  let executor: RunningComponent | undefined;

  beforeEach(async () => {
    fixture = await createRunnerFixture('embedded');
  });

  afterEach(async () => {
    await executor?.stop();
    await fixture.close();
  });

  test('idle instance stopped, deferred launch runs later', async () => {
    const { topics, transport } = fixture;
    const actions = await fixture.collect(topics.actions);
    const context = { ...fixture.context(), config: fastConfig(fixture.config) };
    const producer = await transport.producer();
    await producer.send(topics.inventory, [
      { key: 'i-idle', value: JSON.stringify(instance('i-idle')) },
      { key: 'i-busy', value: JSON.stringify(instance('i-busy')) },
    ]);
    const forecast = (id: string, upper: number) => ({
      resource_id: id,
      metric: 'cpu_utilization',
      issued_at: new Date().toISOString(),
      horizon_s: 3600,
      target_time: new Date(Date.now() + 3_600_000).toISOString(),
      mean: upper / 2,
      lower: 0,
      upper,
      interval: 0.8,
      model_name: 'test',
      model_version: '1',
    });
    await producer.send(topics.forecasts, [
      { key: 'i-idle', value: JSON.stringify(forecast('i-idle', 1)) },
      { key: 'i-busy', value: JSON.stringify(forecast('i-busy', 60)) },
    ]);
    const dueMs = Date.now() + 3000;
    await producer.send(topics.decisions, [
      {
        key: 'later-1',
        value: JSON.stringify(deferredLaunch('later-1', dueMs)),
        headers: { [RESERVATION_HEADERS.action]: 'launch' },
      },
    ]);
    await producer.close();

    executor = await startStage(
      createExecutorStage({ loadEnergyModel: () => Promise.resolve(fixtureEnergyModel()) }),
      context,
    );
    await waitFor('a stop and a launch', () => actions.length >= 2, 60_000);

    const published = actionsOf(actions);
    const stop = published.find((action) => action.kind === 'stop_instances');
    const launch = published.find((action) => action.kind === 'run_instances');
    expect(stop?.target).toBe('i-idle');
    expect(stop?.request_id).toBeNull();
    expect(launch?.request_id).toBe('later-1');
    expect(Date.parse(launch!.issued_at)).toBeGreaterThanOrEqual(dueMs);
    expect(published.some((action) => action.target === 'i-busy')).toBe(false);
  });
});
