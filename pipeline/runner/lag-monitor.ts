import type { Logger } from 'pino';
import type { Admin } from '../transport/transport.js';

export interface LagMonitorOptions {
  admin: Admin;
  groupId: string;
  topics: readonly string[];
  intervalMs: number;
  logger: Logger;
  setLag(topic: string, messages: number): void;
}

export interface LagMonitor {
  /** Measures once now; the timer also calls this every `intervalMs`. */
  measure(): Promise<void>;
  stop(): void;
}

/**
 * Sums, per input topic, the end offset minus the group's committed offset over all partitions.
 * A partition without a committed offset counts from 0.
 *
 * NOTE: counting from 0 overstates the lag of a partition whose oldest records were already deleted
 * by retention, until the group commits on it.
 */
export function startLagMonitor(options: LagMonitorOptions): LagMonitor {
  let warned = false;

  async function measure(): Promise<void> {
    for (const topic of options.topics) {
      try {
        const [ends, committed] = await Promise.all([
          options.admin.endOffsets(topic),
          options.admin.committedOffsets(options.groupId, topic),
        ]);
        let lag = 0n;
        for (const [partition, end] of ends) {
          const next = BigInt(committed.get(partition) ?? '0');
          const behind = BigInt(end) - next;
          lag += behind > 0n ? behind : 0n;
        }
        options.setLag(topic, Number(lag));
        warned = false;
      } catch (error) {
        // One warning per failure streak: lag is a diagnostic and must not flood the log.
        if (!warned) {
          options.logger.warn(
            { err: error, topic },
            'measuring consumer lag failed; retrying at the next interval',
          );
          warned = true;
        }
      }
    }
  }

  let pending: Promise<void> | undefined;
  const timer = setInterval(() => {
    pending ??= measure().finally(() => {
      pending = undefined;
    });
  }, options.intervalMs);
  timer.unref();

  return {
    measure,
    stop: () => clearInterval(timer),
  };
}
