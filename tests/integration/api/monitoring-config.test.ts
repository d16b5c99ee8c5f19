import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const prometheusFolder = join(root, 'configs/prometheus');
const grafanaFolder = join(root, 'configs/grafana');
// Debian's prometheus package installs promtool here; scripts/test.sh installs it when missing.
const PROMTOOL = '/usr/bin/promtool';

function promtool(...args: string[]): string {
  if (!existsSync(PROMTOOL)) {
    throw new Error(`${PROMTOOL} is missing; install it with: apt-get install -y prometheus`);
  }
  return execFileSync(PROMTOOL, args, {
    cwd: prometheusFolder,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const KNOWN_METRICS = new Set<string>(Object.values(METRIC_NAMES));

/** Metric names an expression uses that no component registers (histogram suffixes resolved). */
function unknownMetrics(expression: string): string[] {
  const names = expression.match(/\beaawas_[a-z0-9_]+/g) ?? [];
  return names.filter((name) => !KNOWN_METRICS.has(name.replace(/_(bucket|sum|count)$/, '')));
}

describe('prometheus config', () => {
  test('promtool accepts the config', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toContain('SUCCESS');
  });

  test('promtool accepts the rules', () => {
    expect(promtool('check', 'rules', 'eaawas-alerts.yml')).toContain('SUCCESS: 8 rules found');
  });

  test('rule unit tests pass', () => {
    expect(promtool('test', 'rules', 'eaawas-alerts.test.yml')).toContain('SUCCESS');
  });

  test('rules use registered metric names', () => {
    const rules = parseYaml(readFileSync(join(prometheusFolder, 'eaawas-alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    };
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'EaawasFleetPowerHigh',
        'EaawasAnomalyRateHigh',
        'EaawasConsumerLagHigh',
        'EaawasDeadLettersGrowing',
        'EaawasNoDecisions',
      ]),
    );
    for (const rule of alerts) {
      expect({ alert: rule.alert, unknown: unknownMetrics(rule.expr) }).toEqual({
        alert: rule.alert,
        unknown: [],
      });
    }
  });
});

describe('grafana provisioning', () => {
  const datasources = parseYaml(
    readFileSync(join(grafanaFolder, 'provisioning/datasources/prometheus.yml'), 'utf8'),
  ) as {
    datasources: Array<{ uid: string; type: string }>;
  };
  const dashboardFiles = readdirSync(join(grafanaFolder, 'dashboards')).filter((file) =>
    file.endsWith('.json'),
  );

  test('dashboards cover the required views', () => {
    const titles = dashboardFiles.map(
      (file) =>
        (JSON.parse(readFileSync(join(grafanaFolder, 'dashboards', file), 'utf8')) as { title: string })
          .title,
    );
    expect(titles.sort()).toEqual([
      'EAAWAS decisions',
      'EAAWAS fleet power and carbon',
      'EAAWAS pipeline health',
    ]);
  });

  test.each(dashboardFiles)('%s queries registered metrics', (file) => {
    const dashboard = JSON.parse(readFileSync(join(grafanaFolder, 'dashboards', file), 'utf8')) as {
      uid: string;
      panels: Array<{ title: string; datasource: { uid: string }; targets: Array<{ expr: string }> }>;
    };
    const uids = new Set(datasources.datasources.map((source) => source.uid));
    expect(dashboard.panels.length).toBeGreaterThan(0);
    for (const panel of dashboard.panels) {
      expect(uids.has(panel.datasource.uid)).toBe(true);
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) {
        expect({ panel: panel.title, unknown: unknownMetrics(target.expr) }).toEqual({
          panel: panel.title,
          unknown: [],
        });
      }
    }
  });
});
