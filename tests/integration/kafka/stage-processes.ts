import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const registerTypescript = join(
  dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'register-typescript.mjs',
);

/** One event line of a stage child process (see fixtures/stage-process-main.ts), with its arrival time. */
export interface StageProcessEvent {
  event: string;
  partition?: number;
  count?: number;
  decisions?: number;
  /** Arrival time at the parent, in epoch milliseconds. */
  at: number;
}

/** A stage child process with the events it emitted and the standard error it wrote. */
export interface StageProcess {
  child: ChildProcess;
  pid: number;
  events: StageProcessEvent[];
  stderr: string[];
  /** Resolves at the `started` event. */
  started: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `script` (a TypeScript file that calls runStageProcess) with `options` as its JSON argument. */
export function startStageProcess(script: string, options: object): StageProcess {
  const child = spawn(process.execPath, ['--import', registerTypescript, script, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let markStarted = (): void => undefined;
  const started: StageProcess = {
    child,
    pid: child.pid!,
    events: [],
    stderr: [],
    started: new Promise<void>((resolve) => (markStarted = resolve)),
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const event = { ...(JSON.parse(line) as { event: string }), at: Date.now() };
      started.events.push(event);
      if (event.event === 'started') {
        markStarted();
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => started.stderr.push(chunk.toString('utf8')));
  return started;
}

/** Kills with SIGKILL every process still running and waits until each has exited. */
export async function killStageProcesses(processes: readonly StageProcess[]): Promise<void> {
  for (const stageProcess of processes) {
    if (stageProcess.child.exitCode === null && stageProcess.child.signalCode === null) {
      stageProcess.child.kill('SIGKILL');
    }
    await stageProcess.exited;
  }
}
