import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { carbonSchema } from '../../../schemas/definitions/carbon.js';
import { forecastSchema } from '../../../schemas/definitions/forecast.js';
import { carbonForecasts, workloadForecasts } from '../../../stages/predictor/forecast-messages.js';
import { parseModelCard, type ModelCard } from '../../../stages/predictor/model-card.js';

const goldenCard = parseModelCard(
  JSON.parse(readFileSync(join(process.cwd(), 'tests/fixtures/onnx/golden/card.json'), 'utf8')) as unknown,
  'golden card',
);

function featuresWithScale(card: ModelCard, scale: number): number[] {
  return card.input.features.map((name) => (name === 'std_36' ? scale : 0));
}

describe('workload forecast messages', () => {
  const issuedAtMs = Date.parse('2026-12-04T10:05:00.000Z');

  test('interval scales with std feature', () => {
    const origin = {
      resourceId: 'i-1',
      issuedAtMs,
      features: featuresWithScale(goldenCard, 3),
      outputScale: 1,
    };
    const [short, long] = workloadForecasts(goldenCard, origin, [40, 50]);

    // scale = std_36 + 1 = 4; quantiles are [-0.5, 0.6] and [-0.8, 1.1].
    expect(short?.lower).toBeCloseTo(38, 10);
    expect(short?.upper).toBeCloseTo(42.4, 10);
    expect(long?.lower).toBeCloseTo(46.8, 10);
    expect(long?.upper).toBeCloseTo(54.4, 10);
    expect(short?.target_time).toBe('2026-12-04T10:20:00.000Z');
    expect(long?.target_time).toBe('2026-12-04T11:05:00.000Z');
    expect(short?.model_version).toBe('golden-1');
  });

  test('values clamp to percent range', () => {
    const origin = {
      resourceId: 'i-1',
      issuedAtMs,
      features: featuresWithScale(goldenCard, 50),
      outputScale: 1,
    };
    const forecasts = workloadForecasts(goldenCard, origin, [-3, 140]);

    expect(forecasts[0]?.mean).toBe(0);
    expect(forecasts[0]?.lower).toBe(0);
    expect(forecasts[1]?.mean).toBe(100);
    expect(forecasts[1]?.upper).toBe(100);
    for (const forecast of forecasts) {
      expect(forecastSchema.safeParse(forecast).success).toBe(true);
    }
  });

  test('messages pass forecast schema', () => {
    const origin = {
      resourceId: 'i-0abc',
      issuedAtMs,
      features: featuresWithScale(goldenCard, 0.2),
      outputScale: 1,
    };
    for (const forecast of workloadForecasts(goldenCard, origin, [12.5, 13.25])) {
      expect(forecastSchema.parse(forecast)).toEqual(forecast);
    }
  });
});

describe('carbon forecast messages', () => {
  test('one scaled message per future hour', () => {
    const card = parseModelCard(
      {
        ...goldenCard,
        model: 'carbon-intensity',
        horizons_s: [3600, 7200],
        output_range: [0, null],
        interval: null,
      },
      'carbon card',
    );
    const hourStartMs = Date.parse('2026-12-04T10:00:00.000Z');
    const origin = { region: 'eu-north-1', zone: 'SE-SE3', hourStartMs, outputScale: 2 };
    const messages = carbonForecasts(card, origin, [12.5, -1]);

    expect(messages.map((message) => message.hour)).toEqual([
      '2026-12-04T11:00:00.000Z',
      '2026-12-04T12:00:00.000Z',
    ]);
    expect(messages[0]?.intensity_g_per_kwh).toBe(25);
    expect(messages[1]?.intensity_g_per_kwh).toBe(0);
    for (const message of messages) {
      expect(message.kind).toBe('forecast');
      expect(message.source).toBe('model');
      expect(message.issued_at).toBe('2026-12-04T10:00:00.000Z');
      expect(carbonSchema.parse(message)).toEqual(message);
    }
  });
});
