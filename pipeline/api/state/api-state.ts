import type { ZodType } from 'zod';
import { TOPIC_SCHEMAS } from '../../../schemas/definitions/index.js';
import type { Anomaly } from '../../../schemas/definitions/anomaly.js';
import type { Carbon } from '../../../schemas/definitions/carbon.js';
import type { Decision } from '../../../schemas/definitions/decision.js';
import type { Energy } from '../../../schemas/definitions/energy.js';
import type { Forecast } from '../../../schemas/definitions/forecast.js';
import type { Inventory } from '../../../schemas/definitions/inventory.js';
import { EnergyState } from '../../../stages/energy/energy-state.js';
import type { ApiConfig } from '../api-config-schema.js';
import { createAnomalyStore, type AnomalyStore } from './anomaly-store.js';
import { createCarbonStore, type CarbonStore } from './carbon-store.js';
import { createDecisionStore, type DecisionStore } from './decision-store.js';
import { createForecastStore, type ForecastStore } from './forecast-store.js';
import { createInventoryStore, type InventoryStore } from './inventory-store.js';

/** The topics the API materializes, by their logical key in topic-names.ts. */
export const MATERIALIZED_TOPICS = [
  'inventory',
  'decisions',
  'energy',
  'forecasts',
  'anomalies',
  'carbon',
] as const;
export type MaterializedTopic = (typeof MATERIALIZED_TOPICS)[number];

/** Outcome of one record: applied to a store, or skipped with the reason. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'invalid' | 'tombstone';

/** The read side of the API: one store per materialized topic. */
export interface ApiState {
  readonly decisions: DecisionStore;
  readonly inventory: InventoryStore;
  readonly energy: EnergyState;
  readonly forecasts: ForecastStore;
  readonly anomalies: AnomalyStore;
  readonly carbon: CarbonStore;
  /**
   * Decodes a record value of one topic, validates it against the topic's schema and applies it.
   * Never throws on bad input: an undecodable or invalid value returns 'invalid'.
   */
  applyRecord(topic: MaterializedTopic, key: string | null, value: Buffer | null): ApplyOutcome;
}

export function createApiState(settings: ApiConfig['state']): ApiState {
  const decisions = createDecisionStore({ recentLimit: settings.recent_decisions });
  const inventory = createInventoryStore();
  // The energy stage's own materialized state, so the API and the stage sum windows the same way.
  const energy = new EnergyState(settings.recent_windows_per_resource);
  const forecasts = createForecastStore(settings.forecasts_per_resource);
  const anomalies = createAnomalyStore(settings.recent_anomalies);
  const carbon = createCarbonStore(settings.carbon_hours_per_region);

  function applyValue(topic: MaterializedTopic, value: unknown): ApplyOutcome {
    switch (topic) {
      case 'inventory': {
        const entry = value as Inventory;
        inventory.put(entry);
        if (entry.resource_type === 'ec2_instance') {
          energy.setNodegroup(entry.resource_id, entry.nodegroup_id);
        }
        return 'applied';
      }
      case 'decisions':
        decisions.put(value as Decision);
        return 'applied';
      case 'energy':
        return energy.apply(value as Energy) === 'ignored_old' ? 'duplicate' : 'applied';
      case 'forecasts':
        forecasts.add(value as Forecast);
        return 'applied';
      case 'anomalies':
        anomalies.add(value as Anomaly);
        return 'applied';
      case 'carbon':
        carbon.add(value as Carbon);
        return 'applied';
    }
  }

  function applyTombstone(topic: MaterializedTopic, key: string | null): ApplyOutcome {
    if (key !== null && topic === 'inventory') {
      inventory.delete(key);
      energy.setNodegroup(key, null);
    } else if (key !== null && topic === 'decisions') {
      decisions.delete(key);
    }
    return 'tombstone';
  }

  function applyRecord(topic: MaterializedTopic, key: string | null, value: Buffer | null): ApplyOutcome {
    if (value === null) {
      return applyTombstone(topic, key);
    }
    const schema: ZodType = TOPIC_SCHEMAS[topic];
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch {
      return 'invalid';
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      return 'invalid';
    }
    return applyValue(topic, result.data);
  }

  return { decisions, inventory, energy, forecasts, anomalies, carbon, applyRecord };
}
