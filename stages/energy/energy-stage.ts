import type { Aggregate } from '../../schemas/definitions/aggregate.js';
import { aggregateSchema } from '../../schemas/definitions/aggregate.js';
import { carbonSchema, type Carbon } from '../../schemas/definitions/carbon.js';
import { inventorySchema, type Inventory } from '../../schemas/definitions/inventory.js';
import type {
  DecodedRecord,
  StageContext,
  StageDefinition,
  StageInstance,
  StageOutput,
  StageRejection,
} from '../../pipeline/runner/stage.js';
import { stageGroupId } from '../../pipeline/topics/topic-names.js';
import { createIntensityLookup } from '../carbon/intensity-lookup.js';
import { CarbonObservations } from './carbon-observations.js';
import { resolveDataDirectory } from './data/data-files.js';
import { loadEnergyData } from './energy-data.js';
import { createEnergyMetrics } from './energy-metrics.js';
import { computeEnergyRecord } from './energy-record.js';
import { createPricedWindows } from './priced-windows.js';
import { pueForRegion } from './pue.js';
import { resourceShape } from './resource-shape.js';
import { createTopicTableReader } from './topic-table-reader.js';

export const ENERGY_STAGE_NAME = 'energy';

/** Code of the dead-letter header for a window whose resource is not in the inventory. */
export const UNKNOWN_RESOURCE_CODE = 'NOT_FOUND';

/**
 * The energy stage: one `eaawas.energy` message per CPU utilization window and resource.
 *
 * Inventory and carbon are read in full by every process of the stage (see TopicTableReader),
 * because their keys (resource id, region) need not fall in the partitions of aggregates a
 * process was assigned. When a window's resource is missing from the inventory, the stage first
 * reads the inventory topic up to its current end, at most once per
 * `energy.inventory_recheck_interval_ms`. If the resource is still missing, the window is
 * dead-lettered with code NOT_FOUND. Windows of other metrics and of sizes other than
 * `energy.window_size_s` are skipped, so overlapping window sizes do not count twice. Windows of
 * EKS nodes (Container Insights) are skipped too: each node is an EC2 instance whose own windows are
 * priced already. A window that never arrives produces no message: a gap stays a gap, not zero power.
 * An identical copy of a window the stage has already priced is dropped (see PricedWindows), so
 * `eaawas.energy` and what is archived from it carry each window once.
 *
 * NOTE: the memory of priced windows is not persisted. After a restart or a rebalance, a copy of
 * a window priced before it still passes, and so does the energy stage's own uncommitted batch,
 * which the runner delivers again (at-least-once).
 *
 * NOTE: a window is priced with the carbon messages seen when it is processed. When the carbon
 * message of its hour arrives later, the window keeps the annual average and says so.
 */
export const energyStage: StageDefinition = {
  name: ENERGY_STAGE_NAME,
  inputs: (topics) => [{ topic: topics.aggregates, schema: aggregateSchema }],
  outputs: (topics) => [topics.energy],
  create: createEnergyStageInstance,
};

