import { describe, expect, it } from '@jest/globals';
import { systemClock } from '../../../pipeline/runner/clock.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { createReplayPacer, replayTimeline } from '../../../stages/replay/replay-clock.js';

const HOUR_MS = 3_600_000;

describe('replayTimeline', () => {
  it('rounds a missing start down to the hour', () => {
    const replay = loadConfig({}).sources.replay;
    const clock = { now: () => Date.parse('2026-12-04T10:42:17Z') };

    const timeline = replayTimeline(replay, clock, 2_401_200);

    expect(new Date(timeline.originMs).toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(timeline.endOffsetS).toBe(2_401_200);
  });

  it('stops at the configured end', () => {
    const replay = {
      ...loadConfig({}).sources.replay,
      start_time: '2026-01-01T00:00:00.000Z',
      end_offset_s: 900,
    };

    const timeline = replayTimeline(replay, systemClock, 2_401_200);

    expect(timeline.originMs).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(timeline.endOffsetS).toBe(900);
  });
});

describe('createReplayPacer', () => {
  it('never waits at speed zero', async () => {
    const pacer = createReplayPacer(0, 0, systemClock);
    const started = performance.now();

    await pacer.waitUntil(1000 * HOUR_MS, new AbortController().signal);

    expect(performance.now() - started).toBeLessThan(100);
  });

  it('waits simulated time divided by speed', async () => {
    // 3600 simulated seconds per second: half a simulated hour takes half a second.
    const pacer = createReplayPacer(0, 3600, systemClock);
    const started = performance.now();

    await pacer.waitUntil(HOUR_MS / 2, new AbortController().signal);

    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('returns early when aborted', async () => {
    const pacer = createReplayPacer(0, 1, systemClock);
    const abort = new AbortController();
    const started = performance.now();
    setTimeout(() => abort.abort(), 50);

    await pacer.waitUntil(HOUR_MS, abort.signal);

    expect(performance.now() - started).toBeLessThan(5000);
  });
});
