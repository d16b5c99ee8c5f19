import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { hashApiKey } from '../../../pipeline/api/http/api-key.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import { startStage, type RunningComponent } from '../../../pipeline/runner/stage-runner.js';
import { energyStage } from '../../../stages/energy/energy-stage.js';
import { buildSeedMessages, produceSeedMessages, seedDecision } from '../api/seed-messages.js';
import { startTestApi, waitUntil, type TestApi } from '../api/api-test-harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const artifacts = join(root, 'tests/artifacts');
// Debian's chromium; scripts/test.sh installs it when missing.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Compiles the dashboard scripts into web/dist, as `npm run build` does. */
function buildDashboardScripts(): void {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'web/tsconfig.json')],
    {
      stdio: 'inherit',
    },
  );
}

interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to send anywhere but the API; they are aborted. */
  offsiteRequests: string[];
  close(): Promise<void>;
}

/** Opens the page in headless Chromium with a fresh profile; only requests to the API go out. */
async function openDashboard(api: TestApi): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'eaawas-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 1000 },
  });
  const offsiteRequests: string[] = [];
  const apiOrigin = new URL(api.api.url).origin;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === apiOrigin) {
      await route.continue();
    } else {
      offsiteRequests.push(url);
      await route.abort();
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    offsiteRequests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function countOf(page: Page, selector: string): Promise<number> {
  return page.locator(selector).count();
}

describe('dashboard in headless chromium', () => {
  let api: TestApi;
  let energy: RunningComponent;
  let browser: Browser;

  beforeAll(async () => {
    buildDashboardScripts();
    // The energy stage computes the energy windows from the seeded CPU windows, inventory and
    // grid intensity, so the page shows what the pipeline produced.
    api = await startTestApi({
      transport: 'embedded',
      sections: { energy: { window_size_s: 300 } },
      beforeStart: (transport, topics) =>
        produceSeedMessages(transport, topics, buildSeedMessages(Date.now(), 24), { windows: 'aggregates' }),
    });
    energy = await startStage(energyStage, {
      config: api.config,
      topics: api.topics,
      logger: api.logger,
      registry: api.registry,
      transport: api.transport,
      clock: systemClock,
    });
    await api.api.whenReady();
    await waitUntil(
      () =>
        api.api.state.energy.resourceIds().every((id) => api.api.state.energy.recent(id).length === 24) &&
        api.api.state.energy.resourceIds().length === 4,
      60_000,
      'the energy stage to price every seeded window',
    );
    browser = await openDashboard(api);
  });

  afterAll(async () => {
    await browser?.close();
    await energy?.stop();
    await api?.close();
  });

  test('charts render from the api', async () => {
    const { page } = browser;
    await page.goto(api.api.url);
    await page.waitForSelector('#heatmap rect.cell', { timeout: 30_000 });
    await page.waitForSelector('#forecast-chart path.series', { timeout: 30_000 });

    expect(await countOf(page, '#heatmap rect.cell')).toBe(4 * 24);
    for (const chart of ['#power-chart', '#carbon-chart', '#energy-chart']) {
      expect({ chart, lines: await countOf(page, `${chart} path.series`) }).toEqual({ chart, lines: 2 });
    }
    expect(await countOf(page, '#cost-chart rect.bar')).toBe(2);
    expect(await countOf(page, '#forecast-chart path.series')).toBe(2);
    expect(await countOf(page, '#forecast-chart polygon.band')).toBe(1);
    expect(await countOf(page, '#decisions tr.decision')).toBe(2);
    expect(await countOf(page, '#anomalies tr.anomaly')).toBe(1);
    expect(await countOf(page, '#totals .card')).toBe(5);
    await expect(
      page.locator('#decisions tr.decision').first().locator('td.reason').textContent(),
    ).resolves.not.toBe('');
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^Updated/);

    mkdirSync(artifacts, { recursive: true });
    const screenshot = join(artifacts, 'dashboard.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
  });

  test('page refreshes with new decisions', async () => {
    const { page } = browser;
    const producer = await api.transport.producer();
    const decision = seedDecision(
      'refresh-request-1',
      'deferred',
      'i-0a1b2c3d4e5f60003',
      'eu-north-1',
      'Deferred two hours to a cleaner SE-SE3 hour.',
      Date.now(),
    );
    await producer.send(api.topics.decisions, [
      { key: decision.request_id, value: JSON.stringify(decision) },
    ]);
    await producer.close();
    // No reload: the page's own timer fetches the decision.
    await page.waitForSelector('#decisions td:text("refresh-request-1")', { timeout: 20_000 });
    expect(await countOf(page, '#decisions tr.decision')).toBe(3);
  });

  test('page loads nothing from other hosts', () => {
    expect(browser.offsiteRequests).toEqual([]);
  });
});

describe('dashboard with api keys', () => {
  const key = 'eaawas-dashboard-key-1';
  let api: TestApi;
  let browser: Browser;

  beforeAll(async () => {
    buildDashboardScripts();
    api = await startTestApi({
      transport: 'embedded',
      api: { api_key_sha256: [hashApiKey(key)] },
      beforeStart: (transport, topics) =>
        produceSeedMessages(transport, topics, buildSeedMessages(Date.now(), 6)),
    });
    await api.api.whenReady();
    browser = await openDashboard(api);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  test('page asks for key then renders', async () => {
    const { page } = browser;
    await page.goto(api.api.url);
    await page.waitForSelector('#key-form:not([hidden])', { timeout: 30_000 });
    expect(await countOf(page, '#heatmap rect.cell')).toBe(0);
    await page.fill('#key-input', key);
    await page.click('#key-form button');
    await page.waitForSelector('#heatmap rect.cell', { timeout: 30_000 });
    expect(await countOf(page, '#heatmap rect.cell')).toBe(4 * 6);
    await page.waitForSelector('#key-form', { state: 'hidden', timeout: 10_000 });
    expect(await page.locator('#key-form').isHidden()).toBe(true);
  });
});
