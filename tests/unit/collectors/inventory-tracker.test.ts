import { describe, expect, it } from '@jest/globals';
import { createInventoryTracker } from '../../../stages/collectors/inventory-tracker.js';

function committed<T>(result: { changes: Array<{ id: string; value: T | null }>; commit: () => void }) {
  result.commit();
  return result.changes;
}

describe('createInventoryTracker', () => {
  it('publishes live resources every poll', () => {
    const tracker = createInventoryTracker<string>();

    committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: false, value: 'running' }]));
    const second = committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: false, value: 'stopped' }]));

    expect(second).toEqual([{ id: 'a', value: 'stopped' }]);
  });

  it('tombstones a terminated resource once', () => {
    const tracker = createInventoryTracker<string>();
    committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: false, value: 'running' }]));

    const first = committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: true }]));
    const second = committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: true }]));

    expect(first).toEqual([{ id: 'a', value: null }]);
    expect(second).toEqual([]);
  });

  it('tombstones a vanished resource', () => {
    const tracker = createInventoryTracker<string>();
    committed(
      tracker.reconcile('eu-north-1', [
        { id: 'a', gone: false, value: 'x' },
        { id: 'b', gone: false, value: 'y' },
      ]),
    );

    const changes = committed(tracker.reconcile('eu-north-1', [{ id: 'b', gone: false, value: 'y' }]));

    expect(changes).toEqual([
      { id: 'b', value: 'y' },
      { id: 'a', value: null },
    ]);
  });

  it('keeps regions apart', () => {
    const tracker = createInventoryTracker<string>();
    committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: false, value: 'x' }]));

    const other = committed(tracker.reconcile('eu-north-1', []));

    expect(other).toEqual([]);
  });

  it('repeats changes when not committed', () => {
    const tracker = createInventoryTracker<string>();
    committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: false, value: 'x' }]));

    tracker.reconcile('us-east-1', [{ id: 'a', gone: true }]);
    const retried = committed(tracker.reconcile('us-east-1', [{ id: 'a', gone: true }]));

    expect(retried).toEqual([{ id: 'a', value: null }]);
  });
});
