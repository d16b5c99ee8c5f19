#!/usr/bin/env node
import { Command } from 'commander';
import { EaawasError } from '../errors/eaawas-error.js';
import { createRunCommand } from './run-command.js';
import { createTopicsCommandGroup } from './topics-command.js';
import { createEvaluateCommand } from '../../stages/evaluate/evaluate-command.js';
import { createApiCommandGroup } from '../api/api-command.js';
import { createTrainCommand } from '../../models/training/train-command.js';

/** Milliseconds the process waits for open handles to close after a command before it exits anyway. */
const EXIT_GRACE_MS = 2000;

/**
 * Runs the `eaawas` command line. Each command lives in its own module, and this file only wires
 * them and turns known errors into a message and an exit status. It is the one place that reads
 * `process.env` and `process.argv` for the commands.
 */
async function main(): Promise<void> {
  let exitCode = 0;
  const program = new Command('eaawas')
    .description('Energy-Aware Adaptive Workload Allocation System: a stream-processing pipeline on Kafka.')
    .showHelpAfterError()
    .addCommand(createRunCommand(process.env, (code) => (exitCode = code)))
    .addCommand(createTopicsCommandGroup(process.env))
    .addCommand(createEvaluateCommand(process.env))
    .addCommand(createApiCommandGroup(process.env))
    .addCommand(createTrainCommand(process.env, (code) => (exitCode = code)));

  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    exitCode = reportError(error);
  }
  process.exitCode = exitCode;
  // Clients that keep sockets alive (the AWS SDK's agents) must not hold the process open.
  setTimeout(() => process.exit(exitCode), EXIT_GRACE_MS).unref();
}

/** Prints a known error's message without a stack and returns the exit status. */
function reportError(error: unknown): number {
  if (error instanceof EaawasError && error.code === 'CONFIG_INVALID') {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  process.stderr.write(
    `eaawas failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}

await main();
