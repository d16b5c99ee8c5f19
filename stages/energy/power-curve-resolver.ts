import type { DefaultCoefficients, LinearWatts } from './default-coefficients.js';
import {
  CURVE_UTILIZATION_POINTS,
  constantPoints,
  instanceFamily,
  type CurveArchitecture,
  type CurvePoints,
  type InstancePowerRow,
  type PowerCurve,
  type ResolvedCurve,
} from './power-curve.js';

/** Known facts about an instance whose curve is looked up; null marks an unknown value. */
export interface InstanceShape {
  instanceType: string;
  /** Architecture as EC2 reports it (`x86_64`, `arm64`, `i386`, `x86_64_mac`, `arm64_mac`). */
  architecture: string | null;
  vcpus: number | null;
  memoryGb: number | null;
  gpus: number | null;
}

/**
 * Size assumed when a type is missing from the table and its size is unknown too: 2 vCPUs and
 * 8 GB, the size of an m5.large, the most common general-purpose size.
 */
export const DEFAULT_SHAPE = { vcpus: 2, memoryGb: 8, gpus: 0 } as const;

/**
 * Sizes above these are clamped so products of per-unit watts stay finite. They are at least twice
 * the largest types in the bundled lists (1920 vCPUs and 32768 GiB for u7inh-32tb.480xlarge,
 * 16 GPUs for p2.16xlarge), so no real shape is cut.
 */
export const MAX_SHAPE = { vcpus: 4096, memoryGb: 131_072, gpus: 64 } as const;

export interface CurveTables {
  measured: ReadonlyMap<string, InstancePowerRow>;
  defaults: DefaultCoefficients;
}

/**
 * Finds the power curve of an instance: the measured curve of its type, else a curve pooled per
 * vCPU, per GB and per GPU over its family, else over its architecture, else CCF's average
 * coefficients. The lower and upper curves are the smallest and largest per-unit figures of the
 * pool (equal to the central curve for a measured type). GPU load is not observed, so the lower
 * curve keeps GPUs at idle and the upper curve at full load, whatever the CPU does.
 */
export function resolveCurve(tables: CurveTables, shape: InstanceShape): ResolvedCurve {
  // Pooling scans the whole table, so results are kept per table and shape; they never change.
  const cache = resolvedCache.get(tables) ?? new Map<string, ResolvedCurve>();
  resolvedCache.set(tables, cache);
  const key = JSON.stringify([
    shape.instanceType.toLowerCase(),
    shape.architecture,
    shape.vcpus,
    shape.memoryGb,
    shape.gpus,
  ]);
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const resolved = resolveUncached(tables, shape);
  if (cache.size >= MAX_CACHED_SHAPES) {
    cache.clear();
  }
  cache.set(key, resolved);
  return resolved;
}

/** Bounds the cache: a fleet has far fewer distinct shapes, and a full cache starts over. */
const MAX_CACHED_SHAPES = 10_000;
const resolvedCache = new WeakMap<CurveTables, Map<string, ResolvedCurve>>();

function resolveUncached(tables: CurveTables, shape: InstanceShape): ResolvedCurve {
  const measured = tables.measured.get(shape.instanceType.toLowerCase());
  if (measured !== undefined) {
    return withGpuBounds({
      quality: 'measured',
      central: measured.curve,
      lower: measured.curve,
      upper: measured.curve,
    });
  }

  const gpus =
    shape.gpus !== null && Number.isFinite(shape.gpus) && shape.gpus >= 0 ? shape.gpus : DEFAULT_SHAPE.gpus;
  const size = {
    vcpus: Math.min(positiveOr(shape.vcpus, DEFAULT_SHAPE.vcpus), MAX_SHAPE.vcpus),
    memoryGb: Math.min(positiveOr(shape.memoryGb, DEFAULT_SHAPE.memoryGb), MAX_SHAPE.memoryGb),
    gpus: Math.min(gpus, MAX_SHAPE.gpus),
  };
  const rows = [...tables.measured.values()];
  const family = instanceFamily(shape.instanceType);
  const familyRows = rows.filter((row) => row.family === family);
  if (familyRows.length > 0) {
    return withGpuBounds({ quality: 'family', ...pooledCurves(familyRows, size, tables.defaults) });
  }

  const architecture = curveArchitecture(shape.architecture);
  const architectureRows =
    architecture === null ? [] : rows.filter((row) => row.architecture === architecture);
  if (architectureRows.length > 0) {
    return withGpuBounds({
      quality: 'architecture',
      ...pooledCurves(architectureRows, size, tables.defaults),
    });
  }

  return withGpuBounds({ quality: 'default', ...defaultCurves(size, tables.defaults) });
}

