/// <reference lib="dom" />
import { seriesColor } from './format.js';
import { showEmpty, svgElement } from './svg.js';

const WIDTH = 640;
const BAR_HEIGHT = 22;
const LABEL_WIDTH = 120;
const VALUE_WIDTH = 90;

/** Draws horizontal bars (class `bar`), one per label, with the formatted value beside each. */
export function renderBarChart(
  container: HTMLElement,
  bars: Array<{ label: string; value: number }>,
  format: (value: number) => string,
  emptyMessage: string,
): void {
  if (bars.length === 0) {
    showEmpty(container, emptyMessage);
    return;
  }
  const max = Math.max(...bars.map((bar) => bar.value), Number.MIN_VALUE);
  const height = bars.length * (BAR_HEIGHT + 6) + 6;
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img' });
  const axis = svgElement('g', { class: 'axis' });
  bars.forEach((bar, index) => {
    const top = 6 + index * (BAR_HEIGHT + 6);
    const width = ((WIDTH - LABEL_WIDTH - VALUE_WIDTH) * bar.value) / max;
    axis.append(svgElement('text', { x: LABEL_WIDTH - 6, y: top + 15, 'text-anchor': 'end' }, bar.label));
    svg.append(
      svgElement('rect', {
        class: 'bar',
        x: LABEL_WIDTH,
        y: top,
        width: Math.max(1, width),
        height: BAR_HEIGHT,
        fill: seriesColor(index),
      }),
    );
    axis.append(
      svgElement('text', { x: LABEL_WIDTH + Math.max(1, width) + 6, y: top + 15 }, format(bar.value)),
    );
  });
  svg.append(axis);
  container.replaceChildren(svg);
}
