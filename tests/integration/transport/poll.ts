import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `condition` every `intervalMs` until it returns true, and fails with `description` once
 * `timeoutMs` passed. Integration tests wait with this instead of fixed sleeps.
 */
export async function waitFor(
  description: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    }
    await delay(intervalMs);
  }
}

/** A name no other test run uses, for topics and consumer groups. */
export function uniqueName(label: string): string {
  return `test.${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
