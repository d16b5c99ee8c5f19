import { resolveDataDirectory } from '../../../stages/energy/data/data-files.js';
import { loadEnergyData } from '../../../stages/energy/energy-data.js';
import { resolveCurve, type InstanceShape } from '../../../stages/energy/power-curve-resolver.js';
import { estimatePower } from '../../../stages/energy/power-model.js';

// Golden figures computed by hand from data/power/ccf_aws_instances_teads.csv. For each type the
// rows PkgWatt, RAMWatt and GPUWatt at Idle/10%/50%/100% and Delta Full Machine are copied below;
// the total at each point is Pkg + RAM + GPU + Delta, and between points the line is straight:
// P(u) = P(a) + (P(b) - P(a)) * (u - a) / (b - a) for the measured points a <= u <= b.

const data = loadEnergyData(resolveDataDirectory('data'));
const PERCENTS = [0, 5, 10, 37, 50, 80, 100] as const;

function shapeOf(instanceType: string): InstanceShape {
  return { instanceType, architecture: null, vcpus: null, memoryGb: null, gpus: null };
}

function wattsAt(instanceType: string, percent: number): number {
  return estimatePower(resolveCurve(data.curves, shapeOf(instanceType)), { mean: percent }).watts;
}

// Each table row: [percent, expected watts].
const GOLDEN: Record<string, Array<[number, number]>> = {
  // m5.large: Pkg 1.21 3.05 7.16 9.96; RAM 1.20 1.92 4.96 8.00; GPU 0; Delta 2.0
  // totals: 4.41, 6.97, 14.12, 19.96
  'm5.large': [
    [0, 4.41],
    [5, 4.41 + (6.97 - 4.41) * (5 / 10)], // 5.69
    [10, 6.97],
    [37, 6.97 + (14.12 - 6.97) * (27 / 40)], // 11.79625
    [50, 14.12],
    [80, 14.12 + (19.96 - 14.12) * (30 / 50)], // 17.624
    [100, 19.96],
  ],
  // t3.medium (burstable): Pkg 1.21 3.05 7.16 9.96; RAM 0.60 0.96 2.48 4.00; GPU 0; Delta 2.0
  // totals: 3.81, 6.01, 11.64, 15.96
  't3.medium': [
    [0, 3.81],
    [5, 3.81 + (6.01 - 3.81) * 0.5], // 4.91
    [10, 6.01],
    [37, 6.01 + (11.64 - 6.01) * (27 / 40)], // 9.81025
    [50, 11.64],
    [80, 11.64 + (15.96 - 11.64) * 0.6], // 14.232
    [100, 15.96],
  ],
  // m6g.large (Graviton2): Pkg 0.54 1.49 3.53 4.77; RAM 1.60 2.40 3.20 4.80; GPU 0; Delta 0.9
  // totals: 3.04, 4.79, 7.63, 10.47
  'm6g.large': [
    [0, 3.04],
    [5, 3.04 + (4.79 - 3.04) * 0.5], // 3.915
    [10, 4.79],
    [37, 4.79 + (7.63 - 4.79) * (27 / 40)], // 6.707
    [50, 7.63],
    [80, 7.63 + (10.47 - 7.63) * 0.6], // 9.334
    [100, 10.47],
  ],
  // g4dn.xlarge (one NVIDIA T4): Pkg 2.28 5.75 12.79 18.56; RAM 2.49 4.12 7.37 10.62;
  // GPU 8.1 22.3 52.7 71.3; Delta 3.5. totals: 16.37, 35.67, 76.36, 103.98
  'g4dn.xlarge': [
    [0, 16.37],
    [5, 16.37 + (35.67 - 16.37) * 0.5], // 26.02
    [10, 35.67],
    [37, 35.67 + (76.36 - 35.67) * (27 / 40)], // 63.13575
    [50, 76.36],
    [80, 76.36 + (103.98 - 76.36) * 0.6], // 92.932
    [100, 103.98],
  ],
  // c5.xlarge: Pkg 2.81 7.49 16.29 23.54; RAM 1.56 2.81 4.94 7.06; GPU 0; Delta 5.3
  // totals: 9.67, 15.60, 26.53, 35.90
  'c5.xlarge': [
    [0, 9.67],
    [5, 9.67 + (15.6 - 9.67) * 0.5], // 12.635
    [10, 15.6],
    [37, 15.6 + (26.53 - 15.6) * (27 / 40)], // 22.97775
    [50, 26.53],
    [80, 26.53 + (35.9 - 26.53) * 0.6], // 32.152
    [100, 35.9],
  ],
};

