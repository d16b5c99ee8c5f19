import type { Logger } from 'pino';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Calls `onShutdown` once at the first SIGTERM or SIGINT so the caller can stop gracefully. A
 * second signal exits at once with status 130, for an operator who does not want to wait.
 * Returns a function that removes the handlers.
 */
export function onShutdownSignal(logger: Logger, onShutdown: (signal: string) => void): () => void {
  let received = false;

  function handle(signal: NodeJS.Signals): void {
    if (received) {
      logger.warn({ signal }, 'second shutdown signal; exiting without waiting');
      process.exit(130);
    }
    received = true;
    logger.info({ signal }, 'shutdown signal received; stopping gracefully');
    onShutdown(signal);
  }

  for (const signal of SIGNALS) {
    process.on(signal, handle);
  }
  return () => {
    for (const signal of SIGNALS) {
      process.off(signal, handle);
    }
  };
}
