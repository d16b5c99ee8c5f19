import { createDecisionStore } from '../../../pipeline/api/state/decision-store.js';
import { seedDecision } from '../../integration/api/seed-messages.js';

describe('decision store', () => {
  test('wait resolves when decision arrives', async () => {
    const store = createDecisionStore({ recentLimit: 10 });
    const waiting = store.waitFor('r-1', 5000);
    store.put(seedDecision('r-1', 'placed', 'i-1', 'eu-north-1', 'Cleanest region.', 0));
    await expect(waiting).resolves.toMatchObject({ request_id: 'r-1', status: 'placed' });
  });

  test('wait resolves undefined after timeout', async () => {
    const store = createDecisionStore({ recentLimit: 10 });
    await expect(store.waitFor('r-2', 20)).resolves.toBeUndefined();
    store.put(seedDecision('r-2', 'placed', 'i-1', 'eu-north-1', 'Cleanest region.', 0));
    expect(store.get('r-2')?.status).toBe('placed');
  });

  test('wait on stored decision resolves at once', async () => {
    const store = createDecisionStore({ recentLimit: 10 });
    store.put(seedDecision('r-3', 'rejected', null, 'us-east-1', 'Invalid request.', 0));
    await expect(store.waitFor('r-3', 0)).resolves.toMatchObject({ status: 'rejected' });
  });

  test('recent lists newest first without repeats', () => {
    const store = createDecisionStore({ recentLimit: 2 });
    for (const id of ['a', 'b', 'c', 'b']) {
      store.put(seedDecision(id, 'placed', 'i-1', 'eu-north-1', 'Cleanest region.', 0));
    }
    expect(store.recent(10).map((decision) => decision.request_id)).toEqual(['c', 'b', 'a']);
    expect(store.recent(2).map((decision) => decision.request_id)).toEqual(['c', 'b']);
  });

  test('tombstone forgets the decision', () => {
    const store = createDecisionStore({ recentLimit: 10 });
    store.put(seedDecision('r-4', 'placed', 'i-1', 'eu-north-1', 'Cleanest region.', 0));
    store.delete('r-4');
    expect(store.get('r-4')).toBeUndefined();
    expect(store.recent(10)).toEqual([]);
  });
});
