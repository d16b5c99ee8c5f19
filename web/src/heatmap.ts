/// <reference lib="dom" />
import { formatTime } from './format.js';
import { showEmpty, svgElement } from './svg.js';

export interface HeatmapRow {
  label: string;
  cells: Array<{ column: string; value: number }>;
}

const LABEL_WIDTH = 180;
const ROW_HEIGHT = 16;
const WIDTH = 960;

/** Maps a utilization percent to a colour from pale blue (idle) to dark red (saturated). */
export function utilizationColor(percent: number): string {
  const clamped = Math.max(0, Math.min(100, percent)) / 100;
  const hue = 210 - clamped * 210;
  const lightness = 92 - clamped * 47;
  return `hsl(${hue.toFixed(0)}, 75%, ${lightness.toFixed(0)}%)`;
}

/**
 * Draws a resource-by-time heatmap: one row per resource, one column per window start, each cell
 * (class `cell`) coloured by CPU utilization with the value in its tooltip.
 */
export function renderHeatmap(container: HTMLElement, rows: HeatmapRow[], emptyMessage: string): void {
  const columns = [...new Set(rows.flatMap((row) => row.cells.map((cell) => cell.column)))].sort(
    (left, right) => Date.parse(left) - Date.parse(right),
  );
  if (rows.length === 0 || columns.length === 0) {
    showEmpty(container, emptyMessage);
    return;
  }

  const cellWidth = (WIDTH - LABEL_WIDTH) / columns.length;
  const height = rows.length * ROW_HEIGHT + 24;
  const columnIndex = new Map(columns.map((column, index) => [column, index]));
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img' });
  const axis = svgElement('g', { class: 'axis' });

  rows.forEach((row, rowIndex) => {
    axis.append(
      svgElement(
        'text',
        { x: LABEL_WIDTH - 6, y: rowIndex * ROW_HEIGHT + 12, 'text-anchor': 'end' },
        row.label,
      ),
    );
    for (const cell of row.cells) {
      const index = columnIndex.get(cell.column) ?? 0;
      const rect = svgElement('rect', {
        class: 'cell',
        x: LABEL_WIDTH + index * cellWidth,
        y: rowIndex * ROW_HEIGHT,
        width: Math.max(1, cellWidth - 1),
        height: ROW_HEIGHT - 2,
        fill: utilizationColor(cell.value),
      });
      rect.append(
        svgElement('title', {}, `${row.label} ${formatTime(cell.column)}: ${cell.value.toFixed(1)} % CPU`),
      );
      svg.append(rect);
    }
  });

  const first = columns[0] as string;
  const last = columns.at(-1) as string;
  axis.append(svgElement('text', { x: LABEL_WIDTH, y: height - 6 }, formatTime(first)));
  axis.append(svgElement('text', { x: WIDTH, y: height - 6, 'text-anchor': 'end' }, formatTime(last)));
  svg.append(axis);
  container.replaceChildren(svg);
}
