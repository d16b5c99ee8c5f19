import type { Clock } from '../../pipeline/runner/clock.js';
import { abortableSleep } from '../collectors/abortable-sleep.js';
import type { ReplayConfig } from './replay-config.js';

const HOUR_MS = 3_600_000;

/**
 * Position of a replay in simulated time. A trace offset `o` seconds happens at the simulated
 * instant `originMs + o * 1000`; the replay covers offsets from `firstOffsetS` up to, not
 * including, `endOffsetS`.
 */
export interface ReplayTimeline {
  originMs: number;
  firstOffsetS: number;
  endOffsetS: number;
}

/**
 * Builds the timeline from the config. Without `start_time` the origin is the clock's current time
 * rounded down to the hour; `traceEndOffsetS` bounds a replay whose `end_offset_s` is null.
 */
export function replayTimeline(replay: ReplayConfig, clock: Clock, traceEndOffsetS: number): ReplayTimeline {
  const originMs =
    replay.start_time === null ? Math.floor(clock.now() / HOUR_MS) * HOUR_MS : Date.parse(replay.start_time);
  const endOffsetS =
    replay.end_offset_s === null ? traceEndOffsetS : Math.min(replay.end_offset_s, traceEndOffsetS);
  return { originMs, firstOffsetS: replay.start_offset_s, endOffsetS };
}

/** Holds a replay back so simulated time advances `speed` times as fast as the wall clock. */
export interface ReplayPacer {
  /** Resolves when the simulated instant `simulatedMs` is reached, or at once when aborted. */
  waitUntil(simulatedMs: number, signal: AbortSignal): Promise<void>;
}

/**
 * Creates a pacer that maps the simulated instant `simulatedStartMs` to the wall-clock time of this
 * call. With speed 0 it never waits.
 */
export function createReplayPacer(simulatedStartMs: number, speed: number, clock: Clock): ReplayPacer {
  const wallStartMs = clock.now();
  return {
    async waitUntil(simulatedMs, signal) {
      if (speed === 0) {
        return;
      }
      const wallTargetMs = wallStartMs + (simulatedMs - simulatedStartMs) / speed;
      await abortableSleep(wallTargetMs - clock.now(), signal);
    },
  };
}
