// One process of the aggregate stage on the Kafka transport (see
// ../kafka/fixtures/stage-process-main.ts). It emits started, then stopped.
import { aggregateStage } from '../../../stages/aggregate/aggregate-stage.js';
import { runStageProcess, type StageProcessOptions } from '../kafka/fixtures/stage-process-main.js';

export type AggregateProcessOptions = StageProcessOptions;

runStageProcess<AggregateProcessOptions>({
  name: 'aggregate',
  overrides: () => ({ transport: { partitions: 2 } }),
  definition: () => aggregateStage,
});
