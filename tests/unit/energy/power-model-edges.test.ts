import fc from 'fast-check';
import { resolveDataDirectory } from '../../../stages/energy/data/data-files.js';
import { loadEnergyData } from '../../../stages/energy/energy-data.js';
import {
  DEFAULT_SHAPE,
  resolveCurve,
  type InstanceShape,
} from '../../../stages/energy/power-curve-resolver.js';
import { clampUtilization, estimatePower } from '../../../stages/energy/power-model.js';

const data = loadEnergyData(resolveDataDirectory('data'));

function shape(instanceType: string, overrides: Partial<InstanceShape> = {}): InstanceShape {
  return { instanceType, architecture: null, vcpus: null, memoryGb: null, gpus: null, ...overrides };
}

describe('power model out-of-range input', () => {
  const m5 = resolveCurve(data.curves, shape('m5.large'));

  test('150 percent clamps to full load', () => {
    const estimate = estimatePower(m5, { mean: 150 });
    expect(estimate.clamped).toBe(true);
    expect(estimate.utilizationPercent).toBe(100);
    // m5.large at 100 percent: 9.96 + 8.00 + 2.0 = 19.96
    expect(estimate.watts).toBeCloseTo(19.96, 6);
  });

  test('-3 percent clamps to idle', () => {
    const estimate = estimatePower(m5, { mean: -3 });
    expect(estimate.clamped).toBe(true);
    expect(estimate.utilizationPercent).toBe(0);
    // m5.large idle: 1.21 + 1.20 + 2.0 = 4.41
    expect(estimate.watts).toBeCloseTo(4.41, 6);
  });

  test('in-range input is not clamped', () => {
    expect(estimatePower(m5, { mean: 42, min: 1, max: 99 }).clamped).toBe(false);
  });

  test('out-of-range max alone counts as clamped', () => {
    expect(estimatePower(m5, { mean: 42, min: 1, max: 101 }).clamped).toBe(true);
  });

  test('NaN and infinities clamp', () => {
    expect(clampUtilization(Number.NaN)).toEqual({ value: 0, clamped: true });
    expect(clampUtilization(Number.POSITIVE_INFINITY)).toEqual({ value: 100, clamped: true });
    expect(clampUtilization(Number.NEGATIVE_INFINITY)).toEqual({ value: 0, clamped: true });
  });
});

describe('power curve fallback', () => {
  test('unknown size of known family uses family', () => {
    const resolved = resolveCurve(data.curves, shape('m5.9xlarge-new', { vcpus: 36, memoryGb: 144 }));
    expect(resolved.quality).toBe('family');
  });

  test('unknown family uses architecture', () => {
    const resolved = resolveCurve(
      data.curves,
      shape('m7g.large', { architecture: 'arm64', vcpus: 2, memoryGb: 8 }),
    );
    expect(resolved.quality).toBe('architecture');
  });

  test('unknown type without architecture uses default', () => {
    const resolved = resolveCurve(data.curves, shape('zz9.large'));
    expect(resolved.quality).toBe('default');
  });

  // Default tier, 2 vCPUs and 8 GB: CPU line 0.74 to 3.5 W per vCPU (CCF MIN/MAX_WATTS_AVG) and
  // memory 0.392 W/GB. At 50 percent: 2 * (0.74 + 0.5 * 2.76) + 8 * 0.392 = 4.24 + 3.136 = 7.376.
  test('default tier follows CCF averages', () => {
    const estimate = estimatePower(resolveCurve(data.curves, shape('zz9.large')), { mean: 50 });
    expect(DEFAULT_SHAPE.vcpus).toBe(2);
    expect(estimate.watts).toBeCloseTo(7.376, 6);
    expect(estimate.quality).toBe('default');
  });

  test('fallback bounds enclose estimate', () => {
    for (const candidate of [
      shape('m5.9xlarge-new', { vcpus: 36, memoryGb: 144 }),
      shape('m7g.large', { architecture: 'arm64', vcpus: 2, memoryGb: 8 }),
      shape('zz9.large'),
    ]) {
      const estimate = estimatePower(resolveCurve(data.curves, candidate), { mean: 37 });
      expect(estimate.lowerWatts).toBeLessThan(estimate.watts);
      expect(estimate.upperWatts).toBeGreaterThan(estimate.watts);
    }
  });

  test('instance type lookup ignores case', () => {
    expect(resolveCurve(data.curves, shape('M5.LARGE')).quality).toBe('measured');
  });
});

describe('power model properties', () => {
  const shapes = fc.record({
    instanceType: fc.oneof(
      fc.constantFrom('m5.large', 't3.medium', 'g4dn.xlarge', 'm6g.large', 'm7i.large', 'x9z.huge'),
      fc.string(),
    ),
    architecture: fc.option(fc.constantFrom('x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac', 'sparc')),
    vcpus: fc.option(fc.double()),
    memoryGb: fc.option(fc.double()),
    gpus: fc.option(fc.double()),
  });
  const utilization = fc.record({
    mean: fc.double(),
    min: fc.option(fc.double(), { nil: undefined }),
    max: fc.option(fc.double(), { nil: undefined }),
  });

  test('estimates finite, non-negative and ordered', () => {
    fc.assert(
      fc.property(shapes, utilization, (candidate, stats) => {
        const estimate = estimatePower(resolveCurve(data.curves, candidate), stats);
        for (const watts of [estimate.watts, estimate.lowerWatts, estimate.upperWatts]) {
          expect(Number.isFinite(watts)).toBe(true);
          expect(watts).toBeGreaterThanOrEqual(0);
        }
        expect(estimate.lowerWatts).toBeLessThanOrEqual(estimate.watts);
        expect(estimate.upperWatts).toBeGreaterThanOrEqual(estimate.watts);
        expect(estimate.utilizationPercent).toBeGreaterThanOrEqual(0);
        expect(estimate.utilizationPercent).toBeLessThanOrEqual(100);
      }),
      { numRuns: 500 },
    );
  });

  test('power rises with utilization', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...data.curves.measured.keys()),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (instanceType, a, b) => {
          const resolved = resolveCurve(data.curves, shape(instanceType));
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(estimatePower(resolved, { mean: low }).watts).toBeLessThanOrEqual(
            estimatePower(resolved, { mean: high }).watts + 1e-9,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
