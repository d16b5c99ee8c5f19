// Stops what global-setup.mjs started, and nothing it reused.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const STATE_FILE = join(root, '.cache', 'test-services.json');

export default async function globalTeardown() {
  if (!existsSync(STATE_FILE)) {
    return;
  }
  const { started, kafkaPort, motoPort } = JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  if (started.kafka) {
    execFileSync(join(root, 'scripts/kafka/broker.sh'), ['stop'], {
      stdio: 'inherit',
      env: { ...process.env, KAFKA_PORT: kafkaPort, KAFKA_DATA_DIR: join(root, '.cache/kafka/test-run') },
    });
    rmSync(join(root, '.cache/kafka/test-run'), { recursive: true, force: true });
  }
  if (started.moto) {
    execFileSync(join(root, 'scripts/moto/server.sh'), ['stop'], {
      stdio: 'inherit',
      env: { ...process.env, MOTO_PORT: motoPort },
    });
  }
  rmSync(STATE_FILE, { force: true });
}
