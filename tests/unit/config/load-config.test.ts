import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { ValidationError } from '../../../pipeline/errors/eaawas-error.js';

describe('loadConfig', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'eaawas-config-'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  function writeConfig(name: string, text: string): string {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  }

  function loadError(options: Parameters<typeof loadConfig>[0]): ValidationError {
    try {
      loadConfig(options);
    } catch (error) {
      if (error instanceof ValidationError) {
        return error;
      }
      throw error;
    }
    throw new Error('loadConfig accepted an invalid configuration');
  }

  test('defaults load valid and frozen', () => {
    const config = loadConfig({ env: {} });

    expect(config.transport.kind).toBe('embedded');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.runner.retry)).toBe(true);
  });

  test('invalid file reports every key at once', () => {
    const file = writeConfig(
      'invalid.yaml',
      [
        'kafka:',
        '  brokers: [no-port]',
        'runner:',
        '  max_batch_records: 0',
        '  retry:',
        '    max_attempts: many',
        'transport:',
        '  kind: carrier-pigeon',
        '  partiton: 3',
      ].join('\n'),
    );

    const error = loadError({ file, env: {} });

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(file);
    const byPath = new Map(error.issues.map((issue) => [issue.path, issue]));
    const cases: Array<[string, unknown, RegExp]> = [
      ['kafka.brokers.0', 'no-port', /host:port/],
      ['runner.max_batch_records', 0, />=1/],
      ['runner.retry.max_attempts', 'many', /number/],
      ['transport.kind', 'carrier-pigeon', /embedded/],
      ['transport.partiton', undefined, /unknown key/],
    ];
    for (const [path, value, reason] of cases) {
      expect(byPath.get(path)?.value).toEqual(value);
      expect(byPath.get(path)?.message).toMatch(reason);
    }
    for (const line of [
      'kafka.brokers.0:',
      '"no-port"',
      'runner.max_batch_records:',
      'runner.retry.max_attempts:',
      '"many"',
    ]) {
      expect(error.message).toContain(line);
    }
  });

  test('cross-field rule names the key', () => {
    const file = writeConfig(
      'retry.yaml',
      'runner:\n  retry:\n    initial_delay_ms: 500\n    max_delay_ms: 100\n',
    );

    const error = loadError({ file, env: {} });

    expect(error.issues.map((issue) => issue.path)).toContain('runner.retry.max_delay_ms');
    expect(error.message).toContain('max_delay_ms must be at least initial_delay_ms');
  });

  test('KAFKA_BROKERS overrides file brokers', () => {
    const file = writeConfig('brokers.yaml', "kafka:\n  brokers: ['10.0.0.1:9092']\n");

    const config = loadConfig({ file, env: { KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093' } });

    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
  });

  test('invalid KAFKA_BROKERS rejected with value', () => {
    const error = loadError({ env: { KAFKA_BROKERS: 'localhost' } });

    expect(error.issues).toEqual([expect.objectContaining({ path: 'kafka.brokers.0', value: 'localhost' })]);
  });

  test('generic variable sets nested key', () => {
    const config = loadConfig({
      env: { EAAWAS__RUNNER__RETRY__MAX_ATTEMPTS: '3', EAAWAS_TRANSPORT: 'kafka' },
    });

    expect(config.runner.retry.max_attempts).toBe(3);
    expect(config.transport.kind).toBe('kafka');
  });

  test('overrides apply after environment', () => {
    const config = loadConfig({
      env: { EAAWAS_TRANSPORT: 'kafka' },
      overrides: { transport: { kind: 'embedded' } },
    });

    expect(config.transport.kind).toBe('embedded');
  });

  test('missing file names the path', () => {
    const error = loadError({ file: join(folder, 'absent.yaml'), env: {} });

    expect(error.message).toContain('absent.yaml');
  });

  test('malformed YAML reported as invalid', () => {
    const file = writeConfig('broken.yaml', 'runner: [unclosed\n');

    expect(loadError({ file, env: {} }).message).toMatch(/not valid YAML/);
  });
});
