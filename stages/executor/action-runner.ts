import type { StageOutput } from '../../pipeline/runner/stage.js';
import type { TopicNames } from '../../pipeline/topics/topic-names.js';
import type { Action } from '../../schemas/definitions/action.js';
import type { PlannedAction } from './action-plan.js';
import { issueAwsAction, type AwsActionOptions } from './aws-actions.js';
import type { SimulatedFleet } from './simulated-fleet.js';

export interface ActionRunnerOptions {
  mode: Action['mode'];
  topics: TopicNames;
  fleet: SimulatedFleet;
  aws: Omit<AwsActionOptions, 'mode'> | null;
  now: () => number;
}

/** Runs planned actions in the configured mode and returns the messages to publish about them. */
export interface ActionRunner {
  run(planned: PlannedAction): Promise<{ action: Action; outputs: StageOutput[] }>;
}

/**
 * Creates the runner. In simulate mode the simulated fleet takes the action, and its inventory
 * changes are published too. In dry-run and live modes the AWS call's outcome is published, and
 * the collectors report the new state.
 */
export function createActionRunner(options: ActionRunnerOptions): ActionRunner {
  return {
    async run(planned) {
      const issuedAt = options.now();
      const outputs: StageOutput[] = [];
      let result;
      if (options.mode === 'simulate') {
        const applied = options.fleet.apply(planned, issuedAt);
        result = applied.result;
        for (const inventory of applied.inventory) {
          outputs.push({
            topic: options.topics.inventory,
            key: inventory.resource_id,
            value: inventory,
            timestamp: issuedAt,
          });
        }
      } else if (options.aws === null) {
        result = {
          outcome: 'failed' as const,
          error: 'no AWS clients configured',
          aws_request_id: null,
          parameters: {},
        };
      } else {
        result = await issueAwsAction({ ...options.aws, mode: options.mode }, planned);
      }
      const action: Action = {
        action_id: planned.actionId,
        request_id: planned.requestId,
        kind: planned.kind,
        mode: options.mode,
        region: planned.region,
        target: planned.target,
        parameters: {
          ...result.parameters,
          ...(planned.desiredSizeDelta === 0 ? {} : { desired_size_delta: planned.desiredSizeDelta }),
        },
        outcome: result.outcome,
        error: result.error,
        aws_request_id: result.aws_request_id,
        issued_at: new Date(issuedAt).toISOString(),
        completed_at: new Date(Math.max(issuedAt, options.now())).toISOString(),
      };
      outputs.unshift({
        topic: options.topics.actions,
        key: action.action_id,
        value: action,
        timestamp: issuedAt,
      });
      return { action, outputs };
    },
  };
}
