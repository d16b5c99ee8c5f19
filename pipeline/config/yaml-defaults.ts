import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';

/** A default from configs/default.yaml with the comment written above it. */
export interface DocumentedDefault {
  value: unknown;
  /** The comment lines above the key, joined with spaces; empty when there is none. */
  comment: string;
}

/**
 * Reads every key of a defaults file with its value and comment, by dotted path (`runner.retry.max_attempts`).
 * A comment above the first key of a section is attached by the YAML parser to the section's
 * mapping, so it is moved to that first key here.
 */
export function readDocumentedDefaults(text: string): Map<string, DocumentedDefault> {
  const document = parseDocument(text);
  const defaults = new Map<string, DocumentedDefault>();

  function visit(map: YAMLMap, path: string[]): void {
    map.items.forEach((pair, index) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyPath = [...path, key];
      const leading = index === 0 ? (map.commentBefore ?? '') : '';
      const own = isScalar(pair.key) ? (pair.key.commentBefore ?? '') : '';
      const inline = isScalar(pair.value) ? (pair.value.comment ?? '') : '';
      const comment = [leading, own, inline]
        .join('\n')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0)
        .join(' ');
      const value: unknown =
        pair.value !== null && typeof pair.value === 'object' && 'toJSON' in pair.value
          ? (pair.value as { toJSON(): unknown }).toJSON()
          : pair.value;
      defaults.set(keyPath.join('.'), { value, comment });
      if (isMap(pair.value)) {
        visit(pair.value, keyPath);
      }
    });
  }

  if (isMap(document.contents)) {
    visit(document.contents, []);
  }
  return defaults;
}
