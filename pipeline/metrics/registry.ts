import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Creates the private registry that the process passes to every component. Default Node.js
 * process metrics are registered under the `eaawas_process_` prefix when `withDefaults` is set.
 */
export function createRegistry(withDefaults = true): Registry {
  const registry = new Registry();
  if (withDefaults) {
    collectDefaultMetrics({ register: registry, prefix: 'eaawas_process_' });
  }
  return registry;
}
