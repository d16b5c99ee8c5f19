/**
 * What the allocator needs from the energy stage's pure functions: the power curve of an instance
 * type, PUE, embodied emissions, prices and the catalog. The allocator never models power itself;
 * `createEnergyModelAdapter` (energy-model-adapter.ts) wraps the energy stage's module into this.
 */

/** Size of an instance type as the catalog lists it. */
export interface InstanceTypeSpec {
  instanceType: string;
  vcpus: number;
  memoryBytes: number;
  architecture: 'x86_64' | 'arm64';
}

export interface AllocatorEnergyModel {
  /** Size of an instance type, or undefined when the catalog does not know it. */
  instanceType(instanceType: string): InstanceTypeSpec | undefined;
  /** Average IT power of the whole instance in watts at a CPU utilization in percent (0 to 100), before PUE. */
  wattsAt(instanceType: string, utilizationPercent: number): number;
  /** Power usage effectiveness of a region's data centres (at least 1). */
  pue(region: string): number;
  /** Embodied emissions of the instance per hour of use, in grams CO2e. */
  embodiedGramsPerHour(instanceType: string): number;
  /** On-demand price in USD per hour, or undefined when the region does not sell the type. */
  priceUsdPerHour(region: string, instanceType: string): number | undefined;
  /** Annual average grid intensity of a region in gCO2e per kWh, used when no hourly figure exists. */
  annualIntensity(region: string): number | undefined;
  /** Version of the power and emission data, recorded in each decision. */
  readonly version: string;
}
