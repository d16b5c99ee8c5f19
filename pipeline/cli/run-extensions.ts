import { apiRunExtension } from '../api/api-run-extension.js';
import { progressRunExtension } from './progress-extension.js';
import { summaryRunExtension } from './summary-extension.js';
import type { EaawasConfig } from '../config/config-schema.js';
import type { RunningComponent } from '../runner/stage-runner.js';
import type { StageContext } from '../runner/stage.js';

/** The context of a run with its started stages and sources, handed to every extension. */
export interface PipelineRuntime extends StageContext {
  /** The stages and sources of this process, already started. */
  components: readonly RunningComponent[];
}

/** A running extension; `stop` runs before the stages and sources stop. */
export interface RunningExtension {
  stop(): Promise<void>;
}

/**
 * Something `eaawas run` starts beside the stages and sources on the same transport: the HTTP
 * API, a progress reporter, the end-of-run summary. Extensions start after every stage and source
 * started, in list order, and stop in reverse order before them.
 */
export interface RunExtension {
  name: string;
  /** True when the extension should run with this config; absent means always. */
  enabled?(config: EaawasConfig): boolean;
  start(runtime: PipelineRuntime): Promise<RunningExtension>;
}

/** The extensions of `eaawas run`. Add one line per extension. */
export const RUN_EXTENSIONS: readonly RunExtension[] = [
  apiRunExtension,
  progressRunExtension,
  summaryRunExtension,
];
