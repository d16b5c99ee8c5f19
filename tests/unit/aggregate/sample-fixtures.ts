import type { Sample } from '../../../schemas/definitions/sample.js';

/** A valid CPU sample of `resourceId` at `eventTimeMs` with `value`, over `periodS` seconds. */
export function cpuSample(resourceId: string, eventTimeMs: number, value: number, periodS = 60): Sample {
  return {
    resource_id: resourceId,
    resource_type: 'ec2_instance',
    region: 'eu-north-1',
    metric: 'cpu_utilization',
    unit: 'percent',
    value,
    event_time: new Date(eventTimeMs).toISOString(),
    period_s: periodS,
    source: 'replay',
  };
}
