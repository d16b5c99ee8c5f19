/// <reference lib="dom" />
import type { Anomaly, Decision } from './api-types.js';
import { formatTime } from './format.js';

function cell(text: string, className?: string): HTMLTableCellElement {
  const element = document.createElement('td');
  element.textContent = text;
  if (className !== undefined) {
    element.className = className;
  }
  return element;
}

function fillBody(
  table: HTMLTableElement,
  rows: HTMLTableRowElement[],
  columns: number,
  emptyMessage: string,
): void {
  const body = table.tBodies[0] ?? table.createTBody();
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const note = cell(emptyMessage, 'empty');
    note.colSpan = columns;
    row.append(note);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(...rows);
}

function optionalNumber(value: number | null, digits: number): string {
  return value === null ? '–' : value.toFixed(digits);
}

/** Fills the decisions table, one row (class `decision`) per decision, reason included. */
export function renderDecisions(table: HTMLTableElement, decisions: Decision[]): void {
  const rows = decisions.map((decision) => {
    const row = document.createElement('tr');
    row.className = 'decision';
    const target =
      decision.target === null
        ? '–'
        : `${decision.target.resource_id ?? `new ${decision.target.instance_type}`} (${decision.target.region})`;
    row.append(
      cell(formatTime(decision.decided_at)),
      cell(decision.request_id),
      cell(decision.status, `status-${decision.status}`),
      cell(target),
      cell(optionalNumber(decision.added_power_w, 1)),
      cell(optionalNumber(decision.carbon_gco2e, 1)),
      cell(optionalNumber(decision.cost_usd, 4)),
      cell(decision.reason, 'reason'),
    );
    return row;
  });
  fillBody(table, rows, 8, 'No decisions yet.');
}

/** Fills the anomalies table, one row (class `anomaly`) per anomaly. */
export function renderAnomalies(table: HTMLTableElement, anomalies: Anomaly[]): void {
  const rows = anomalies.map((anomaly) => {
    const row = document.createElement('tr');
    row.className = 'anomaly';
    row.append(
      cell(formatTime(anomaly.window_end)),
      cell(anomaly.resource_id),
      cell(anomaly.region),
      cell(anomaly.metric),
      cell(anomaly.observed.toFixed(1)),
      cell(anomaly.expected.toFixed(1)),
      cell(anomaly.score.toFixed(2)),
      cell(anomaly.severity, `severity-${anomaly.severity}`),
    );
    return row;
  });
  fillBody(table, rows, 8, 'No anomalies.');
}
