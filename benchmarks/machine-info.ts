import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  nproc: number;
  memoryGiB: number;
  node: string;
  kafka: string;
  /** `uptime` output at the start of the run: the load average shows other work on the machine. */
  uptime: string;
  /** 1-minute load average divided by the CPU count; above 1 the CPUs were oversubscribed. */
  loadPerCpu: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The Kafka version pinned in scripts/kafka/pom.xml, which the benchmark's broker runs. */
function kafkaVersion(root: string): string {
  const pom = readFileSync(join(root, 'scripts', 'kafka', 'pom.xml'), 'utf8');
  return /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? 'unknown';
}

export function machineInfo(root: string): MachineInfo {
  let uptime: string;
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = `load average: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(', ')}`;
  }
  return {
    date: new Date().toISOString(),
    cpuModel: cpuModel(),
    nproc: availableParallelism(),
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    kafka: kafkaVersion(root),
    uptime,
    loadPerCpu: loadavg()[0]! / availableParallelism(),
  };
}
