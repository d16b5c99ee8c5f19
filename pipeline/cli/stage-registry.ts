import type { SourceDefinition } from '../runner/source.js';
import type { StageDefinition } from '../runner/stage.js';
import { aggregateStage } from '../../stages/aggregate/aggregate-stage.js';
import { anomalyStage } from '../../stages/anomaly/anomaly-stage.js';
import { predictorStage } from '../../stages/predictor/predictor-stage.js';
import { createAllocatorStage } from '../../stages/allocator/allocator-stage.js';
import { createExecutorStage } from '../../stages/executor/executor-stage.js';
import { energyStage } from '../../stages/energy/energy-stage.js';
import { archiveStage } from '../../stages/archive/archive-stage.js';
import { cloudWatchPublisherStage } from '../../stages/cloudwatch-publisher/cloudwatch-publisher-stage.js';

/**
 * Every stage and source `eaawas run` knows, by name. `--stages a,b` picks a subset; the default
 * runs all of them. Each stage folder exports its definition and adds one line here.
 */
export const STAGES: readonly StageDefinition[] = [aggregateStage, anomalyStage, predictorStage, createAllocatorStage(), createExecutorStage(), energyStage, archiveStage, cloudWatchPublisherStage];

export const SOURCES: readonly SourceDefinition[] = [];
