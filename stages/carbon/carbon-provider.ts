/** One hourly figure from a carbon-intensity provider. */
export interface ProviderReading {
  zone: string;
  /** Start of the UTC hour the figure is for, epoch milliseconds. */
  hourMs: number;
  gramsPerKwh: number;
  /** True when the provider marks the figure as estimated rather than measured. */
  estimated: boolean;
}

/**
 * A source of grid carbon intensity per zone, such as the Electricity Maps or WattTime APIs.
 * Implementations never return NaN or negative figures; a zone without a current figure returns null.
 */
export interface CarbonIntensityProvider {
  /** The newest hourly figure of a zone, or null when the provider has none. */
  latest(zone: string, signal?: AbortSignal): Promise<ProviderReading | null>;
}
