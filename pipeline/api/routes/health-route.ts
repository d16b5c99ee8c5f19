import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';

const healthSchema = z.object({ status: z.literal('ok') }).strict();

/** GET /health: liveness; 200 whenever the process serves HTTP. */
export function createHealthRoute(): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness',
    tag: 'operations',
    public: true,
    responses: { 200: { description: 'The process is serving.', schema: healthSchema } },
    handle(c) {
      return c.json({ status: 'ok' as const }, 200);
    },
  });
}