function positiveOr(value: number | null, fallback: number): number {
  return value !== null && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** i386 runs on the same x86_64 hosts; arm64 Macs have no row in the table. */
function curveArchitecture(architecture: string | null): CurveArchitecture | null {
  switch (architecture) {
    case 'x86_64':
    case 'i386':
      return 'x86_64';
    case 'arm64':
      return 'arm64';
    case 'x86_64_mac':
      return 'x86_64_mac';
    default:
      return null;
  }
}

interface Size {
  vcpus: number;
  memoryGb: number;
  gpus: number;
}

type CurveTriple = Pick<ResolvedCurve, 'central' | 'lower' | 'upper'>;

/**
 * Pools per-unit watts over rows: CPU package and other host power per vCPU, DRAM per GB, GPU per
 * GPU. The central curve is the mean over the rows, the bounds their minimum and maximum, each
 * scaled to the target size. Rows without GPUs do not enter the GPU pool; a pool with no GPU row
 * uses the default GPU coefficients.
 */
function pooledCurves(rows: InstancePowerRow[], size: Size, defaults: DefaultCoefficients): CurveTriple {
  const cpuRows = rows.filter((row) => row.vcpus > 0);
  const memoryRows = rows.filter((row) => row.memoryGb > 0);
  const gpuRows = rows.filter((row) => row.gpus > 0);
  const perUnit = (
    selected: InstancePowerRow[],
    points: (row: InstancePowerRow) => CurvePoints,
    units: (row: InstancePowerRow) => number,
  ) => selected.map((row) => points(row).map((watts) => watts / units(row)) as unknown as CurvePoints);

  const cpu = perUnit(
    cpuRows,
    (row) => row.curve.cpu,
    (row) => row.vcpus,
  );
  const other = perUnit(
    cpuRows,
    (row) => row.curve.other,
    (row) => row.vcpus,
  );
  const memory = perUnit(
    memoryRows,
    (row) => row.curve.memory,
    (row) => row.memoryGb,
  );
  const gpu = perUnit(
    gpuRows,
    (row) => row.curve.gpu,
    (row) => row.gpus,
  );
  const defaultGpu = defaultCurves(size, defaults);

  const gpuPoints = (statistic: Statistic, fallbackGpu: CurvePoints): CurvePoints => {
    if (size.gpus === 0) {
      return constantPoints(0);
    }
    if (gpu.length === 0) {
      return fallbackGpu;
    }
    return scale(reduce(gpu, statistic), size.gpus);
  };
  const build = (statistic: Statistic, fallbackGpu: CurvePoints): PowerCurve => ({
    cpu: scale(reduce(cpu, statistic), size.vcpus),
    other: scale(reduce(other, statistic), size.vcpus),
    memory: scale(reduce(memory, statistic), size.memoryGb),
    gpu: gpuPoints(statistic, fallbackGpu),
  });
  return {
    central: build('mean', defaultGpu.central.gpu),
    lower: build('min', defaultGpu.lower.gpu),
    upper: build('max', defaultGpu.upper.gpu),
  };
}

/** CCF's average coefficients, bounded by the lowest and highest microarchitecture lines. */
function defaultCurves(size: Size, defaults: DefaultCoefficients): CurveTriple {
  const memory = constantPoints(defaults.memoryWattsPerGb * size.memoryGb);
  const build = (cpu: LinearWatts, gpu: LinearWatts): PowerCurve => ({
    cpu: scale(linearPoints(cpu), size.vcpus),
    other: constantPoints(0),
    memory,
    gpu: size.gpus === 0 ? constantPoints(0) : scale(linearPoints(gpu), size.gpus),
  });
  return {
    central: build(defaults.cpuPerVcpu, defaults.gpuPerGpu),
    lower: build(defaults.cpuPerVcpuLower, defaults.gpuPerGpuLower),
    upper: build(defaults.cpuPerVcpuUpper, defaults.gpuPerGpuUpper),
  };
}

function withGpuBounds(resolved: ResolvedCurve): ResolvedCurve {
  return {
    ...resolved,
    lower: { ...resolved.lower, gpu: constantPoints(resolved.lower.gpu[0]) },
    upper: { ...resolved.upper, gpu: constantPoints(resolved.upper.gpu[3]) },
  };
}

type Statistic = 'mean' | 'min' | 'max';

function reduce(curves: CurvePoints[], statistic: Statistic): CurvePoints {
  if (curves.length === 0) {
    return constantPoints(0);
  }
  const at = (i: 0 | 1 | 2 | 3): number => {
    const values = curves.map((curve) => curve[i]);
    if (statistic === 'min') {
      return Math.min(...values);
    }
    if (statistic === 'max') {
      return Math.max(...values);
    }
    return values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  return [at(0), at(1), at(2), at(3)];
}

function scale(points: CurvePoints, units: number): CurvePoints {
  return points.map((watts) => watts * units) as unknown as CurvePoints;
}

function linearPoints(watts: LinearWatts): CurvePoints {
  return CURVE_UTILIZATION_POINTS.map(
    (load) => watts.idle + ((watts.full - watts.idle) * load) / 100,
  ) as unknown as CurvePoints;
}
