import type { RunExtension } from '../cli/run-extensions.js';
import { startApiServer } from './start-api-server.js';

/**
 * Serves the HTTP API and the dashboard beside the stages of `eaawas run`, on the run's transport,
 * registry and logger. It stops before the stages, so no request waits on a stopped allocator.
 */
export const apiRunExtension: RunExtension = {
  name: 'api',
  async start(runtime) {
    const server = await startApiServer(runtime);
    return { stop: () => server.close() };
  },
};
