import { createHash, timingSafeEqual } from 'node:crypto';

/** Returns the lowercase hex SHA-256 of an API key, the form `api.api_key_sha256` stores. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Reads the key of an `Authorization: Bearer <key>` header; undefined when absent or another scheme. */
export function bearerKey(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Finds the configured hash that matches a presented key. Compares digests in constant time, so
 * the response time does not reveal how much of a hash matched.
 */
export function matchApiKey(key: string, hashes: readonly string[]): string | undefined {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  let matched: string | undefined;
  for (const hash of hashes) {
    const candidate = Buffer.from(hash, 'hex');
    if (candidate.length === presented.length && timingSafeEqual(candidate, presented)) {
      matched = hash;
    }
  }
  return matched;
}
