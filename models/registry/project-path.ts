import { dirname, isAbsolute, join } from 'node:path';
import { defaultConfigPath } from '../../pipeline/config/load-config.js';

/**
 * Resolves a configured path: absolute paths as given, relative ones from the project root (the
 * folder of configs/default.yaml), so `eaawas run` finds models/ from any working directory.
 */
export function resolveProjectPath(configured: string): string {
  return isAbsolute(configured) ? configured : join(dirname(dirname(defaultConfigPath())), configured);
}
