import { createAwsClients, type AwsClients } from '../../../pipeline/aws/aws-clients.js';
import { createPollFailureReporter } from '../../../pipeline/aws/poll-failure.js';
import type { Publish, SourceDefinition, SourceInstance } from '../../../pipeline/runner/source.js';
import type { StageContext } from '../../../pipeline/runner/stage.js';
import type { EksNodegroupInventory } from '../../../schemas/definitions/index.js';
import { collectorMetrics } from '../collector-metrics.js';
import {
  createInventoryTracker,
  publishInventoryListing,
  type ListedResource,
} from '../inventory-tracker.js';
import { pollEachRegion } from '../poll-each.js';
import { collectorPollingRun } from '../polling-loop.js';
import { toNodegroupInventory } from './eks-inventory.js';
import { describeAllNodegroups } from './list-nodegroups.js';

const NAME = 'eks-collector';

/** A poller of EKS managed node groups; each poll covers every configured region. */
export interface EksCollector {
  /** Describes every node group and publishes its inventory; a failing region is reported and skipped. */
  poll(publish: Publish, signal: AbortSignal): Promise<void>;
}

/**
 * Creates the EKS collector. Each poll publishes every managed node group (scaling config, instance
 * types, status) to the inventory topic, keyed `<cluster>/<nodegroup>`, and a tombstone for a node
 * group that is no longer listed.
 */
export function createEksCollector(context: StageContext, clients: AwsClients): EksCollector {
  const { config, topics, logger } = context;
  const metrics = collectorMetrics(context.registry);
  const failures = createPollFailureReporter(context.registry, logger, NAME);
  const tracker = createInventoryTracker<EksNodegroupInventory>();

  async function pollRegion(region: string, publish: Publish, signal: AbortSignal): Promise<void> {
    const nodegroups = await describeAllNodegroups(clients.eks(region), region, signal);
    const observedAt = new Date(context.clock.now()).toISOString();
    const listed: Array<ListedResource<EksNodegroupInventory>> = [];
    for (const nodegroup of nodegroups) {
      const inventory = toNodegroupInventory(nodegroup, region, observedAt);
      if (typeof inventory === 'string') {
        logger.warn({ region, nodegroup: nodegroup.nodegroupArn, reason: inventory }, 'node group skipped');
        continue;
      }
      listed.push({ id: inventory.resource_id, gone: false, value: inventory });
    }
    const records = await publishInventoryListing(tracker, region, listed, topics.inventory, publish);
    metrics.recordsPublished.inc({ stage: NAME, topic: topics.inventory }, records);
    logger.debug({ region, nodegroups: nodegroups.length }, 'EKS region polled');
  }

  return {
    poll: (publish, signal) => pollEachRegion(config.aws.regions, pollRegion, failures, publish, signal),
  };
}

/** The EKS node group collector as a source of `eaawas run --source aws`. */
export const eksCollectorSource: SourceDefinition = {
  name: NAME,
  outputs: (topics) => [topics.inventory],
  enabled: (config) => config.sources.mode === 'aws' && config.sources.collectors.eks.enabled,
  create(context: StageContext): Promise<SourceInstance> {
    const clients = createAwsClients(context.config.aws);
    const collector = createEksCollector(context, clients);
    return Promise.resolve({
      run: collectorPollingRun(
        context,
        NAME,
        context.config.sources.collectors.eks.poll_interval_s * 1000,
        (publish, signal) => collector.poll(publish, signal),
      ),
      close() {
        clients.destroy();
        return Promise.resolve();
      },
    });
  },
};
