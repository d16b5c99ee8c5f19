import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';
import { createCachedProvider } from '../../../stages/carbon/cached-provider.js';
import type { CarbonIntensityProvider, ProviderReading } from '../../../stages/carbon/carbon-provider.js';
import { createElectricityMapsProvider } from '../../../stages/carbon/electricity-maps-provider.js';

interface Reply {
  status: number;
  body?: unknown;
}

/** A provider API on 127.0.0.1 that replies from a table and records each request. */
async function startProviderApi(
  replies: Record<string, Reply>,
): Promise<{ url: string; requests: IncomingMessage[]; server: Server }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    const zone = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('zone') ?? '';
    const reply = replies[zone] ?? { status: 404, body: { error: 'zone not found' } };
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

describe('Electricity Maps provider client', () => {
  let api: Awaited<ReturnType<typeof startProviderApi>>;

  beforeAll(async () => {
    api = await startProviderApi({
      DE: {
        status: 200,
        body: { zone: 'DE', carbonIntensity: 302.5, datetime: '2026-12-04T10:00:00.000Z', isEstimated: true },
      },
      'SE-SE3': {
        status: 200,
        body: { zone: 'SE-SE3', carbonIntensity: null, datetime: '2026-12-04T10:00:00.000Z' },
      },
      GB: { status: 503 },
      FR: { status: 429 },
      IE: { status: 401 },
      JP: { status: 200, body: { zone: 'JP', carbonIntensity: -4, datetime: '2026-12-04T10:00:00.000Z' } },
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => api.server.close(resolve));
  });

  const client = () =>
    createElectricityMapsProvider({
      baseUrl: `${api.url}/`,
      apiKey: 'secret-key',
      emissionFactorType: 'direct',
      requestTimeoutMs: 5000,
    });

  test('latest figure parses with hour start', async () => {
    const reading = await client().latest('DE');
    expect(reading).toEqual({
      zone: 'DE',
      hourMs: Date.parse('2026-12-04T10:00:00.000Z'),
      gramsPerKwh: 302.5,
      estimated: true,
    });
  });

  test('request carries key and factor type', async () => {
    await client().latest('DE');
    const request = api.requests.at(-1)!;
    expect(request.headers['auth-token']).toBe('secret-key');
    expect(request.url).toBe('/v3/carbon-intensity/latest?zone=DE&emissionFactorType=direct');
  });

  test('missing figure and unknown zone return null', async () => {
    expect(await client().latest('SE-SE3')).toBeNull();
    expect(await client().latest('XX')).toBeNull();
  });

  test('server error is retriable', async () => {
    await expect(client().latest('GB')).rejects.toMatchObject({
      code: 'TRANSPORT_UNAVAILABLE',
      retriable: true,
    });
  });

  test('429 is rate limited', async () => {
    await expect(client().latest('FR')).rejects.toMatchObject({ code: 'RATE_LIMITED', retriable: true });
  });

  test('401 is not retriable', async () => {
    const failure = client().latest('IE');
    await expect(failure).rejects.toBeInstanceOf(EaawasError);
    await expect(failure).rejects.toMatchObject({ code: 'DATA_INVALID', retriable: false });
  });

  test('negative figure rejected', async () => {
    await expect(client().latest('JP')).rejects.toMatchObject({ code: 'DATA_INVALID' });
  });
});

describe('cached provider', () => {
  function setup(cacheTtlMs: number, minRequestIntervalMs: number) {
    let now = 1_000_000;
    const calls: string[] = [];
    const sleeps: number[] = [];
    const inner: CarbonIntensityProvider = {
      latest(zone) {
        calls.push(zone);
        const reading: ProviderReading = { zone, hourMs: 0, gramsPerKwh: calls.length, estimated: false };
        return Promise.resolve(reading);
      },
    };
    const provider = createCachedProvider(inner, {
      cacheTtlMs,
      minRequestIntervalMs,
      clock: { now: () => now },
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    });
    return { provider, calls, sleeps, advance: (ms: number) => (now += ms) };
  }

  test('answer reused within TTL', async () => {
    const { provider, calls, advance } = setup(60_000, 0);
    await provider.latest('DE');
    advance(59_999);
    expect((await provider.latest('DE'))?.gramsPerKwh).toBe(1);
    expect(calls).toEqual(['DE']);
  });

  test('answer refreshed after TTL', async () => {
    const { provider, calls, advance } = setup(60_000, 0);
    await provider.latest('DE');
    advance(60_000);
    expect((await provider.latest('DE'))?.gramsPerKwh).toBe(2);
    expect(calls).toEqual(['DE', 'DE']);
  });

  test('requests spaced by minimum interval', async () => {
    const { provider, calls, sleeps } = setup(60_000, 1000);
    await Promise.all([provider.latest('DE'), provider.latest('GB'), provider.latest('FR')]);
    expect(calls).toEqual(['DE', 'GB', 'FR']);
    expect(sleeps).toEqual([1000, 1000]);
  });

  test('concurrent requests share one call', async () => {
    const { provider, calls } = setup(60_000, 1000);
    const [first, second] = await Promise.all([provider.latest('DE'), provider.latest('DE')]);
    expect(first).toEqual(second);
    expect(calls).toEqual(['DE']);
  });

  test('errors are not cached', async () => {
    let attempts = 0;
    const provider = createCachedProvider(
      {
        latest: () => {
          attempts += 1;
          return attempts === 1 ? Promise.reject(new Error('down')) : Promise.resolve(null);
        },
      },
      {
        cacheTtlMs: 60_000,
        minRequestIntervalMs: 0,
        clock: { now: () => 0 },
        sleep: () => Promise.resolve(),
      },
    );
    await expect(provider.latest('DE')).rejects.toThrow('down');
    expect(await provider.latest('DE')).toBeNull();
    expect(attempts).toBe(2);
  });
});
