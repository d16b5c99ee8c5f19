import { createAwsClients, type AwsClients } from '../../../pipeline/aws/aws-clients.js';
import { createPollFailureReporter } from '../../../pipeline/aws/poll-failure.js';
import type { Publish, SourceDefinition, SourceInstance } from '../../../pipeline/runner/source.js';
import type { StageContext } from '../../../pipeline/runner/stage.js';
import type { Ec2InstanceInventory } from '../../../schemas/definitions/index.js';
import { collectorMetrics } from '../collector-metrics.js';
import {
  createInventoryTracker,
  publishInventoryListing,
  type ListedResource,
} from '../inventory-tracker.js';
import { pollEachRegion } from '../poll-each.js';
import { collectorPollingRun } from '../polling-loop.js';
import { describeAllInstances } from './describe-instances.js';
import { toEc2Inventory } from './ec2-inventory.js';
import { createInstanceTypeCache } from './instance-type-cache.js';

const NAME = 'ec2-collector';

/** A poller of EC2 inventory; each poll covers every configured region. */
export interface Ec2Collector {
  /** Lists every region's instances and publishes their inventory; a failing region is reported and skipped. */
  poll(publish: Publish, signal: AbortSignal): Promise<void>;
}

/**
 * Creates the EC2 inventory collector. Each poll publishes every instance to the inventory topic,
 * keyed by instance id, and a tombstone for an instance that terminated or vanished. A stopped
 * instance stays in the inventory with state `stopped`, which downstream stages treat as drawing no
 * power.
 */
export function createEc2Collector(context: StageContext, clients: AwsClients): Ec2Collector {
  const { config, topics, logger } = context;
  const settings = config.sources.collectors.ec2;
  const metrics = collectorMetrics(context.registry);
  const failures = createPollFailureReporter(context.registry, logger, NAME);
  const typeCache = createInstanceTypeCache();
  const tracker = createInventoryTracker<Ec2InstanceInventory>();

  async function pollRegion(region: string, publish: Publish, signal: AbortSignal): Promise<void> {
    const client = clients.ec2(region);
    const instances = await describeAllInstances(client, region, settings.page_size, signal);
    const types = instances.flatMap((instance) =>
      instance.InstanceType === undefined ? [] : [instance.InstanceType],
    );
    const facts = await typeCache.lookup(client, region, types, signal);
    const observedAt = new Date(context.clock.now()).toISOString();

    const listed: Array<ListedResource<Ec2InstanceInventory>> = [];
    for (const instance of instances) {
      if (instance.InstanceId !== undefined && instance.State?.Name === 'terminated') {
        listed.push({ id: instance.InstanceId, gone: true });
        continue;
      }
      const inventory = toEc2Inventory(
        instance,
        region,
        facts.get(instance.InstanceType ?? '') ?? null,
        observedAt,
      );
      if (typeof inventory === 'string') {
        logger.warn({ region, instanceId: instance.InstanceId, reason: inventory }, 'instance skipped');
        continue;
      }
      listed.push({ id: inventory.resource_id, gone: false, value: inventory });
    }

    const records = await publishInventoryListing(tracker, region, listed, topics.inventory, publish);
    metrics.recordsPublished.inc({ stage: NAME, topic: topics.inventory }, records);
    logger.debug({ region, instances: instances.length, records }, 'EC2 region polled');
  }

  return {
    poll: (publish, signal) => pollEachRegion(config.aws.regions, pollRegion, failures, publish, signal),
  };
}

/** The EC2 inventory collector as a source of `eaawas run --source aws`. */
export const ec2CollectorSource: SourceDefinition = {
  name: NAME,
  outputs: (topics) => [topics.inventory],
  enabled: (config) => config.sources.mode === 'aws' && config.sources.collectors.ec2.enabled,
  create(context: StageContext): Promise<SourceInstance> {
    const clients = createAwsClients(context.config.aws);
    const collector = createEc2Collector(context, clients);
    const settings = context.config.sources.collectors.ec2;
    return Promise.resolve({
      run: collectorPollingRun(context, NAME, settings.poll_interval_s * 1000, (publish, signal) =>
        collector.poll(publish, signal),
      ),
      close() {
        clients.destroy();
        return Promise.resolve();
      },
    });
  },
};