async function createEnergyStageInstance(context: StageContext): Promise<StageInstance> {
  const { config, topics, logger, transport } = context;
  const settings = config.energy;
  const data = loadEnergyData(resolveDataDirectory(settings.data_dir));
  const metrics = createEnergyMetrics(context.registry);
  const inventory = new Map<string, Inventory>();
  const priced = createPricedWindows();
  const carbon = new CarbonObservations(settings.carbon_history_hours);
  const lookup = createIntensityLookup((region, hour) => carbon.figure(region, hour), data.annualIntensity);
  let lastInventoryRecheck = Number.NEGATIVE_INFINITY;
  const groupPrefix = `${stageGroupId(config.transport.topic_prefix, ENERGY_STAGE_NAME)}.table`;

  const inventoryReader = createTopicTableReader<Inventory>({
    transport,
    topic: topics.inventory,
    schema: inventorySchema,
    groupIdPrefix: `${groupPrefix}.inventory`,
    logger,
    onUpdate: (key, value) => {
      if (value === null) {
        if (key !== null) {
          inventory.delete(key);
        }
        return;
      }
      inventory.set(value.resource_id, value);
    },
    onInvalid: () => metrics.tableRecordsInvalid.inc({ topic: topics.inventory }),
  });
  const carbonReader = createTopicTableReader<Carbon>({
    transport,
    topic: topics.carbon,
    schema: carbonSchema,
    groupIdPrefix: `${groupPrefix}.carbon`,
    logger,
    onUpdate: (_key, value) => {
      if (value !== null) {
        carbon.record(value);
      }
    },
    onInvalid: () => metrics.tableRecordsInvalid.inc({ topic: topics.carbon }),
  });
  await inventoryReader.start();
  await carbonReader.start();
  logger.info({ resources: inventory.size }, 'energy stage loaded its tables');

  function toOutput(record: DecodedRecord<Aggregate>, window: Aggregate, resource: Inventory): StageOutput {
    const shape = resourceShape(resource, data.specs);
    const intensity = lookup.overInterval(
      window.region,
      Date.parse(window.window_start),
      Date.parse(window.window_end),
    );
    const result = computeEnergyRecord(data, {
      window,
      resource: shape,
      intensity,
      pue: pueForRegion(settings.pue, window.region),
    });
    if (result.clamped) {
      metrics.utilizationClamped.inc({ stage: ENERGY_STAGE_NAME });
    }
    if (intensity.fallback) {
      metrics.carbonFallbacks.inc({ region: window.region });
    }
    metrics.regionIntensity.set({ region: window.region }, intensity.gramsPerKwh);
    metrics.fleetEnergy.inc(result.record.energy_wh);
    metrics.fleetCarbon.inc({ kind: 'operational' }, result.record.operational_gco2e);
    metrics.fleetCarbon.inc({ kind: 'embodied' }, result.record.embodied_gco2e);
    metrics.fleetCost.inc(result.record.cost_usd);
    return {
      topic: topics.energy,
      key: record.key ?? window.resource_id,
      value: result.record,
      timestamp: Date.parse(window.window_end),
    };
  }

  return {
    async processBatch(records) {
      const windows = (records as Array<DecodedRecord<Aggregate>>).filter(
        (record) =>
          record.value !== null &&
          record.value.metric === 'cpu_utilization' &&
          record.value.resource_type !== 'eks_node' &&
          record.value.window_size_s === settings.window_size_s,
      );
      const unknown = windows.some((record) => !inventory.has((record.value as Aggregate).resource_id));
      if (unknown && context.clock.now() - lastInventoryRecheck >= settings.inventory_recheck_interval_ms) {
        lastInventoryRecheck = context.clock.now();
        await inventoryReader.catchUp();
      }
      const outputs: StageOutput[] = [];
      const rejections: StageRejection[] = [];
      let copies = 0;
      for (const record of windows) {
        const window = record.value as Aggregate;
        const arrival = {
          resourceId: window.resource_id,
          windowStartMs: Date.parse(window.window_start),
          partition: record.partition,
          offset: record.offset,
        };
        if (priced.isCopy(arrival)) {
          copies += 1;
          continue;
        }
        const resource = inventory.get(window.resource_id);
        if (resource === undefined) {
          rejections.push({
            record,
            code: UNKNOWN_RESOURCE_CODE,
            reason: `resource ${window.resource_id} is not in ${topics.inventory}; publish its inventory before its samples`,
          });
          continue;
        }
        outputs.push(toOutput(record, window, resource));
        priced.remember(arrival);
      }
      metrics.windowCopiesDropped.inc(copies);
      logger.debug(
        { windows: windows.length, outputs: outputs.length, rejected: rejections.length, copies },
        'energy batch processed',
      );
      return { outputs, rejections };
    },
    async close() {
      await Promise.allSettled([inventoryReader.close(), carbonReader.close()]);
    },
  };
}
