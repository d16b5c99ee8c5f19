/// <reference lib="dom" />

/** Formats a number with an SI prefix, for example 12 300 W as "12.3 k". */
export function formatSi(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${(value / 1e9).toFixed(1)} G`;
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)} M`;
  if (magnitude >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  if (magnitude >= 10 || value === 0) return value.toFixed(0);
  return value.toFixed(2);
}

export function formatUsd(value: number): string {
  return value >= 100 ? `$${value.toFixed(0)}` : `$${value.toFixed(2)}`;
}

/** Formats an ISO instant as a short UTC time, with the date when it is not today. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  const time = date.toISOString().slice(11, 16);
  return date.toISOString().slice(0, 10) === today.toISOString().slice(0, 10)
    ? `${time}Z`
    : `${date.toISOString().slice(5, 10)} ${time}Z`;
}

/** Colours of successive series, readable on white. */
export const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#4d7c0f',
  '#be185d',
];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#2563eb';
}
