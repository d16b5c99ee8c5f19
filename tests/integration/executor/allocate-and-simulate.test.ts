import { jest } from '@jest/globals';
import { startStage, type RunningComponent } from '../../../pipeline/runner/stage-runner.js';
import { actionSchema } from '../../../schemas/definitions/action.js';
import { decisionSchema } from '../../../schemas/definitions/decision.js';
import { inventorySchema } from '../../../schemas/definitions/inventory.js';
import { createAllocatorStage } from '../../../stages/allocator/allocator-stage.js';
import { createExecutorStage } from '../../../stages/executor/executor-stage.js';
import { createRunnerFixture, type RunnerFixture } from '../runner/runner-fixtures.js';
import { waitFor } from '../transport/poll.js';
import { fixtureEnergyModel } from '../../unit/allocator/allocator-fixtures.js';

jest.setTimeout(120_000);

const loadEnergyModel = () => Promise.resolve(fixtureEnergyModel());

function parse(record: { value: Buffer | null }): unknown {
  return JSON.parse(record.value!.toString('utf8'));
}

describe('allocator and executor in simulate mode', () => {
  let fixture: RunnerFixture;
  const running: RunningComponent[] = [];

  beforeEach(async () => {
    fixture = await createRunnerFixture('embedded');
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((component) => component.stop()));
    await fixture.close();
  });

  test('request launches one simulated instance', async () => {
    const { topics, transport } = fixture;
    const decisions = await fixture.collect(topics.decisions);
    const actions = await fixture.collect(topics.actions);
    const inventory = await fixture.collect(topics.inventory);
    const dlq = await fixture.collect(topics.dlq);
    running.push(await startStage(createAllocatorStage({ loadEnergyModel }), fixture.context()));
    running.push(await startStage(createExecutorStage({ loadEnergyModel }), fixture.context()));

    const body = {
      cpu_request: '500m',
      memory_request: '512Mi',
      priority: 'high',
      max_energy_consumption: 50,
      regions: ['eu-north-1'],
    };
    const producer = await transport.producer();
    await producer.send(topics.workloadRequests, [
      { key: 'sim-1', value: JSON.stringify(body) },
      { key: 'sim-1', value: JSON.stringify({ ...body, cpu_request: 2 }) },
      { key: 'sim-bad', value: JSON.stringify({ ...body, memory_request: '400m', priority: 'urgent' }) },
      { key: 'sim-bytes', value: Buffer.from([0xff, 0xfe]) },
    ]);
    await producer.close();

    await waitFor(
      'two decisions, one action, one inventory record, one dead letter',
      () => decisions.length >= 2 && actions.length >= 1 && inventory.length >= 1 && dlq.length >= 1,
      60_000,
    );

    const byId = new Map(decisions.map((record) => [record.key, decisionSchema.parse(parse(record))]));
    expect(decisions).toHaveLength(2);
    expect(byId.get('sim-1')?.status).toBe('launched');
    expect(byId.get('sim-1')?.target?.region).toBe('eu-north-1');
    expect(byId.get('sim-bad')?.status).toBe('rejected');
    expect(
      byId
        .get('sim-bad')
        ?.invalid_fields.map((issue) => issue.field)
        .sort(),
    ).toEqual(['memory_request', 'priority']);

    const action = actionSchema.parse(parse(actions[0]!));
    expect(action.kind).toBe('run_instances');
    expect(action.mode).toBe('simulate');
    expect(action.outcome).toBe('simulated');
    expect(action.request_id).toBe('sim-1');
    const launched = inventorySchema.parse(parse(inventory[0]!));
    expect(launched.resource_id).toBe(action.parameters.instance_id);
    expect(launched.source).toBe('simulated');
    expect(dlq[0]!.key).toBe('sim-bytes');
  });
});
