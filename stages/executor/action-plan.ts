import { createHash } from 'node:crypto';
import type { RecordHeaders } from '../../pipeline/transport/transport.js';
import type { Action } from '../../schemas/definitions/action.js';
import type { Decision } from '../../schemas/definitions/decision.js';
import { RESERVATION_HEADERS } from '../allocator/decision-ledger.js';

/** One AWS action the executor is to take, before it is issued. */
export interface PlannedAction {
  /** Derived from what caused it, so the same cause always gives the same id. */
  actionId: string;
  requestId: string | null;
  kind: Action['kind'];
  region: string;
  /** Instance id, `<cluster>/<nodegroup>`, or the instance type of a launch. */
  target: string;
  availabilityZone: string | null;
  /** RunInstances idempotency token; a retry with the same token never launches a second instance. */
  clientToken: string | null;
  /** Change of a node group's desired size (+1 scale-out, -1 scale-in). */
  desiredSizeDelta: number;
  /** Epoch ms at which the action is due: the decision's start time. */
  dueMs: number;
}

/**
 * RunInstances ClientToken of a request: a hash of the request id, because the token is at most 64
 * ASCII characters and a request id may contain characters AWS does not accept there.
 */
export function clientTokenFor(requestId: string): string {
  return `eaawas-${createHash('sha256').update(requestId).digest('hex').slice(0, 48)}`;
}

/**
 * Turns a decision into the AWS action it needs, or null when it needs none: a rejection, or a
 * placement on capacity that is already running. The allocator states the action in a header; a
 * decision without it (from an older allocator) is read from its status and target.
 */
export function planForDecision(decision: Decision, headers: RecordHeaders): PlannedAction | null {
  const target = decision.target;
  if (decision.status === 'rejected' || target === null || decision.start_time === null) {
    return null;
  }
  const action = headers[RESERVATION_HEADERS.action] ?? inferAction(decision);
  const base = {
    requestId: decision.request_id,
    region: target.region,
    availabilityZone: target.availability_zone,
    dueMs: Date.parse(decision.start_time),
    clientToken: null,
    desiredSizeDelta: 0,
  };
  switch (action) {
    case 'launch':
      return {
        ...base,
        actionId: `${decision.request_id}:run_instances`,
        kind: 'run_instances',
        target: target.instance_type,
        clientToken: clientTokenFor(decision.request_id),
      };
    case 'start':
      return target.resource_id === null
        ? null
        : {
            ...base,
            actionId: `${decision.request_id}:start_instances`,
            kind: 'start_instances',
            target: target.resource_id,
          };
    case 'scale':
      return target.resource_id === null
        ? null
        : {
            ...base,
            actionId: `${decision.request_id}:update_nodegroup_config`,
            kind: 'update_nodegroup_config',
            target: target.resource_id,
            desiredSizeDelta: 1,
          };
    default:
      return null;
  }
}

function inferAction(decision: Decision): string | null {
  const kind = decision.target?.kind;
  if (decision.status === 'launched') {
    return kind === 'new_instance' ? 'launch' : 'start';
  }
  if (decision.status === 'scaled') {
    return 'scale';
  }
  if (decision.status === 'deferred' && kind === 'new_instance') {
    return 'launch';
  }
  return null;
}

/** Splits `<cluster>/<nodegroup>` into its names. */
export function nodegroupNames(resourceId: string): { cluster: string; nodegroup: string } | null {
  const slash = resourceId.indexOf('/');
  if (slash <= 0 || slash === resourceId.length - 1) {
    return null;
  }
  return { cluster: resourceId.slice(0, slash), nodegroup: resourceId.slice(slash + 1) };
}
