/**
 * A store of model versions and, per model, the promoted version the predictor serves. Two
 * implementations share one layout: a local folder (the shipped `models/`) and an S3 bucket.
 *
 *   <root>/<model>/<version>/model.onnx   the ONNX model
 *   <root>/<model>/<version>/card.json    its model card
 *   <root>/<model>/promoted.json          {"model": ..., "version": ...}
 *
 * A version is immutable once published; promoting only rewrites promoted.json, so a reader
 * sees either the old or the new version, never a mix.
 */
export interface PromotedPointer {
  model: string;
  version: string;
}

/** The files of one model version as stored. `card` is the parsed JSON, validated by the reader. */
export interface ModelArtifacts {
  model: string;
  version: string;
  onnx: Uint8Array;
  card: unknown;
}

export interface ModelRegistry {
  /** Where the registry lives, for logs: a folder path or an s3:// URL. */
  readonly location: string;
  /** The promoted version of a model, or null when none is promoted. */
  promoted(model: string): Promise<PromotedPointer | null>;
  /** Every published version of a model, in lexical order. */
  versions(model: string): Promise<string[]>;
  /** Reads one version; throws EaawasError MODEL_NOT_FOUND when it does not exist. */
  fetch(model: string, version: string): Promise<ModelArtifacts>;
  /** Stores a version; publishing an existing version again overwrites its files. */
  publish(artifacts: ModelArtifacts): Promise<void>;
  /** Points the model's promoted.json at a published version. */
  promote(model: string, version: string): Promise<void>;
}

export const ONNX_FILE = 'model.onnx';
export const CARD_FILE = 'card.json';
export const PROMOTED_FILE = 'promoted.json';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Rejects model names and versions that could escape the layout (slashes, `..`). */
export function checkName(kind: 'model' | 'version', value: string): void {
  if (!NAME_PATTERN.test(value) || value.includes('..')) {
    throw new RangeError(`invalid ${kind} name ${JSON.stringify(value)}: use letters, digits, '.', '_' and '-'`);
  }
}

/** Parses promoted.json; throws when it does not name a model and version. */
export function parsePromoted(text: string, source: string): PromotedPointer {
  const value = JSON.parse(text) as { model?: unknown; version?: unknown };
  if (typeof value.model !== 'string' || typeof value.version !== 'string') {
    throw new RangeError(`${source} must contain {"model": string, "version": string}`);
  }
  checkName('model', value.model);
  checkName('version', value.version);
  return { model: value.model, version: value.version };
}
