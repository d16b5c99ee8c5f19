import { EaawasError } from '../../pipeline/errors/eaawas-error.js';
import type { CarbonIntensityProvider, ProviderReading } from './carbon-provider.js';
import { hourStart } from './hourly-series.js';

export interface ElectricityMapsOptions {
  /** Base URL of the API without the version path, for example `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Sent as the `auth-token` header; null sends none. */
  apiKey: string | null;
  /** `direct` (operational) matches the bundled series; `lifecycle` adds upstream emissions. */
  emissionFactorType: 'direct' | 'lifecycle';
  requestTimeoutMs: number;
}

interface LatestResponse {
  zone?: unknown;
  carbonIntensity?: unknown;
  datetime?: unknown;
  isEstimated?: unknown;
}

/**
 * Client of the Electricity Maps v3 `carbon-intensity/latest` endpoint. A 404 (zone unknown to the
 * provider) and a response without a figure return null.
 * @throws EaawasError (RATE_LIMITED, retriable) on 429; (TRANSPORT_UNAVAILABLE, retriable) on 5xx,
 *   network errors and time-outs; (DATA_INVALID) on any other status or a malformed body.
 */
export function createElectricityMapsProvider(options: ElectricityMapsOptions): CarbonIntensityProvider {
  const base = options.baseUrl.replace(/\/+$/, '');

  return {
    async latest(zone, signal) {
      const url = `${base}/v3/carbon-intensity/latest?zone=${encodeURIComponent(zone)}&emissionFactorType=${options.emissionFactorType}`;
      const headers: Record<string, string> = { accept: 'application/json' };
      if (options.apiKey !== null) {
        headers['auth-token'] = options.apiKey;
      }
      const timeout = AbortSignal.timeout(options.requestTimeoutMs);
      let response: Response;
      try {
        response = await fetch(url, {
          headers,
          signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        });
      } catch (error) {
        throw new EaawasError('TRANSPORT_UNAVAILABLE', `Carbon-intensity request for zone ${zone} failed`, {
          retriable: true,
          cause: error,
          context: { zone },
        });
      }
      if (response.status === 404) {
        return null;
      }
      if (response.status === 429) {
        throw new EaawasError(
          'RATE_LIMITED',
          `Carbon-intensity provider rate-limited the request for zone ${zone}`,
          { retriable: true, context: { zone } },
        );
      }
      if (response.status >= 500) {
        throw new EaawasError(
          'TRANSPORT_UNAVAILABLE',
          `Carbon-intensity provider responded with status ${response.status} for zone ${zone}`,
          { retriable: true, context: { zone, status: response.status } },
        );
      }
      if (!response.ok) {
        throw new EaawasError(
          'DATA_INVALID',
          `Carbon-intensity provider responded with status ${response.status} for zone ${zone}; check the API key and base URL`,
          { context: { zone, status: response.status } },
        );
      }
      return parseLatest(zone, (await response.json()) as LatestResponse);
    },
  };
}

function parseLatest(zone: string, body: LatestResponse): ProviderReading | null {
  if (body.carbonIntensity === null || body.carbonIntensity === undefined) {
    return null;
  }
  const intensity = body.carbonIntensity;
  const instant = typeof body.datetime === 'string' ? Date.parse(body.datetime) : Number.NaN;
  if (
    typeof intensity !== 'number' ||
    !Number.isFinite(intensity) ||
    intensity < 0 ||
    Number.isNaN(instant)
  ) {
    throw new EaawasError(
      'DATA_INVALID',
      `Carbon-intensity provider sent a malformed figure for zone ${zone}`,
      { context: { zone } },
    );
  }
  return { zone, hourMs: hourStart(instant), gramsPerKwh: intensity, estimated: body.isEstimated === true };
}
