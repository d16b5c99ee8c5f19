import { hashApiKey } from '../../../pipeline/api/http/api-key.js';
import { buildSeedMessages, produceSeedMessages, SEED_RESOURCES } from './seed-messages.js';
import { startTestApi, type TestApi } from './api-test-harness.js';

interface ErrorResponse {
  error: {
    code: string;
    message: string;
    fields: Array<{ field: string; location: string; message: string }>;
    request_id: string;
  };
}

const validRequest = {
  cpu_request: 2,
  memory_request: '4Gi',
  priority: 'high',
  max_energy_consumption: 100,
};

async function getJson(api: TestApi, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.api.url}${path}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function post(api: TestApi, path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${api.api.url}${path}`, { method: 'POST', body, headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

function fieldNames(body: Record<string, unknown>): string[] {
  return (body as unknown as ErrorResponse).error.fields.map((field) => field.field).sort();
}

describe('api routes on the embedded transport', () => {
  let api: TestApi;
  const seeded = buildSeedMessages(Date.now());
  const first = SEED_RESOURCES[0].id;

  beforeAll(async () => {
    api = await startTestApi({
      transport: 'embedded',
      api: { allocate_wait_ms: 200, max_body_bytes: 2048 },
      beforeStart: (transport, topics) => produceSeedMessages(transport, topics, seeded),
    });
    await api.api.whenReady();
  });

  afterAll(async () => {
    await api.close();
  });

  test('health answers ok', async () => {
    const response = await getJson(api, '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  test('ready answers 200 after catch-up', async () => {
    const response = await getJson(api, '/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      ready: true,
      transport_connected: true,
      state_caught_up: true,
      reason: null,
    });
  });

  test('allocation by id returns the decision', async () => {
    const response = await getJson(api, '/allocations/seed-request-1');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('placed');
    expect(response.body.reason).toContain('eu-north-1');
  });

  test('allocation of unknown id is 404', async () => {
    const response = await getJson(api, '/allocations/no-such-request');
    expect(response.status).toBe(404);
    expect((response.body as unknown as ErrorResponse).error.code).toBe('NOT_FOUND');
    expect((response.body as unknown as ErrorResponse).error.fields).toEqual([
      { field: 'request_id', location: 'path', message: 'no decision yet' },
    ]);
  });

  test('allocation with invalid id names it', async () => {
    const response = await getJson(api, `/allocations/${encodeURIComponent('bad id!')}`);
    expect(response.status).toBe(400);
    expect((response.body as unknown as ErrorResponse).error.fields).toEqual([
      expect.objectContaining({ field: 'request_id', location: 'path' }),
    ]);
  });

  test('allocation list filters and limits', async () => {
    const all = await getJson(api, '/allocations');
    expect((all.body.items as unknown[]).length).toBe(2);
    const rejected = await getJson(api, '/allocations?status=rejected');
    expect((rejected.body.items as Array<{ request_id: string }>).map((item) => item.request_id)).toEqual([
      'seed-request-2',
    ]);
    const limited = await getJson(api, '/allocations?limit=1');
    expect((limited.body.items as unknown[]).length).toBe(1);
  });

  test('allocation list rejects bad query', async () => {
    const response = await getJson(api, '/allocations?limit=0&status=maybe');
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['limit', 'status']);
  });

  test('energy of an instance has windows and totals', async () => {
    const response = await getJson(api, `/metrics/energy/${first}`);
    expect(response.status).toBe(200);
    const windows = seeded.energy.filter((energy) => energy.resource_id === first);
    const body = response.body as {
      current: { window_end: string };
      recent: unknown[];
      totals: { energy_wh: number; windows: number };
    };
    expect(body.recent).toHaveLength(windows.length);
    expect(body.current.window_end).toBe(windows.at(-1)!.window_end);
    expect(body.totals.windows).toBe(windows.length);
    expect(body.totals.energy_wh).toBeCloseTo(
      windows.reduce((sum, energy) => sum + energy.energy_wh, 0),
      9,
    );
  });

  test('energy of unknown instance is 404', async () => {
    const response = await getJson(api, '/metrics/energy/i-0000000000000000');
    expect(response.status).toBe(404);
  });

  test('energy id with encoded slash', async () => {
    const response = await getJson(api, `/metrics/energy/${encodeURIComponent('eks-demo/general')}`);
    expect(response.status).toBe(404);
    expect((response.body as unknown as ErrorResponse).error.message).toContain('eks-demo/general');
  });

  test('energy rejects non-numeric limit', async () => {
    const response = await getJson(api, `/metrics/energy/${first}?limit=many`);
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['limit']);
  });

  test('sustainability of a region sums it', async () => {
    const response = await getJson(api, '/metrics/sustainability/eu-north-1');
    expect(response.status).toBe(200);
    const body = response.body as {
      resources: number;
      intensity_now: { zone: string } | null;
      intensity_forecast: unknown[];
      efficiency: { carbon_g_per_kwh: number | null };
    };
    expect(body.resources).toBe(2);
    expect(body.intensity_now?.zone).toBe('SE-SE3');
    expect(body.intensity_forecast).toHaveLength(1);
    expect(body.efficiency.carbon_g_per_kwh).toBeGreaterThan(0);
  });

  test('sustainability rejects an invalid region', async () => {
    const response = await getJson(api, '/metrics/sustainability/mars');
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['region']);
  });

  test('sustainability of a region without data is 404', async () => {
    const response = await getJson(api, '/metrics/sustainability/ap-south-1');
    expect(response.status).toBe(404);
  });

  test('resources page and filter', async () => {
    const all = await getJson(api, '/resources');
    expect(all.body.total).toBe(4);
    const items = all.body.items as Array<{ resource_id: string; power_w: number; forecast: unknown }>;
    expect(items.every((item) => item.power_w > 0 && item.forecast !== null)).toBe(true);
    const region = await getJson(api, '/resources?region=eu-north-1');
    expect(region.body.total).toBe(2);
    const page = await getJson(api, '/resources?limit=3&offset=2');
    expect((page.body.items as unknown[]).length).toBe(2);
  });

  test('resources rejects bad and unknown query', async () => {
    const response = await getJson(api, '/resources?limit=100000&colour=red');
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['colour', 'limit']);
  });

  test('forecasts of a resource', async () => {
    const response = await getJson(api, `/forecasts/${first}`);
    expect(response.status).toBe(200);
    expect((response.body.latest as unknown[]).length).toBe(1);
    expect((response.body.history as unknown[]).length).toBe(
      seeded.forecasts.filter((f) => f.resource_id === first).length,
    );
  });

  test('forecasts of unknown resource is 404', async () => {
    const response = await getJson(api, '/forecasts/i-unknown');
    expect(response.status).toBe(404);
  });

  test('anomalies list and filter', async () => {
    const all = await getJson(api, '/anomalies');
    expect((all.body.items as unknown[]).length).toBe(1);
    const low = await getJson(api, '/anomalies?severity=low');
    expect((low.body.items as unknown[]).length).toBe(0);
  });

  test('anomalies rejects bad filters', async () => {
    const response = await getJson(api, '/anomalies?severity=extreme&since=yesterday');
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['severity', 'since']);
  });

  test('fleet trends cover regions and resources', async () => {
    const response = await getJson(api, '/fleet/trends?windows=6');
    expect(response.status).toBe(200);
    const body = response.body as {
      regions: Array<{ points: unknown[] }>;
      utilization: Array<{ points: unknown[] }>;
    };
    expect(body.regions).toHaveLength(2);
    expect(body.regions[0]!.points).toHaveLength(6);
    expect(body.utilization).toHaveLength(4);
  });

  test('openapi lists every route', async () => {
    const response = await getJson(api, '/openapi.json');
    expect(response.status).toBe(200);
    const paths = response.body.paths as Record<string, Record<string, unknown>>;
    for (const [path, method] of [
      ['/workload/allocate', 'post'],
      ['/allocations/{request_id}', 'get'],
      ['/metrics/energy/{instance_id}', 'get'],
      ['/metrics/sustainability/{region}', 'get'],
      ['/resources', 'get'],
      ['/forecasts/{resource_id}', 'get'],
      ['/anomalies', 'get'],
      ['/health', 'get'],
      ['/ready', 'get'],
      ['/metrics', 'get'],
      ['/openapi.json', 'get'],
      ['/', 'get'],
    ] as const) {
      expect(paths[path]?.[method]).toBeDefined();
    }
    const body = (
      paths['/workload/allocate']!.post as {
        requestBody: { content: Record<string, { schema: { required: string[] } }> };
      }
    ).requestBody.content['application/json']!.schema;
    expect(body.required.sort()).toEqual([
      'cpu_request',
      'max_energy_consumption',
      'memory_request',
      'priority',
    ]);
  });

  test('metrics exposition has fleet gauges', async () => {
    const response = await fetch(`${api.api.url}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/^eaawas_api_fleet_power_watts\{region="eu-north-1"\} \d/m);
    expect(text).toMatch(/^eaawas_api_state_caught_up 1$/m);
    expect(text).toMatch(/^eaawas_api_fleet_power_alert_threshold_watts 50000$/m);
  });

  test('unknown route is JSON 404', async () => {
    const response = await getJson(api, '/no/such/route');
    expect(response.status).toBe(404);
    expect((response.body as unknown as ErrorResponse).error.code).toBe('NOT_FOUND');
  });

  test('asset outside web is rejected', async () => {
    const response = await fetch(`${api.api.url}/assets/..%2Fpackage.json`);
    expect(response.status).toBe(400);
  });

  test('allocate without content type is 415', async () => {
    const response = await post(api, '/workload/allocate', JSON.stringify(validRequest), {});
    expect(response.status).toBe(415);
    expect((response.body as unknown as ErrorResponse).error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      fields: [{ field: 'content-type', location: 'header', message: 'must be application/json' }],
    });
  });

  test('allocate with text content type is 415', async () => {
    const response = await post(api, '/workload/allocate', JSON.stringify(validRequest), {
      'Content-Type': 'text/plain',
    });
    expect(response.status).toBe(415);
  });

  test('allocate with invalid json is 400', async () => {
    const response = await post(api, '/workload/allocate', '{"cpu_request": 2,', {
      'Content-Type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['(body)']);
  });

  test('allocate with empty object names required fields', async () => {
    const response = await post(api, '/workload/allocate', '{}', { 'Content-Type': 'application/json' });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual([
      'cpu_request',
      'max_energy_consumption',
      'memory_request',
      'priority',
    ]);
  });

  test('allocate names each invalid field', async () => {
    const body = {
      ...validRequest,
      memory_request: '4Gb',
      priority: 'urgent',
      regions: ['eu-north-1', 'nowhere'],
      colour: 'red',
    };
    const response = await post(api, '/workload/allocate', JSON.stringify(body), {
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['colour', 'memory_request', 'priority', 'regions.1']);
  });

  test('allocate with array body names body', async () => {
    const response = await post(api, '/workload/allocate', '[1,2]', { 'Content-Type': 'application/json' });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['(body)']);
  });

  test('allocate over body limit is 413', async () => {
    const body = { ...validRequest, labels: { note: 'x'.repeat(4096) } };
    const response = await post(api, '/workload/allocate', JSON.stringify(body), {
      'Content-Type': 'application/json',
    });
    expect(response.status).toBe(413);
    expect((response.body as unknown as ErrorResponse).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('allocate without decision is 202 and produced as sent', async () => {
    const response = await post(api, '/workload/allocate?wait_ms=0', JSON.stringify(validRequest), {
      'Content-Type': 'application/json',
    });
    expect(response.status).toBe(202);
    const requestId = response.body.request_id as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.poll_url).toBe(`/allocations/${requestId}`);
    expect(response.headers.get('location')).toBe(`/allocations/${requestId}`);

    const produced: Array<{ key: string | null; value: unknown }> = [];
    await api.transport.readToEnd(api.topics.workloadRequests, (record) => {
      produced.push({ key: record.key, value: JSON.parse(record.value!.toString('utf8')) });
    });
    // Exactly the fields sent plus the generated id: nothing filled in from defaults.
    expect(produced).toEqual([{ key: requestId, value: { ...validRequest, request_id: requestId } }]);
  });

  test('allocate with decided id returns it', async () => {
    const response = await post(
      api,
      '/workload/allocate',
      JSON.stringify({ ...validRequest, request_id: 'seed-request-2' }),
      {
        'Content-Type': 'application/json',
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('rejected');
  });

  test('error bodies carry the request id', async () => {
    const response = await fetch(`${api.api.url}/allocations/no-such-request`, {
      headers: { 'X-Request-Id': 'trace-123' },
    });
    const body = (await response.json()) as ErrorResponse;
    expect(body.error.request_id).toBe('trace-123');
  });
});

describe('api keys', () => {
  let api: TestApi;
  const key = 'eaawas-test-key-0001';

  beforeAll(async () => {
    api = await startTestApi({ transport: 'embedded', api: { api_key_sha256: [hashApiKey(key)] } });
    await api.api.whenReady();
  });

  afterAll(async () => {
    await api.close();
  });

  test('public routes need no key', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      const response = await fetch(`${api.api.url}${path}`);
      expect(response.status).toBe(200);
    }
  });

  test('missing key is 401', async () => {
    const response = await getJson(api, '/resources');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((response.body as unknown as ErrorResponse).error.fields).toEqual([
      { field: 'authorization', location: 'header', message: 'missing' },
    ]);
  });

  test('wrong key is 401', async () => {
    const response = await getJson(api, '/resources', { Authorization: 'Bearer not-the-key' });
    expect(response.status).toBe(401);
    expect((response.body as unknown as ErrorResponse).error.fields[0]!.message).toBe('invalid API key');
    expect(JSON.stringify(response.body)).not.toContain('not-the-key');
  });

  test('other scheme is 401', async () => {
    const response = await getJson(api, '/resources', {
      Authorization: `Basic ${Buffer.from(`u:${key}`).toString('base64')}`,
    });
    expect(response.status).toBe(401);
  });

  test('configured key is accepted', async () => {
    const response = await getJson(api, '/resources', { Authorization: `Bearer ${key}` });
    expect(response.status).toBe(200);
  });

  test('allocate needs the key', async () => {
    const response = await post(api, '/workload/allocate', JSON.stringify(validRequest), {
      'Content-Type': 'application/json',
    });
    expect(response.status).toBe(401);
  });
});

describe('rate limit', () => {
  let api: TestApi;
  const keys = ['eaawas-rate-key-a', 'eaawas-rate-key-b'];

  beforeAll(async () => {
    api = await startTestApi({
      transport: 'embedded',
      api: {
        api_key_sha256: keys.map(hashApiKey),
        rate_limit: { requests_per_second: 0.5, burst: 3, max_clients: 100 },
      },
    });
    await api.api.whenReady();
  });

  afterAll(async () => {
    await api.close();
  });

  test('burst then 429 with retry-after', async () => {
    const headers = { Authorization: `Bearer ${keys[0]}` };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses.push((await getJson(api, '/anomalies', headers)).status);
    }
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await getJson(api, '/anomalies', headers);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((limited.body as unknown as ErrorResponse).error.code).toBe('RATE_LIMITED');
  });

  test('other key keeps its own bucket', async () => {
    const response = await getJson(api, '/anomalies', { Authorization: `Bearer ${keys[1]}` });
    expect(response.status).toBe(200);
  });

  test('health is never limited', async () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      expect((await fetch(`${api.api.url}/health`)).status).toBe(200);
    }
  });

  test('rejections are counted', async () => {
    const text = await (await fetch(`${api.api.url}/metrics`)).text();
    expect(text).toMatch(/^eaawas_api_rate_limited_total [1-9]/m);
  });
});

describe('cors', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ transport: 'embedded', api: { cors_origins: ['https://ops.example.com'] } });
  });

  afterAll(async () => {
    await api.close();
  });

  test('allowed origin gets cors headers', async () => {
    const response = await fetch(`${api.api.url}/workload/allocate`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://ops.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  test('other origin gets none', async () => {
    const response = await fetch(`${api.api.url}/health`, {
      headers: { Origin: 'https://evil.example.net' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
