import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../pipeline/errors/eaawas-error.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';

function issuesOf(overrides: Record<string, unknown>): string[] {
  try {
    loadConfig({ overrides });
  } catch (error) {
    if (error instanceof ValidationError) {
      return error.issues.map((issue) => issue.path);
    }
    throw error;
  }
  return [];
}

describe('sources config', () => {
  it('loads the defaults', () => {
    const config = loadConfig({});

    expect(config.sources.mode).toBe('replay');
    expect(config.sources.collectors.cloudwatch.max_queries_per_request).toBe(500);
    expect(config.aws.credentials).toBeNull();
  });

  it('rejects more than 500 queries', () => {
    expect(issuesOf({ sources: { collectors: { cloudwatch: { max_queries_per_request: 501 } } } })).toContain(
      'sources.collectors.cloudwatch.max_queries_per_request',
    );
  });

  it('rejects a lookback shorter than the period', () => {
    expect(
      issuesOf({ sources: { collectors: { cloudwatch: { period_s: 300, lookback_s: 120 } } } }),
    ).toContain('sources.collectors.cloudwatch.lookback_s');
  });

  it('rejects a period off the minute', () => {
    expect(issuesOf({ sources: { collectors: { cloudwatch: { period_s: 90 } } } })).toContain(
      'sources.collectors.cloudwatch.period_s',
    );
  });

  it('rejects an end before the start', () => {
    expect(issuesOf({ sources: { replay: { start_offset_s: 600, end_offset_s: 300 } } })).toContain(
      'sources.replay.end_offset_s',
    );
  });

  it('rejects an unknown mode', () => {
    expect(issuesOf({ sources: { mode: 'simulated' } })).toContain('sources.mode');
  });
});
