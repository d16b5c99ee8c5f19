import {
  DescribeInstanceTypesCommand,
  type EC2Client,
  type InstanceTypeInfo,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { sendAwsCommand } from '../../../pipeline/aws/aws-call.js';
import { followPages } from '../follow-pages.js';

/** vCPUs, memory, architectures and GPUs of an instance type, as DescribeInstanceTypes returns them. */
export interface InstanceTypeFacts {
  vcpus: number;
  memoryMib: number;
  architectures: string[];
  gpus: number;
}

/** DescribeInstanceTypes accepts at most 100 types per call. */
const TYPES_PER_CALL = 100;

/** Extracts the facts the inventory needs; null when vCPUs or memory are not stated. */
export function instanceTypeFacts(info: InstanceTypeInfo): InstanceTypeFacts | null {
  const vcpus = info.VCpuInfo?.DefaultVCpus;
  const memoryMib = info.MemoryInfo?.SizeInMiB;
  if (vcpus === undefined || memoryMib === undefined) {
    return null;
  }
  const gpus = (info.GpuInfo?.Gpus ?? []).reduce((sum, gpu) => sum + (gpu.Count ?? 0), 0);
  return { vcpus, memoryMib, architectures: info.ProcessorInfo?.SupportedArchitectures ?? [], gpus };
}

/**
 * Caches DescribeInstanceTypes per type name. Instance types have the same vCPUs and memory in every
 * region, so one entry serves all regions; types the region does not know are remembered as null.
 */
export interface InstanceTypeCache {
  /** Returns the facts of each requested type, calling AWS only for types not cached yet. */
  lookup(
    client: EC2Client,
    region: string,
    types: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, InstanceTypeFacts | null>>;
}

export function createInstanceTypeCache(): InstanceTypeCache {
  const cache = new Map<string, InstanceTypeFacts | null>();
  return {
    async lookup(client, region, types, signal) {
      const missing = [...new Set(types)].filter((type) => !cache.has(type));
      for (let start = 0; start < missing.length; start += TYPES_PER_CALL) {
        const batch = missing.slice(start, start + TYPES_PER_CALL);
        const infos = await followPages(async (nextToken) => {
          const output = await sendAwsCommand(
            region,
            new DescribeInstanceTypesCommand({
              InstanceTypes: batch as _InstanceType[],
              NextToken: nextToken,
            }),
            (command) => client.send(command, { abortSignal: signal }),
          );
          return { items: output.InstanceTypes ?? [], nextToken: output.NextToken };
        });
        for (const type of batch) {
          cache.set(type, null);
        }
        for (const info of infos) {
          if (info.InstanceType !== undefined) {
            cache.set(info.InstanceType, instanceTypeFacts(info));
          }
        }
      }
      return new Map(types.map((type) => [type, cache.get(type) ?? null]));
    },
  };
}
