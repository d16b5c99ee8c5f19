/**
 * Every Prometheus metric name of EAAWAS, in one place so dashboards and alert rules can rely on
 * them. Names follow `eaawas_<component>_<thing>_<unit>` in base units; counters end in `_total`.
 * Labels stay within a small fixed set (stage, topic, outcome, command, region, reason, event);
 * never a resource, request or key id.
 */
export const METRIC_NAMES = {
  // Stage runner
  stageMessagesConsumed: 'eaawas_stage_messages_consumed_total',
  stageMessagesProduced: 'eaawas_stage_messages_produced_total',
  stageMessagesDeadLettered: 'eaawas_stage_messages_dead_lettered_total',
  stageBatchDuration: 'eaawas_stage_batch_duration_seconds',
  stageConsumerLag: 'eaawas_stage_consumer_lag_messages',
  stageRetries: 'eaawas_stage_retries_total',
  stageErrors: 'eaawas_stage_errors_total',
  // Kafka client instrumentation
  kafkaClientEvents: 'eaawas_kafka_client_events_total',
  kafkaRequestTimeouts: 'eaawas_kafka_request_timeouts_total',
  // Collectors and sources
  collectorPolls: 'eaawas_collector_polls_total',
  collectorPollDuration: 'eaawas_collector_poll_duration_seconds',
  collectorSamplesPublished: 'eaawas_collector_samples_published_total',
  replaySamplesPublished: 'eaawas_replay_samples_published_total',
  replaySimulatedTime: 'eaawas_replay_simulated_time_seconds',
  collectorRecordsPublished: 'eaawas_collector_records_published_total',
  collectorDeadLettered: 'eaawas_collector_records_dead_lettered_total',
  awsCallFailures: 'eaawas_aws_call_failures_total',
  // Windowing and anomalies
  aggregateLateSamples: 'eaawas_aggregate_late_samples_total',
  aggregateWindowsEmitted: 'eaawas_aggregate_windows_emitted_total',
  aggregateOpenWindows: 'eaawas_aggregate_open_windows',
  anomaliesDetected: 'eaawas_anomaly_detected_total',
  // Energy
  energyUtilizationClamped: 'eaawas_energy_utilization_clamped_total',
  energyFleetPower: 'eaawas_energy_fleet_power_watts',
  energyFleetEnergy: 'eaawas_energy_fleet_energy_watt_hours_total',
  energyFleetCarbon: 'eaawas_energy_fleet_carbon_grams_total',
  energyFleetCost: 'eaawas_energy_fleet_cost_usd_total',
  energyRegionIntensity: 'eaawas_energy_region_carbon_intensity_grams_per_kilowatt_hour',
  carbonFallbacks: 'eaawas_carbon_intensity_fallbacks_total',
  energyTableRecordsInvalid: 'eaawas_energy_table_records_invalid_total',
  energyWindowCopiesDropped: 'eaawas_energy_window_copies_dropped_total',
  cloudwatchDatapoints: 'eaawas_cloudwatch_publisher_datapoints_total',
  carbonProviderPolls: 'eaawas_carbon_provider_polls_total',
  // Predictor
  predictorForecasts: 'eaawas_predictor_forecasts_total',
  predictorSkippedInsufficientHistory: 'eaawas_predictor_skipped_insufficient_history_total',
  predictorInferenceDuration: 'eaawas_predictor_inference_duration_seconds',
  predictorModelSwaps: 'eaawas_predictor_model_swaps_total',
  // Allocator and executor
  allocatorDecisions: 'eaawas_allocator_decisions_total',
  allocatorDecisionDuration: 'eaawas_allocator_decision_duration_seconds',
  allocatorDuplicateRequests: 'eaawas_allocator_duplicate_requests_total',
  allocatorInvalidStateRecords: 'eaawas_allocator_invalid_state_records_total',
  executorActions: 'eaawas_executor_actions_total',
  executorConsolidationPasses: 'eaawas_executor_consolidation_passes_total',
  executorInvalidStateRecords: 'eaawas_executor_invalid_state_records_total',
  // API
  apiRequests: 'eaawas_api_requests_total',
  apiRequestDuration: 'eaawas_api_request_duration_seconds',
  apiRateLimited: 'eaawas_api_rate_limited_total',
  apiWorkloadRequests: 'eaawas_api_workload_requests_total',
  apiStateRecords: 'eaawas_api_state_records_total',
  apiStateCaughtUp: 'eaawas_api_state_caught_up',
  apiFleetCpuUtilization: 'eaawas_api_fleet_cpu_utilization_ratio',
  apiFleetCpuForecast: 'eaawas_api_fleet_cpu_forecast_ratio',
  apiForecastAbsoluteError: 'eaawas_api_forecast_absolute_error_ratio',
  apiFleetPower: 'eaawas_api_fleet_power_watts',
  apiFleetPowerAlertThreshold: 'eaawas_api_fleet_power_alert_threshold_watts',
  apiFleetEnergy: 'eaawas_api_fleet_energy_watt_hours',
  apiFleetCarbon: 'eaawas_api_fleet_carbon_grams',
  apiFleetCost: 'eaawas_api_fleet_cost_usd',
  apiRegionIntensity: 'eaawas_api_region_carbon_intensity_grams_per_kilowatt_hour',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
