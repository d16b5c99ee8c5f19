import type { DecodedRecord, StageOutput, StageRejection } from '../../pipeline/runner/stage.js';
import type { Decision } from '../../schemas/definitions/decision.js';
import type { AllocatorConfig } from './allocator-config.js';
import { validateWorkloadRequest, type InvalidField } from './allocation-request.js';
import { decide } from './decide.js';
import { reservationHeaders, type DecisionLedger } from './decision-ledger.js';
import type { AllocatorEnergyModel } from './energy-model.js';
import { expireReservations, type FleetState } from './fleet-state.js';

export interface RequestHandlerContext {
  state: FleetState;
  ledger: DecisionLedger;
  model: AllocatorEnergyModel;
  config: AllocatorConfig;
  defaultRegions: readonly string[];
  decisionsTopic: string;
}

export type HandledRequest =
  | { kind: 'decided'; output: StageOutput; decision: Decision }
  | { kind: 'redelivered'; output: StageOutput; decision: Decision }
  | { kind: 'duplicate'; requestId: string }
  | { kind: 'unidentifiable'; rejection: StageRejection };

/**
 * Turns one request record into at most one decision. The decision time is the record's event
 * time, so a request decided again from the same state gives the same decision. The ledger makes a
 * request id decide once: a duplicate gets nothing and the same record redelivered to this process
 * gets the identical decision again.
 */
export function handleRequestRecord(context: RequestHandlerContext, record: DecodedRecord): HandledRequest {
  const source = `${record.topic}/${record.partition}/${record.offset}`;
  const validation = validateWorkloadRequest(record.value, record.key, record.timestamp);
  const requestId = validation.ok ? validation.request.requestId : validation.requestId;
  if (requestId === null) {
    return {
      kind: 'unidentifiable',
      rejection: {
        record,
        code: 'REQUEST_INVALID',
        reason: 'the request has no valid request_id and the record has no key',
      },
    };
  }

  const known = context.ledger.lookup(requestId, source);
  if (known.kind === 'duplicate') {
    return { kind: 'duplicate', requestId };
  }
  if (known.kind === 'redelivered') {
    return {
      kind: 'redelivered',
      decision: known.decision,
      output: outputOf(context, known.decision, known.headers, record.timestamp),
    };
  }

  if (!validation.ok) {
    const decision = invalidRequestDecision(requestId, validation.invalidFields, record.timestamp);
    context.ledger.record(decision, {}, source);
    return { kind: 'decided', decision, output: outputOf(context, decision, {}, record.timestamp) };
  }

  expireReservations(context.state, record.timestamp);
  const outcome = decide({
    request: validation.request,
    state: context.state,
    model: context.model,
    config: context.config,
    defaultRegions: context.defaultRegions,
    nowMs: record.timestamp,
  });
  let headers = {};
  if (outcome.reservation !== null && outcome.action !== null) {
    context.state.reservations.set(outcome.reservation.requestId, outcome.reservation);
    headers = reservationHeaders(outcome.reservation, outcome.action);
  }
  context.ledger.record(outcome.decision, headers, source);
  return {
    kind: 'decided',
    decision: outcome.decision,
    output: outputOf(context, outcome.decision, headers, record.timestamp),
  };
}

/** The rejected decision of a request that failed validation, naming every invalid field. */
export function invalidRequestDecision(
  requestId: string,
  invalidFields: InvalidField[],
  eventTimeMs: number,
): Decision {
  const names = invalidFields.map((issue) => issue.field).join(', ');
  return {
    request_id: requestId,
    status: 'rejected',
    target: null,
    start_time: null,
    added_power_w: null,
    energy_kwh: null,
    carbon_gco2e: null,
    cost_usd: null,
    alternatives: [],
    reason: `The request is invalid: ${invalidFields.map((issue) => `${issue.field} ${issue.message}`).join('; ')}.`,
    invalid_fields:
      invalidFields.length > 0 ? invalidFields : [{ field: names || '(message)', message: 'is invalid' }],
    model_versions: {},
    decided_at: new Date(eventTimeMs).toISOString(),
  };
}

function outputOf(
  context: RequestHandlerContext,
  decision: Decision,
  headers: Record<string, string>,
  timestamp: number,
): StageOutput {
  return { topic: context.decisionsTopic, key: decision.request_id, value: decision, headers, timestamp };
}
