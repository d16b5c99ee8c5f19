import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EaawasError } from '../../errors/eaawas-error.js';
import { decisionSchema } from '../../../schemas/definitions/decision.js';
import { workloadRequestSchema } from '../../../schemas/definitions/workload-request.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

/** The 202 body: the request was accepted, its decision is not made yet. */
export const pendingAllocationSchema = z
  .object({
    request_id: z.string(),
    status: z.literal('pending'),
    poll_url: z.string().describe('GET this path for the decision; 404 until it is made.'),
    message: z.string(),
  })
  .strict();

const allocateQuerySchema = z
  .object({
    wait_ms: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'Wait at most this long for the decision, in ms; capped at api.allocate_wait_ms. 0 answers 202 at once.',
      ),
  })
  .strict();

/**
 * POST /workload/allocate: validates the request, produces it keyed by its request id, and
 * waits for the decision. A request id that already has a decision returns it without producing
 * again, so a client may retry safely with the same id.
 */
export function createAllocateRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'post',
    path: '/workload/allocate',
    operationId: 'allocateWorkload',
    summary: 'Request a placement for a workload',
    description:
      'Validates the body, produces it to the workload requests topic and returns the decision when it is made ' +
      'within the wait time (200); otherwise 202 with the request id and the URL to poll.',
    tag: 'allocation',
    query: allocateQuerySchema,
    body: workloadRequestSchema,
    responses: {
      200: {
        description: 'The decision (placed, launched, scaled, deferred or rejected).',
        schema: decisionSchema,
      },
      202: {
        description: 'Accepted; the decision was not made within the wait time.',
        schema: pendingAllocationSchema,
      },
    },
    async handle(c, { query, body }) {
      const requestId = body.request_id ?? randomUUID();
      const pollUrl = `/allocations/${encodeURIComponent(requestId)}`;
      const waitMs = Math.min(query.wait_ms ?? deps.config.allocate_wait_ms, deps.config.allocate_wait_ms);

      const existing = deps.state.decisions.get(requestId);
      if (existing !== undefined) {
        deps.metrics.workloadRequests.inc({ outcome: 'decided' });
        return c.json(existing, 200);
      }

      // Wait first, then produce, so a decision that arrives quickly cannot slip past the wait.
      const decided = deps.state.decisions.waitFor(requestId, waitMs);
      try {
        await deps.sendWorkloadRequest({ ...body, request_id: requestId });
      } catch (error) {
        deps.metrics.workloadRequests.inc({ outcome: 'failed' });
        throw new EaawasError(
          'TRANSPORT_UNAVAILABLE',
          'The request could not be queued; retry with the same request_id.',
          {
            retriable: true,
            cause: error,
            context: { requestId },
          },
        );
      }
      const decision = await decided;
      if (decision !== undefined) {
        deps.metrics.workloadRequests.inc({ outcome: 'decided' });
        return c.json(decision, 200);
      }
      deps.metrics.workloadRequests.inc({ outcome: 'pending' });
      c.header('Location', pollUrl);
      return c.json(
        {
          request_id: requestId,
          status: 'pending' as const,
          poll_url: pollUrl,
          message: `No decision within ${waitMs} ms; poll ${pollUrl}.`,
        },
        202,
      );
    },
  });
}
