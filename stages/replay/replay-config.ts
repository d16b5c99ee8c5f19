import { z } from 'zod';

const relativePath = z.string().min(1);

/** The `sources.replay` config section: which recorded traces are replayed, and how fast. */
export const replaySchema = z
  .object({
    fleet_file: relativePath.describe(
      'YAML file of the replayed fleet; a relative path starts at the project root.',
    ),
    data_folder: relativePath.describe(
      'Folder of the bundled traces; a relative path starts at the project root.',
    ),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .describe('Seed of every random choice; one seed, one replay.'),
    speed: z
      .number()
      .finite()
      .min(0)
      .describe(
        'Simulated seconds per wall-clock second: 1 is real time, 60 an hour a minute, 0 as fast as possible.',
      ),
    start_time: z.iso
      .datetime({ offset: false })
      .nullable()
      .describe(
        'Simulated instant of trace offset 0 (UTC); null takes the start-up time rounded down to the hour.',
      ),
    start_offset_s: z
      .number()
      .int()
      .min(0)
      .describe('First trace offset replayed, in seconds from the trace start.'),
    end_offset_s: z
      .number()
      .int()
      .min(1)
      .nullable()
      .describe(
        'Trace offset where the replay stops (exclusive), in seconds; null replays to the end of the trace.',
      ),
    utilization: z
      .object({
        enabled: z.boolean().describe('Whether the utilization replay runs in replay mode.'),
        trace_file: relativePath.describe('CSV of 5-minute CPU averages per VM, relative to data_folder.'),
      })
      .strict(),
    carbon: z
      .object({
        enabled: z
          .boolean()
          .describe(
            'Whether the grid carbon replay runs in replay mode; it reads carbon/ under data_folder.',
          ),
      })
      .strict(),
    workload: z
      .object({
        enabled: z.boolean().describe('Whether the workload request replay runs in replay mode.'),
        arrivals_file: relativePath.describe('CSV of VM arrivals, relative to data_folder.'),
        duration_bins_file: relativePath.describe('CSV of VM lifetime bins, relative to data_folder.'),
        sample_fraction: z
          .number()
          .gt(0)
          .max(1)
          .describe('Share of trace VMs turned into requests, chosen by the seed; 1 replays every VM.'),
        watts_per_vcpu: z
          .number()
          .positive()
          .describe(
            'Power budget per requested vCPU, in watts; sets max_energy_consumption of each request.',
          ),
      })
      .strict(),
  })
  .strict()
  .refine((replay) => replay.end_offset_s === null || replay.end_offset_s > replay.start_offset_s, {
    message: 'end_offset_s must be greater than start_offset_s',
    path: ['end_offset_s'],
  });

export type ReplayConfig = z.infer<typeof replaySchema>;
