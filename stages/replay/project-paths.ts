import { dirname, isAbsolute, join } from 'node:path';
import { defaultConfigPath } from '../../pipeline/config/load-config.js';

/** The project root: the folder that holds configs/default.yaml. */
export function projectRoot(): string {
  return dirname(dirname(defaultConfigPath()));
}

/** Resolves a configured path; a relative one starts at `base` (the project root by default). */
export function resolveConfiguredPath(path: string, base: string = projectRoot()): string {
  return isAbsolute(path) ? path : join(base, path);
}
