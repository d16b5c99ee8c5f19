import type { SourceDefinition } from '../runner/source.js';
import type { StageDefinition } from '../runner/stage.js';
import { cloudWatchCollectorSource } from '../../stages/collectors/cloudwatch/cloudwatch-collector.js';
import { ec2CollectorSource } from '../../stages/collectors/ec2/ec2-collector.js';
import { eksCollectorSource } from '../../stages/collectors/eks/eks-collector.js';
import { kinesisSource } from '../../stages/collectors/kinesis/kinesis-source.js';
import { carbonReplaySource } from '../../stages/replay/carbon-replay.js';
import { utilizationReplaySource } from '../../stages/replay/utilization-replay.js';
import { workloadReplaySource } from '../../stages/replay/workload-replay.js';
import { aggregateStage } from '../../stages/aggregate/aggregate-stage.js';
import { anomalyStage } from '../../stages/anomaly/anomaly-stage.js';
import { predictorStage } from '../../stages/predictor/predictor-stage.js';
import { createAllocatorStage } from '../../stages/allocator/allocator-stage.js';
import { createExecutorStage } from '../../stages/executor/executor-stage.js';
import { energyStage } from '../../stages/energy/energy-stage.js';
import { archiveStage } from '../../stages/archive/archive-stage.js';
import { cloudWatchPublisherStage } from '../../stages/cloudwatch-publisher/cloudwatch-publisher-stage.js';
import { carbonProviderSource } from '../../stages/carbon/carbon-provider-source.js';

/**
 * Every stage and source that `eaawas run` can start, by name. `--stages a,b` picks a subset, and
 * the default runs all of them. Each stage folder exports its definition and adds one line here.
 */
export const STAGES: readonly StageDefinition[] = [
  aggregateStage,
  anomalyStage,
  predictorStage,
  createAllocatorStage(),
  createExecutorStage(),
  energyStage,
  archiveStage,
  cloudWatchPublisherStage,
];

export const SOURCES: readonly SourceDefinition[] = [
  ec2CollectorSource,
  eksCollectorSource,
  cloudWatchCollectorSource,
  kinesisSource,
  utilizationReplaySource,
  carbonReplaySource,
  carbonProviderSource,
  workloadReplaySource,
];
