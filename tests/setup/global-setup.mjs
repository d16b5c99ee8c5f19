// Starts the services the integration tests need, once per jest run: a Kafka broker (KRaft) and
// moto's server, both on 127.0.0.1. When KAFKA_BROKERS or EAAWAS_TEST_AWS_ENDPOINT is already set,
// the running service is reused and left alone. Unit-only runs (--selectProjects unit) start nothing.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const STATE_FILE = join(root, '.cache', 'test-services.json');

/**
 * True unless the run selects only the unit project (`--selectProjects unit`): jest does not pass
 * the selection in its config, so the command line is read.
 */
function wantsIntegration() {
  const argv = process.argv;
  const index = argv.indexOf('--selectProjects');
  if (index === -1) {
    return true;
  }
  const selected = [];
  for (const value of argv.slice(index + 1)) {
    if (value.startsWith('-')) break;
    selected.push(value);
  }
  return selected.includes('integration');
}

export default async function globalSetup() {
  if (!wantsIntegration()) {
    return;
  }
  const started = { kafka: false, moto: false };
  const kafkaPort = process.env.EAAWAS_TEST_KAFKA_PORT ?? '19092';
  const motoPort = process.env.EAAWAS_TEST_MOTO_PORT ?? '15055';
  if (!process.env.KAFKA_BROKERS) {
    execFileSync(join(root, 'scripts/kafka/broker.sh'), ['start'], {
      stdio: 'inherit',
      env: { ...process.env, KAFKA_PORT: kafkaPort, KAFKA_DATA_DIR: join(root, '.cache/kafka/test-run') },
    });
    process.env.KAFKA_BROKERS = `127.0.0.1:${kafkaPort}`;
    started.kafka = true;
  }
  if (!process.env.EAAWAS_TEST_AWS_ENDPOINT) {
    execFileSync(join(root, 'scripts/moto/server.sh'), ['start'], {
      stdio: 'inherit',
      env: { ...process.env, MOTO_PORT: motoPort },
    });
    process.env.EAAWAS_TEST_AWS_ENDPOINT = `http://127.0.0.1:${motoPort}`;
    started.moto = true;
  }
  mkdirSync(join(root, '.cache'), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify({ started, kafkaPort, motoPort }));
}
