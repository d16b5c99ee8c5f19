import pino from 'pino';
import { Writable } from 'node:stream';
import { mapError } from '../../../pipeline/api/http/error-mapper.js';
import { EaawasError, ValidationError } from '../../../pipeline/errors/eaawas-error.js';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('error mapper', () => {
  test('unknown error is an opaque 500', () => {
    const { logger, lines } = capturingLogger();
    const mapped = mapError(new Error('connect to db with password hunter2 failed'), 'req-1', logger);
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('hunter2');
    expect(JSON.stringify(mapped.body)).not.toContain('at ');
    expect(mapped.body.error).toMatchObject({ code: 'INTERNAL', request_id: 'req-1', fields: [] });
    expect(lines.join('')).toContain('req-1');
  });

  test('validation error names fields by location', () => {
    const { logger } = capturingLogger();
    const error = new ValidationError('REQUEST_INVALID', 'Invalid request: priority.', [
      { path: 'body:priority', message: 'invalid option' },
      { path: 'query:limit', message: 'too big' },
    ]);
    const mapped = mapError(error, 'req-2', logger);
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.fields).toEqual([
      { field: 'priority', location: 'body', message: 'invalid option' },
      { field: 'limit', location: 'query', message: 'too big' },
    ]);
  });

  test('rate limit carries retry after', () => {
    const { logger } = capturingLogger();
    const mapped = mapError(
      new EaawasError('RATE_LIMITED', 'Too many requests.', { context: { retryAfterS: 3 } }),
      'req-3',
      logger,
    );
    expect(mapped.status).toBe(429);
    expect(mapped.headers['Retry-After']).toBe('3');
  });

  test('unauthorized carries bearer challenge', () => {
    const { logger } = capturingLogger();
    const mapped = mapError(new ValidationError('UNAUTHORIZED', 'Missing API key.', []), 'req-4', logger);
    expect(mapped.status).toBe(401);
    expect(mapped.headers['WWW-Authenticate']).toBe('Bearer');
  });

  test('transport failure is 503', () => {
    const { logger } = capturingLogger();
    const mapped = mapError(new EaawasError('TRANSPORT_UNAVAILABLE', 'Could not queue.'), 'req-5', logger);
    expect(mapped.status).toBe(503);
  });

  test('stage error code is an opaque 500', () => {
    const { logger } = capturingLogger();
    const mapped = mapError(
      new EaawasError('STAGE_FAILED', 'stage allocator failed at offset 42'),
      'req-6',
      logger,
    );
    expect(mapped.status).toBe(500);
    expect(mapped.body.error.message).not.toContain('offset 42');
  });
});
