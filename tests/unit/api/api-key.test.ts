import { bearerKey, hashApiKey, matchApiKey } from '../../../pipeline/api/http/api-key.js';
import { hashApiKeyFromStream } from '../../../pipeline/api/hash-api-key-command.js';

describe('api keys', () => {
  test('hash is sha-256 hex', () => {
    // printf 'abc' | sha256sum
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test('bearer key parsed from header', () => {
    expect(bearerKey('Bearer secret-1')).toBe('secret-1');
    expect(bearerKey('bearer  secret-1 ')).toBe('secret-1');
  });

  test('other schemes and blanks yield none', () => {
    expect(bearerKey(undefined)).toBeUndefined();
    expect(bearerKey('Basic dTpw')).toBeUndefined();
    expect(bearerKey('Bearer')).toBeUndefined();
    expect(bearerKey('Bearer a b')).toBeUndefined();
  });

  test('key matches its configured hash only', () => {
    const hashes = [hashApiKey('first'), hashApiKey('second')];
    expect(matchApiKey('second', hashes)).toBe(hashes[1]);
    expect(matchApiKey('third', hashes)).toBeUndefined();
    expect(matchApiKey('first', [])).toBeUndefined();
  });

  test('hash command reads one line', async () => {
    function* input() {
      yield Buffer.from('abc\n');
    }
    await expect(hashApiKeyFromStream(input())).resolves.toBe(hashApiKey('abc'));
  });

  test('hash command rejects blank input', async () => {
    function* input() {
      yield '\n';
    }
    await expect(hashApiKeyFromStream(input())).rejects.toThrow('Expected one API key');
  });
});
