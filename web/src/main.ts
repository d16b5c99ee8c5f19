/// <reference lib="dom" />
import { getJson, storeApiKey, UnauthorizedError } from './api-client.js';
import type { Anomaly, Decision, EnergyWindow, FleetTrends, Forecast, ResourceSummary } from './api-types.js';
import { renderBarChart } from './bar-chart.js';
import { formatSi, formatUsd } from './format.js';
import { renderHeatmap } from './heatmap.js';
import { renderLineChart, type LineSeries } from './line-chart.js';
import { renderAnomalies, renderDecisions } from './tables.js';

/** How often the page reloads its data, in milliseconds. */
const REFRESH_INTERVAL_MS = 5000;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) {
    throw new Error(`The page has no element #${id}.`);
  }
  return element as T;
}

function setStatus(text: string, isError: boolean): void {
  const status = byId('status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function renderTotals(trends: FleetTrends): void {
  const cards: Array<[string, string]> = [
    ['Resources', String(trends.fleet.resources)],
    ['Fleet power', `${formatSi(trends.fleet.power_w)}W`],
    ['Energy', `${formatSi(trends.fleet.energy_wh)}Wh`],
    ['Carbon', `${formatSi(trends.fleet.carbon_gco2e)}g CO2e`],
    ['Cost', formatUsd(trends.fleet.cost_usd)],
  ];
  byId('totals').replaceChildren(
    ...cards.map(([label, value]) => {
      const card = document.createElement('div');
      card.className = 'card';
      const labelElement = document.createElement('div');
      labelElement.className = 'label';
      labelElement.textContent = label;
      const valueElement = document.createElement('div');
      valueElement.className = 'value';
      valueElement.textContent = value;
      card.append(labelElement, valueElement);
      return card;
    }),
  );
}

function regionSeries(
  trends: FleetTrends,
  pick: (point: FleetTrends['regions'][number]['points'][number]) => number,
): LineSeries[] {
  return trends.regions.map((region) => ({
    name: region.region,
    points: region.points.map((point) => ({ x: Date.parse(point.window_start), y: pick(point) })),
  }));
}

function renderTrends(trends: FleetTrends): void {
  renderTotals(trends);
  renderHeatmap(
    byId('heatmap'),
    trends.utilization.map((row) => ({
      label: row.resource_id,
      cells: row.points.map((point) => ({
        column: point.window_start,
        value: point.cpu_utilization_percent,
      })),
    })),
    'No energy windows yet.',
  );
  renderLineChart(
    byId('power-chart'),
    regionSeries(trends, (point) => point.power_w),
    'No power data yet.',
  );
  renderLineChart(
    byId('carbon-chart'),
    regionSeries(trends, (point) => point.carbon_gco2e),
    'No carbon data yet.',
  );
  renderLineChart(
    byId('energy-chart'),
    regionSeries(trends, (point) => point.energy_wh),
    'No energy data yet.',
  );
  renderBarChart(
    byId('cost-chart'),
    trends.regions.map((region) => ({ label: region.region, value: region.totals.cost_usd })),
    formatUsd,
    'No cost data yet.',
  );
}

/** Keeps the resource picker's options in step with the resources that have forecasts. */
function syncResourcePicker(resources: ResourceSummary[]): string | undefined {
  const picker = byId<HTMLSelectElement>('forecast-resource');
  const withForecast = resources
    .filter((resource) => resource.forecast !== null)
    .map((resource) => resource.resource_id);
  const current = picker.value;
  const known = [...picker.options].map((option) => option.value);
  if (known.join('|') !== withForecast.join('|')) {
    picker.replaceChildren(
      ...withForecast.map((id) => {
        const option = document.createElement('option');
        option.value = id;
        option.textContent = id;
        return option;
      }),
    );
    picker.value = withForecast.includes(current) ? current : (withForecast[0] ?? '');
  }
  return picker.value === '' ? undefined : picker.value;
}

async function refreshForecast(resourceId: string | undefined): Promise<void> {
  const container = byId('forecast-chart');
  if (resourceId === undefined) {
    renderLineChart(container, [], 'No forecasts yet.');
    return;
  }
  const path = encodeURIComponent(resourceId);
  const [forecasts, energy] = await Promise.all([
    getJson<{ history: Forecast[] }>(`/forecasts/${path}`),
    getJson<{ recent: EnergyWindow[] }>(`/metrics/energy/${path}?limit=96`),
  ]);
  const cpuForecasts = (forecasts?.history ?? []).filter((forecast) => forecast.metric === 'cpu_utilization');
  const shortest = Math.min(...cpuForecasts.map((forecast) => forecast.horizon_s));
  const horizon = cpuForecasts.filter((forecast) => forecast.horizon_s === shortest);
  const series: LineSeries[] = [
    {
      name: 'actual',
      points: (energy?.recent ?? []).map((window) => ({
        x: Date.parse(window.window_end),
        y: window.cpu_utilization_percent,
      })),
    },
    {
      name: `forecast (${Math.round(shortest / 60)} min ahead)`,
      dashed: true,
      points: horizon.map((forecast) => ({ x: Date.parse(forecast.target_time), y: forecast.mean })),
      band: horizon.map((forecast) => ({
        x: Date.parse(forecast.target_time),
        lower: forecast.lower,
        upper: forecast.upper,
      })),
    },
  ];
  renderLineChart(container, series, 'No forecasts yet.');
}

async function refresh(): Promise<void> {
  try {
    const [trends, decisions, anomalies, resources] = await Promise.all([
      getJson<FleetTrends>('/fleet/trends?windows=48'),
      getJson<{ items: Decision[] }>('/allocations?limit=20'),
      getJson<{ items: Anomaly[] }>('/anomalies?limit=20'),
      getJson<{ items: ResourceSummary[] }>('/resources?limit=500'),
    ]);
    if (trends !== undefined) {
      renderTrends(trends);
    }
    renderDecisions(byId<HTMLTableElement>('decisions'), decisions?.items ?? []);
    renderAnomalies(byId<HTMLTableElement>('anomalies'), anomalies?.items ?? []);
    await refreshForecast(syncResourcePicker(resources?.items ?? []));
    byId('key-form').hidden = true;
    setStatus(
      `Updated ${new Date().toISOString().slice(11, 19)}Z; refreshes every ${REFRESH_INTERVAL_MS / 1000} s.`,
      false,
    );
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      byId('key-form').hidden = false;
      setStatus('The API requires a key.', true);
      return;
    }
    setStatus(error instanceof Error ? error.message : String(error), true);
  }
}

function start(): void {
  byId('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    storeApiKey(byId<HTMLInputElement>('key-input').value.trim());
    void refresh();
  });
  byId('forecast-resource').addEventListener('change', () => {
    void refresh();
  });
  void refresh();
  window.setInterval(() => {
    void refresh();
  }, REFRESH_INTERVAL_MS);
}

start();
