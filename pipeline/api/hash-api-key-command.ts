import { hashApiKey } from './http/api-key.js';

/**
 * Reads an API key from a stream (standard input, so the key stays out of shell history and the
 * process list) and returns the line to add to `api.api_key_sha256`.
 * @throws Error when the input contains no key or more than one line.
 */
export async function hashApiKeyFromStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  }
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length !== 1) {
    throw new Error(`Expected one API key on standard input, got ${lines.length} non-empty lines.`);
  }
  const key = lines[0] as string;
  if (/\s/.test(key)) {
    throw new Error('The API key contains whitespace; a Bearer token cannot carry it.');
  }
  return hashApiKey(key);
}
