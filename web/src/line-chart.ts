/// <reference lib="dom" />
import { formatSi, formatTime, seriesColor } from './format.js';
import { linearScale, niceTicks, showEmpty, svgElement } from './svg.js';

export interface LinePoint {
  /** Epoch milliseconds. */
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  points: LinePoint[];
  /** Optional band around the line, for example a forecast interval. */
  band?: Array<{ x: number; lower: number; upper: number }>;
  dashed?: boolean;
  color?: string;
}

const MIN_WIDTH = 320;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 16, bottom: 44, left: 52 };

/**
 * Draws time series as SVG lines with a time axis, a value axis and a legend. Each drawn line has
 * the class `series` and each band the class `band`.
 */
export function renderLineChart(container: HTMLElement, series: LineSeries[], emptyMessage: string): void {
  const drawn = series.filter((entry) => entry.points.length > 0);
  if (drawn.length === 0) {
    showEmpty(container, emptyMessage);
    return;
  }
  const xs = drawn.flatMap((entry) => entry.points.map((point) => point.x));
  const ys = drawn.flatMap((entry) => [
    ...entry.points.map((point) => point.y),
    ...(entry.band ?? []).flatMap((point) => [point.lower, point.upper]),
  ]);
  // Drawn at the container's pixel width so text keeps its size in wide and narrow panels.
  const width = Math.max(MIN_WIDTH, container.clientWidth);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMin = Math.min(0, ...ys);
  const yMax = Math.max(...ys, yMin + 1);
  const x = linearScale(xMin, xMax === xMin ? xMin + 1 : xMax, MARGIN.left, width - MARGIN.right);
  const y = linearScale(yMin, yMax, HEIGHT - MARGIN.bottom, MARGIN.top);

  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img' });
  const axis = svgElement('g', { class: 'axis' });
  for (const tick of niceTicks(yMin, yMax, 4)) {
    axis.append(svgElement('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick) }));
    axis.append(
      svgElement('text', { x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, formatSi(tick)),
    );
  }
  const timeTicks: Array<[number, string]> =
    xMax === xMin
      ? [[xMin, 'middle']]
      : [
          [xMin, 'start'],
          [xMin + (xMax - xMin) / 2, 'middle'],
          [xMax, 'end'],
        ];
  for (const [tick, anchor] of timeTicks) {
    axis.append(
      svgElement(
        'text',
        { x: x(tick), y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': anchor },
        formatTime(new Date(tick).toISOString()),
      ),
    );
  }
  svg.append(axis);

  drawn.forEach((entry, index) => {
    const color = entry.color ?? seriesColor(index);
    if (entry.band !== undefined && entry.band.length > 0) {
      const upper = entry.band.map((point) => `${x(point.x)},${y(point.upper)}`);
      const lower = [...entry.band].reverse().map((point) => `${x(point.x)},${y(point.lower)}`);
      svg.append(
        svgElement('polygon', {
          class: 'band',
          points: [...upper, ...lower].join(' '),
          fill: color,
          'fill-opacity': 0.15,
        }),
      );
    }
    const path = entry.points
      .map(
        (point, position) => `${position === 0 ? 'M' : 'L'}${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`,
      )
      .join(' ');
    svg.append(
      svgElement('path', {
        class: 'series',
        d: entry.points.length === 1 ? `${path} l0.1,0` : path,
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
        'stroke-linecap': 'round',
        ...(entry.dashed === true ? { 'stroke-dasharray': '5 4' } : {}),
      }),
    );
  });

  const legend = svgElement('g', { class: 'legend' });
  drawn.forEach((entry, index) => {
    const left = MARGIN.left + index * 150;
    legend.append(
      svgElement('rect', {
        x: left,
        y: HEIGHT - 16,
        width: 10,
        height: 10,
        fill: entry.color ?? seriesColor(index),
      }),
    );
    legend.append(svgElement('text', { x: left + 14, y: HEIGHT - 7 }, entry.name));
  });
  svg.append(legend);
  container.replaceChildren(svg);
}
