import type { BrokerRestartStressResult } from './broker-restart-stress.js';
import type { MachineInfo } from './machine-info.js';

/** One line of the results table: a pipeline figure beside the transport ceiling it compares with. */
export interface ResultRow {
  figure: string;
  transport: string;
  value: number;
  unit: string;
  /** The matching ceiling in the same unit, or null when none applies. */
  ceiling: number | null;
  ceilingLabel: string;
}

export interface BenchReport {
  command: string;
  machine: MachineInfo;
  rows: ResultRow[];
  stress: BrokerRestartStressResult | null;
  /** Figures that could not be measured, with the reason. */
  notes: string[];
  /** Sizes and settings of the run, one line each. */
  settings: string[];
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);
}

/** Formats the ratio column: the pipeline figure divided by its ceiling. */
function ratioOf(row: ResultRow): string {
  return row.ceiling === null || row.ceiling === 0
    ? '—'
    : `${(row.value / row.ceiling).toFixed(row.value / row.ceiling >= 10 ? 1 : 3)}×`;
}

function tableLines(rows: readonly ResultRow[]): string[] {
  const header = ['figure', 'transport', 'value', 'ceiling', 'ratio'];
  const body = rows.map((row) => [
    row.figure,
    row.transport,
    `${formatNumber(row.value)} ${row.unit}`,
    row.ceiling === null ? '—' : `${formatNumber(row.ceiling)} ${row.unit} (${row.ceilingLabel})`,
    ratioOf(row),
  ]);
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...body.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

function stressLines(stress: BrokerRestartStressResult | null): string[] {
  if (stress === null) {
    return [
      'Not run: the stress scenario restarts the broker, so it runs only on the broker the benchmark starts itself.',
    ];
  }
  return [
    `- ${stress.samples} samples and ${stress.requests} workload requests; broker down and up again in ${stress.outageSeconds.toFixed(1)} s; everything committed ${stress.seconds.toFixed(1)} s after the first record.`,
    `- Requests without a decision: ${stress.undecided.length}; with more than one: ${stress.decidedTwice.length}.`,
    `- Windows expected: ${stress.expectedWindows}; missing: ${stress.missingWindows.length}; present more than once: ${stress.duplicatedWindows.length}; unexpected: ${stress.unexpectedWindows.length}.`,
    `- Stage runner retries: ${stress.runnerRetries}; stage failures: ${stress.stageFailures.length === 0 ? 'none' : stress.stageFailures.join('; ')}.`,
    ...(stress.runnerRetries === 0
      ? [
          "- The runner needed no retry of its own because kafkajs's request retries, which follow the same runner.retry policy, bridged the outage inside each send, fetch and commit.",
        ]
      : []),
  ];
}

/** Formats the results for standard output: the machine line, the table and the stress outcome. */
export function formatConsoleReport(report: BenchReport): string {
  const { machine } = report;
  return [
    `${machine.date}  ${machine.cpuModel}, ${machine.nproc} CPUs, ${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}, Kafka ${machine.kafka}`,
    `uptime: ${machine.uptime}`,
    '',
    ...tableLines(report.rows),
    ...report.notes,
    '',
    'Broker restart stress:',
    ...stressLines(report.stress),
    '',
  ].join('\n');
}

/** BENCHMARKS.md: the command, the machine, the date, the figures and how each was measured. */
export function formatMarkdownReport(report: BenchReport): string {
  const { machine } = report;
  const shared =
    machine.loadPerCpu > 1
      ? [
          '',
          `Other work shared the machine during this run (1-minute load average ${(machine.loadPerCpu * machine.nproc).toFixed(1)} on ${machine.nproc} CPUs),`,
          'so these figures understate what the code does on an idle machine, by an amount this run does not measure.',
        ]
      : [];
  return [
    '# Benchmarks',
    '',
    'Figures of one run of `npm run bench` (benchmarks/run.ts). Each pipeline figure is set beside the',
    'ceiling of the transport under it: the raw produce-and-consume rate (or latency) of kafkajs on the',
    'same broker with records of the same size, and the same for the embedded in-process log.',
    '',
    '## Run',
    '',
    `- Command: \`${report.command}\``,
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpuModel}, ${machine.nproc} CPUs (nproc), ${machine.memoryGiB.toFixed(1)} GiB memory`,
    `- Node ${machine.node}; Apache Kafka ${machine.kafka}, one KRaft node on 127.0.0.1 started by scripts/kafka/broker.sh; kafkajs 2.2.4`,
    `- \`uptime\` at the start: \`${machine.uptime}\``,
    ...shared,
    '',
    '## Results',
    '',
    ...tableLines(report.rows),
    '',
    ...report.notes.flatMap((note) => [note, '']),
    'Ratio is the pipeline figure divided by its ceiling. For rates, 1 would mean the pipeline runs as',
    'fast as the bare client; for latencies, it is how many times the one-hop floor a decision takes; for',
    'predictor rows it says how many times faster than the transport delivers records the model infers.',
    '',
    '## Broker restart stress',
    '',
    ...stressLines(report.stress),
    '',
    '## Settings and method',
    '',
    ...report.settings.map((line) => `- ${line}`),
    '',
  ].join('\n');
}
