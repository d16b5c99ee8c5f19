import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EaawasError } from '../../pipeline/errors/eaawas-error.js';
import {
  CARD_FILE,
  checkName,
  ONNX_FILE,
  parsePromoted,
  PROMOTED_FILE,
  type ModelArtifacts,
  type ModelRegistry,
  type PromotedPointer,
} from './model-registry.js';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Writes a file through a temporary name and a rename, so readers never see half a file. */
async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

/** Creates the registry of a local folder, such as the repository's `models/`. */
export function createLocalRegistry(root: string): ModelRegistry {
  return {
    location: root,

    async promoted(model) {
      checkName('model', model);
      const path = join(root, model, PROMOTED_FILE);
      try {
        return parsePromoted(await readFile(path, 'utf8'), path);
      } catch (error) {
        if (isMissing(error)) {
          return null;
        }
        throw error;
      }
    },

    async versions(model) {
      checkName('model', model);
      try {
        const entries = await readdir(join(root, model), { withFileTypes: true });
        return entries
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name)
          .sort();
      } catch (error) {
        if (isMissing(error)) {
          return [];
        }
        throw error;
      }
    },

    async fetch(model, version): Promise<ModelArtifacts> {
      checkName('model', model);
      checkName('version', version);
      const folder = join(root, model, version);
      try {
        const onnx = await readFile(join(folder, ONNX_FILE));
        const card = JSON.parse(await readFile(join(folder, CARD_FILE), 'utf8')) as unknown;
        return { model, version, onnx: new Uint8Array(onnx), card };
      } catch (error) {
        if (isMissing(error)) {
          throw new EaawasError('MODEL_NOT_FOUND', `model ${model} version ${version} not found in ${root}`, {
            cause: error,
          });
        }
        throw error;
      }
    },

    async publish(artifacts) {
      checkName('model', artifacts.model);
      checkName('version', artifacts.version);
      const folder = join(root, artifacts.model, artifacts.version);
      await mkdir(folder, { recursive: true });
      await writeAtomically(join(folder, ONNX_FILE), artifacts.onnx);
      await writeAtomically(join(folder, CARD_FILE), `${JSON.stringify(artifacts.card, null, 2)}\n`);
    },

    async promote(model, version) {
      checkName('model', model);
      checkName('version', version);
      const pointer: PromotedPointer = { model, version };
      await mkdir(join(root, model), { recursive: true });
      await writeAtomically(join(root, model, PROMOTED_FILE), `${JSON.stringify(pointer, null, 2)}\n`);
    },
  };
}
