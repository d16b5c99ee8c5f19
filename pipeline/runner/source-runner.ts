import { componentLogger } from '../logging/logger.js';
import type { Producer } from '../transport/transport.js';
import { createOutputEncoder } from './output-encoder.js';
import { withRetry } from './retry.js';
import type { Publish, SourceDefinition, SourceInstance } from './source.js';
import type { StageContext } from './stage.js';
import { createStageMetrics } from './stage-metrics.js';
import type { RunningComponent } from './stage-runner.js';
import { withTimeout } from './with-timeout.js';

/**
 * Starts a source and runs it with a `publish` that validates every output against its topic's
 * schema, produces the outputs and resolves once the transport acknowledged all of them. An invalid
 * output is a programming error, so it stops the source. `done` resolves when the source ends (a
 * finite replay) or is stopped, and rejects with the error that stopped it.
 */
export async function startSource(
  definition: SourceDefinition,
  context: StageContext,
): Promise<RunningComponent> {
  const { config, topics } = context;
  const name = definition.name;
  const logger = componentLogger(context.logger, config.logging, name).child({ source: name });
  const metrics = createStageMetrics(context.registry, name);
  const encoder = createOutputEncoder(`Source ${name}`, definition.outputs(topics), topics);
  const abort = new AbortController();

  const instance: SourceInstance = await definition.create({ ...context, logger });
  let producer: Producer;
  try {
    producer = await context.transport.producer();
  } catch (error) {
    await instance.close();
    throw error;
  }

  const publish: Publish = async (outputs) => {
    const encoded = encoder.encode(outputs);
    await Promise.all(
      encoded.map(async ({ topic, records }) => {
        await withRetry(() => producer.send(topic, records), {
          policy: config.runner.retry,
          signal: abort.signal,
          onRetry(error, retry, delayMs) {
            metrics.retried();
            logger.warn({ err: error, topic, retry, delay_ms: delayMs }, 'retriable error; retrying');
          },
        });
        metrics.produced(topic, records.length);
      }),
    );
  };

  async function runToEnd(): Promise<void> {
    try {
      await instance.run(publish, abort.signal);
      logger.info(abort.signal.aborted ? 'source stopped' : 'source finished');
    } catch (error) {
      metrics.failed();
      logger.error({ err: error }, 'source failed and stops');
      throw error;
    } finally {
      await Promise.allSettled([instance.close(), producer.close()]);
    }
  }

  const done = runToEnd();
  done.catch(() => undefined);
  let stopped: Promise<void> | undefined;

  logger.info({ outputs: definition.outputs(topics) }, 'source started');
  return {
    name,
    done,
    stop() {
      stopped ??= (async function stopSource() {
        abort.abort();
        const settled = await withTimeout(
          done.catch(() => undefined),
          config.runner.shutdown_timeout_ms,
        );
        if (!settled) {
          logger.warn(
            { timeout_ms: config.runner.shutdown_timeout_ms },
            'source did not stop before the shutdown timeout',
          );
        }
      })();
      return stopped;
    },
  };
}
