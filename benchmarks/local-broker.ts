import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Finds the repository root (the folder holding scripts/kafka/broker.sh) above this module. */
export function repositoryRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, 'scripts', 'kafka', 'broker.sh'))) {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(`scripts/kafka/broker.sh not found above ${fileURLToPath(import.meta.url)}`);
    }
    folder = parent;
  }
}

export interface LocalBrokerOptions {
  /** Client listener port on 127.0.0.1; the controller listens on the next port. */
  port: number;
  /** Log and state folder, relative to the repository root or absolute. */
  dataDir: string;
}

/**
 * A single-node Kafka broker run by scripts/kafka/broker.sh on 127.0.0.1, owned by one benchmark
 * or stress test. Stopping and starting it again keeps the data folder, so topics, committed
 * offsets and the producer state survive a restart.
 */
export interface LocalBroker {
  /** Bootstrap address, `127.0.0.1:<port>`. */
  readonly brokers: string;
  start(): Promise<void>;
  /** Controlled shutdown; the script kills the broker after 30 s. */
  stop(): Promise<void>;
}

export function createLocalBroker(options: LocalBrokerOptions): LocalBroker {
  const root = repositoryRoot();
  const script = join(root, 'scripts', 'kafka', 'broker.sh');
  const dataDir = options.dataDir.startsWith('/') ? options.dataDir : join(root, options.dataDir);
  // The script needs PATH and JAVA_HOME from the caller's environment to find java and mvn.
  const env = { ...process.env, KAFKA_PORT: String(options.port), KAFKA_DATA_DIR: dataDir };

  async function broker(command: 'start' | 'stop'): Promise<void> {
    try {
      await run(script, [command], { env, cwd: root, timeout: 180_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`scripts/kafka/broker.sh ${command} on port ${options.port} failed: ${stderr.trim()}`, {
        cause: error,
      });
    }
  }

  return {
    brokers: `127.0.0.1:${options.port}`,
    start: () => broker('start'),
    stop: () => broker('stop'),
  };
}