describe('power model golden figures', () => {
  for (const [instanceType, rows] of Object.entries(GOLDEN)) {
    test.each(rows)(`${instanceType} at %d percent`, (percent, expected) => {
      expect(wattsAt(instanceType, percent)).toBeCloseTo(expected, 6);
    });
  }

  test('golden rows cover every required percent', () => {
    for (const rows of Object.values(GOLDEN)) {
      expect(rows.map(([percent]) => percent)).toEqual([...PERCENTS]);
    }
  });

  test('measured types report measured quality', () => {
    for (const instanceType of Object.keys(GOLDEN)) {
      expect(resolveCurve(data.curves, shapeOf(instanceType)).quality).toBe('measured');
    }
  });

  // Without a GPU utilization the GPU is bounded by its idle and full-load watts:
  // lower = (Pkg + RAM + Delta)(u) + 8.1, upper = (Pkg + RAM + Delta)(u) + 71.3.
  test('GPU type bounds span GPU idle to full', () => {
    const estimate = estimatePower(resolveCurve(data.curves, shapeOf('g4dn.xlarge')), { mean: 50 });
    const withoutGpu = 12.79 + 7.37 + 3.5;
    expect(estimate.lowerWatts).toBeCloseTo(withoutGpu + 8.1, 6);
    expect(estimate.upperWatts).toBeCloseTo(withoutGpu + 71.3, 6);
  });

  test('CPU type bounds equal estimate without spread', () => {
    const estimate = estimatePower(resolveCurve(data.curves, shapeOf('m5.large')), { mean: 37 });
    expect(estimate.lowerWatts).toBeCloseTo(estimate.watts, 9);
    expect(estimate.upperWatts).toBeCloseTo(estimate.watts, 9);
  });

  // m5.large window with min 10, mean 30, max 50: the readings can only mix points between 10 and
  // 50, where the curve is the straight line 6.97..14.12, so the bounds meet the estimate at 30:
  // 6.97 + 7.15 * 20 / 40 = 10.545.
  test('window range on one segment gives tight bounds', () => {
    const estimate = estimatePower(resolveCurve(data.curves, shapeOf('m5.large')), {
      mean: 30,
      min: 10,
      max: 50,
    });
    expect(estimate.watts).toBeCloseTo(10.545, 6);
    expect(estimate.lowerWatts).toBeCloseTo(10.545, 6);
    expect(estimate.upperWatts).toBeCloseTo(10.545, 6);
  });

  // m5.large window with min 0, mean 10, max 100. Lower bound: the chord from (0, 4.41) to
  // (100, 19.96) at 10 = 4.41 + 15.55 * 0.1 = 5.965. Upper bound: the curve itself at 10, 6.97,
  // because the curve is concave (slopes 0.256, 0.17875, 0.1168 W per percent).
  test('window range across segments widens bounds', () => {
    const estimate = estimatePower(resolveCurve(data.curves, shapeOf('m5.large')), {
      mean: 10,
      min: 0,
      max: 100,
    });
    expect(estimate.watts).toBeCloseTo(6.97, 6);
    expect(estimate.lowerWatts).toBeCloseTo(5.965, 6);
    expect(estimate.upperWatts).toBeCloseTo(6.97, 6);
  });
});
