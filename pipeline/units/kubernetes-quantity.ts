/**
 * Parsing of Kubernetes resource quantities (`4Gi`, `512Mi`, `4G`, `129e6`, `500m`), following the
 * grammar of k8s.io/apimachinery's resource.Quantity. A quantity is a decimal number followed by one
 * of three forms. A binary suffix (Ki, Mi, Gi, Ti, Pi, Ei) multiplies by powers of 1024, and a
 * decimal suffix (n, u, m, k, M, G, T, P, E) by powers of 1000. A decimal exponent is written like
 * e6 or E6. `4G` is 4,000,000,000 and `4Gi` is 4,294,967,296.
 */

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY_PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

export type QuantityResult = { ok: true; value: number } | { ok: false; reason: string };

/** Parses a quantity into its plain number (bytes for memory, cores for CPU). */
export function parseQuantity(text: string): QuantityResult {
  const match = QUANTITY_PATTERN.exec(text.trim());
  if (match === null || text.trim() !== text) {
    return {
      ok: false,
      reason: `"${text}" is not a Kubernetes quantity; use a number with an optional suffix such as 4Gi, 512Mi, 4G or 500m`,
    };
  }
  const [, numberPart = '', exponentPart, suffix = ''] = match;
  const mantissa = Number(numberPart);
  const multiplier =
    exponentPart !== undefined
      ? 10 ** Number(exponentPart.slice(1))
      : (BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix] ?? Number.NaN);
  const value = mantissa * multiplier;
  if (!Number.isFinite(value)) {
    return { ok: false, reason: `"${text}" is out of range` };
  }
  return { ok: true, value };
}

/**
 * Parses a memory request into whole bytes. A plain number is taken as bytes. Fractions of a byte
 * (`400m`, `0.5`) are invalid, as Kubernetes rejects them for memory.
 */
export function parseMemoryBytes(input: string | number): QuantityResult {
  const parsed = typeof input === 'number' ? numberResult(input) : parseQuantity(input);
  if (!parsed.ok) {
    return parsed;
  }
  // Binary suffixes times decimal mantissas such as 1.5Gi are exact in float64 below 2^53.
  const rounded = Math.round(parsed.value);
  if (Math.abs(parsed.value - rounded) > 1e-6) {
    return {
      ok: false,
      reason: `"${String(input)}" is a fractional number of bytes; memory must be whole bytes`,
    };
  }
  if (rounded <= 0) {
    return { ok: false, reason: `"${String(input)}" must be greater than zero` };
  }
  return { ok: true, value: rounded };
}

/** Parses a CPU request into vCPUs: a number (`0.5`) or a quantity (`500m`, `2`). */
export function parseCpuCores(input: string | number): QuantityResult {
  const parsed = typeof input === 'number' ? numberResult(input) : parseQuantity(input);
  if (!parsed.ok) {
    return parsed;
  }
  if (parsed.value <= 0) {
    return { ok: false, reason: `"${String(input)}" must be greater than zero` };
  }
  // Kubernetes keeps CPU at millicore precision; round to it so 0.5 and 500m compare equal.
  return { ok: true, value: Math.round(parsed.value * 1000) / 1000 };
}

function numberResult(value: number): QuantityResult {
  return Number.isFinite(value)
    ? { ok: true, value }
    : { ok: false, reason: `${value} is not a finite number` };
}
