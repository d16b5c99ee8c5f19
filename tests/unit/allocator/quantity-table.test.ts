import { parseCpuCores, parseMemoryBytes } from '../../../pipeline/units/kubernetes-quantity.js';
import { validateWorkloadRequest } from '../../../stages/allocator/allocation-request.js';

const VALID_MEMORY: Array<[string, number]> = [
  ['4Gi', 4_294_967_296],
  ['4G', 4_000_000_000],
  ['512Mi', 536_870_912],
  ['1.5Gi', 1_610_612_736],
  ['129e6', 129_000_000],
  ['1Ti', 1_099_511_627_776],
];

const BASE = { cpu_request: 1, priority: 'low', max_energy_consumption: 50 };

describe('memory quantity table', () => {
  test.each(VALID_MEMORY)('%s parses to exact bytes', (text, bytes) => {
    expect(parseMemoryBytes(text)).toEqual({ ok: true, value: bytes });
  });

  test.each(VALID_MEMORY)('%s is accepted by request validation', (text, bytes) => {
    const result = validateWorkloadRequest({ ...BASE, memory_request: text }, 'r-1', 0);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      throw new Error(`expected ${text} to be accepted`);
    }
    expect(result.request.memoryBytes).toBe(bytes);
  });

  test('4G and 4Gi differ', () => {
    const decimal = parseMemoryBytes('4G');
    const binary = parseMemoryBytes('4Gi');
    expect(decimal.ok).toBe(true);
    expect(binary.ok).toBe(true);
    if (!decimal.ok || !binary.ok) {
      throw new Error('expected 4G and 4Gi to parse');
    }
    expect(decimal.value).not.toBe(binary.value);
  });

  test('400m memory rejected naming the field', () => {
    expect(parseMemoryBytes('400m').ok).toBe(false);
    const result = validateWorkloadRequest({ ...BASE, memory_request: '400m' }, 'r-2', 0);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.invalidFields.map((issue) => issue.field)).toEqual(['memory_request']);
  });
});

describe('cpu quantity', () => {
  test('0.5 and 500m parse equal', () => {
    expect(parseCpuCores(0.5)).toEqual(parseCpuCores('500m'));
  });
});
