import { z } from 'zod';
import { parseCpuCores, parseMemoryBytes } from '../../pipeline/units/kubernetes-quantity.js';
import { awsRegion, isoInstant } from './common.js';

const cpuRequest = z
  .union([z.number(), z.string()])
  .superRefine((value, context) => {
    const parsed = parseCpuCores(value);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', message: parsed.reason });
    }
  })
  .describe('vCPUs as a number (2.0) or a Kubernetes CPU quantity ("500m" is 0.5).');

const memoryRequest = z
  .union([z.string(), z.number()])
  .superRefine((value, context) => {
    const parsed = parseMemoryBytes(value);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', message: parsed.reason });
    }
  })
  .describe('A Kubernetes memory quantity ("4Gi", "512Mi", "4G", "129e6") or whole bytes as a number.');

/**
 * A workload request (topic `eaawas.workload.requests`, key: request id; also the body of
 * POST /workload/allocate). Only cpu_request, memory_request, priority and max_energy_consumption
 * are required.
 */
export const workloadRequestSchema = z
  .object({
    request_id: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{1,128}$/,
        'must be 1 to 128 letters, digits, dots, underscores, colons or dashes',
      )
      .optional()
      .describe('Idempotency key; generated when absent.'),
    cpu_request: cpuRequest,
    memory_request: memoryRequest,
    priority: z
      .enum(['low', 'medium', 'high'])
      .describe('high is never deferred and may take any feasible region.'),
    max_energy_consumption: z
      .number()
      .finite()
      .positive()
      .describe('Most average power in watts the workload may add.'),
    duration_hours: z
      .number()
      .finite()
      .positive()
      .max(8760)
      .optional()
      .describe('Expected run time; 1 when absent.'),
    regions: z
      .array(awsRegion)
      .min(1)
      .optional()
      .describe('Allowed regions; every configured region when absent.'),
    not_before: isoInstant.optional().describe('Earliest start; the request time when absent.'),
    deadline: isoInstant
      .optional()
      .describe('Latest end; a deadline later than not_before plus duration allows deferral.'),
    target: z.enum(['ec2', 'eks']).optional().describe('Where to run; either when absent.'),
    labels: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .refine(
    (request) =>
      request.not_before === undefined ||
      request.deadline === undefined ||
      Date.parse(request.deadline) > Date.parse(request.not_before),
    { message: 'deadline must be later than not_before', path: ['deadline'] },
  )
  .describe('A workload request.');

export type WorkloadRequest = z.infer<typeof workloadRequestSchema>;
