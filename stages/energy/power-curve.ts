/**
 * Types of the power model. A curve gives watts at the four CPU loads the Teads dataset measures,
 * split into the components it reports; watts between the points are interpolated linearly.
 */

/** CPU utilization, in percent, of the four measured points. */
export const CURVE_UTILIZATION_POINTS = [0, 10, 50, 100] as const;

/** Watts at 0 (idle), 10, 50 and 100 percent CPU utilization. */
export type CurvePoints = readonly [number, number, number, number];

/** Watts of each component of one instance at the measured points, before PUE. */
export interface PowerCurve {
  /** CPU package power. */
  cpu: CurvePoints;
  /** DRAM power. */
  memory: CurvePoints;
  /** GPU power, zero for instances without GPUs. */
  gpu: CurvePoints;
  /** Other host components (board, fans, drives) attributed to the instance; constant in the data. */
  other: CurvePoints;
}

export type CurveArchitecture = 'x86_64' | 'arm64' | 'x86_64_mac';

/** One instance type of the measured table. */
export interface InstancePowerRow {
  instanceType: string;
  family: string;
  architecture: CurveArchitecture;
  vcpus: number;
  /** vCPUs of the whole host, used to share the host's embodied emissions. */
  platformVcpus: number;
  memoryGb: number;
  gpus: number;
  curve: PowerCurve;
}

/** Which curve an estimate used: the type itself, its family, its architecture or the default. */
export type EstimateQuality = 'measured' | 'family' | 'architecture' | 'default';

/** A curve with the curves that bound it, and where it came from. */
export interface ResolvedCurve {
  quality: EstimateQuality;
  central: PowerCurve;
  lower: PowerCurve;
  upper: PowerCurve;
}

/** Sums the components of a curve point by point. */
export function totalPoints(curve: PowerCurve): CurvePoints {
  const sum = (i: 0 | 1 | 2 | 3): number => curve.cpu[i] + curve.memory[i] + curve.gpu[i] + curve.other[i];
  return [sum(0), sum(1), sum(2), sum(3)];
}

/** The family of an instance type: the part before the first dot (`m5` of `m5.large`). */
export function instanceFamily(instanceType: string): string {
  const dot = instanceType.indexOf('.');
  return (dot < 0 ? instanceType : instanceType.slice(0, dot)).toLowerCase();
}

export function constantPoints(watts: number): CurvePoints {
  return [watts, watts, watts, watts];
}
