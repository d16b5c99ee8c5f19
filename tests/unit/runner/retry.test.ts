import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';
import { retryDelayMs, withRetry } from '../../../pipeline/runner/retry.js';

const policy = { initial_delay_ms: 100, max_delay_ms: 1000, max_attempts: 4 };
const fast = { initial_delay_ms: 1, max_delay_ms: 2, max_attempts: 3 };

function transient(): EaawasError {
  return new EaawasError('TRANSPORT_UNAVAILABLE', 'broker away', { retriable: true });
}

describe('retryDelayMs', () => {
  test('doubles per retry up to the cap', () => {
    const noJitter = () => 0.999999;

    expect([1, 2, 3, 4, 5, 10].map((retry) => retryDelayMs(retry, policy, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  test('jitter scales the delay down', () => {
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });
});

describe('withRetry', () => {
  test('retriable error retried until success', async () => {
    let calls = 0;
    const retries: number[] = [];

    const result = await withRetry(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(transient()) : Promise.resolve('done');
      },
      { policy: fast, onRetry: (_error, retry) => retries.push(retry) },
    );

    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  test('attempts exhausted rethrows last error', async () => {
    let calls = 0;

    await expect(
      withRetry(
        () => {
          calls += 1;
          return Promise.reject(transient());
        },
        { policy: fast },
      ),
    ).rejects.toMatchObject({ code: 'TRANSPORT_UNAVAILABLE' });
    expect(calls).toBe(3);
  });

  test('non-retriable error thrown at once', async () => {
    let calls = 0;

    await expect(
      withRetry(
        () => {
          calls += 1;
          return Promise.reject(new Error('bug'));
        },
        { policy: fast },
      ),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });

  test('abort ends the wait early', async () => {
    const abort = new AbortController();
    const slow = { initial_delay_ms: 60_000, max_delay_ms: 60_000, max_attempts: 5 };

    const pending = withRetry(() => Promise.reject(transient()), {
      policy: slow,
      signal: abort.signal,
      random: () => 1,
    });
    abort.abort();

    await expect(pending).rejects.toMatchObject({ code: 'TRANSPORT_UNAVAILABLE' });
  });
});
