import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EaawasConfig } from '../config/config-schema.js';
import { systemClock, type Clock } from '../runner/clock.js';
import { startSource } from '../runner/source-runner.js';
import type { SourceDefinition } from '../runner/source.js';
import { startStage, type RunningComponent } from '../runner/stage-runner.js';
import type { StageContext, StageDefinition } from '../runner/stage.js';
import { topicNames } from '../topics/topic-names.js';
import { createPipelineTopics } from '../transport/create-topics.js';
import { createTransport } from '../transport/create-transport.js';
import type { RunExtension, RunningExtension } from './run-extensions.js';

export interface RunPipelineOptions {
  config: EaawasConfig;
  stages: readonly StageDefinition[];
  sources: readonly SourceDefinition[];
  extensions: readonly RunExtension[];
  /** Stop after this many seconds; run until `stop` aborts when absent. */
  durationS?: number;
  /** Aborted by SIGTERM or SIGINT. */
  stop: AbortSignal;
  logger: Logger;
  registry: Registry;
  clock?: Clock;
}

export type RunOutcome =
  { status: 'stopped'; reason: string } | { status: 'failed'; component: string; error: unknown };

/**
 * Runs stages, sources and extensions in one process on one transport until `stop` aborts, the
 * duration ends or a component fails, then stops everything: extensions, then sources, then
 * stages, then the transport. On the embedded transport every pipeline topic is created first.
 * A source that finishes (a finite replay) does not end the run, because the stages and the API
 * keep serving what it produced.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunOutcome> {
  const { config, logger, registry } = options;
  const clock = options.clock ?? systemClock;
  const single =
    options.stages.length === 1 && options.sources.length === 0 ? options.stages[0]!.name : undefined;
  const transport = createTransport(config, {
    logger,
    registry,
    clock,
    ...(single === undefined ? {} : { clientName: single }),
  });
  const components: RunningComponent[] = [];
  const extensions: RunningExtension[] = [];
  let outcome: RunOutcome;

  try {
    await transport.connect();
    if (transport.kind === 'embedded') {
      const { created } = await createPipelineTopics(transport, config);
      logger.info({ topics: created.length }, 'embedded topics created');
    }
    const context: StageContext = {
      config,
      topics: topicNames(config.transport.topic_prefix),
      logger,
      registry,
      transport,
      clock,
    };
    for (const stage of options.stages) {
      components.push(await startStage(stage, context));
    }
    for (const source of options.sources) {
      components.push(await startSource(source, context));
    }
    for (const extension of options.extensions.filter((candidate) => candidate.enabled?.(config) ?? true)) {
      extensions.push(await extension.start({ ...context, components }));
    }
    logger.info(
      {
        transport: transport.kind,
        stages: options.stages.map((stage) => stage.name),
        sources: options.sources.map((source) => source.name),
        extensions: options.extensions.map((extension) => extension.name),
      },
      'pipeline running',
    );
    outcome = await waitForEnd(components, options);
  } catch (error) {
    outcome = { status: 'failed', component: 'start-up', error };
  }

  if (outcome.status === 'failed') {
    logger.error(
      { err: outcome.error, component: outcome.component },
      'pipeline failed; stopping every component',
    );
  } else {
    logger.info({ reason: outcome.reason }, 'pipeline stopping');
  }
  await stopAll(extensions, components, logger);
  await transport
    .close()
    .catch((error: unknown) => logger.error({ err: error }, 'closing the transport failed'));
  logger.info('pipeline stopped');
  return outcome;
}

function waitForEnd(
  components: readonly RunningComponent[],
  options: RunPipelineOptions,
): Promise<RunOutcome> {
  return new Promise<RunOutcome>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: RunOutcome): void => {
      clearTimeout(timer);
      options.stop.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => finish({ status: 'stopped', reason: 'shutdown signal' });

    if (options.stop.aborted) {
      onAbort();
      return;
    }
    options.stop.addEventListener('abort', onAbort);
    if (options.durationS !== undefined) {
      timer = setTimeout(
        () => finish({ status: 'stopped', reason: `duration of ${options.durationS} s ended` }),
        options.durationS * 1000,
      );
    }
    for (const component of components) {
      component.done.catch((error: unknown) =>
        finish({ status: 'failed', component: component.name, error }),
      );
    }
  });
}

async function stopAll(
  extensions: RunningExtension[],
  components: RunningComponent[],
  logger: Logger,
): Promise<void> {
  for (const extension of [...extensions].reverse()) {
    await extension
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'stopping an extension failed'));
  }
  // Sources were started last, so stopping in reverse stops them before the stages that consume them.
  for (const component of [...components].reverse()) {
    await component
      .stop()
      .catch((error: unknown) => logger.error({ err: error, component: component.name }, 'stopping failed'));
  }
}
