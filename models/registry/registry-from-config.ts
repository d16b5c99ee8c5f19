import { S3Client } from '@aws-sdk/client-s3';
import { awsClientSettings } from '../../pipeline/aws/aws-clients.js';
import type { EaawasConfig } from '../../pipeline/config/config-schema.js';
import { createLocalRegistry } from './local-registry.js';
import type { ModelRegistry } from './model-registry.js';
import { resolveProjectPath } from './project-path.js';
import { createS3Registry } from './s3-registry.js';

/** The registries of the `predictor.registry` config section. */
export interface ConfiguredRegistries {
  /** The local models folder (`local_dir`, relative to the project root unless absolute). */
  local: ModelRegistry;
  /** The S3 registry, or null when no bucket is configured. */
  remote: ModelRegistry | null;
  /** Closes the S3 client's sockets; calling it again does nothing. */
  destroy: () => void;
}

/**
 * Creates the local and, with `s3_bucket` set, the S3 registry from the config. The S3 client
 * takes endpoint, credentials and retries from the `aws` section like every other AWS client.
 */
export function createConfiguredRegistries(config: EaawasConfig): ConfiguredRegistries {
  const settings = config.predictor.registry;
  const local = createLocalRegistry(resolveProjectPath(settings.local_dir));
  if (settings.s3_bucket === null) {
    return { local, remote: null, destroy: () => undefined };
  }
  const client = new S3Client({
    ...awsClientSettings(config.aws, settings.s3_region),
    forcePathStyle: settings.s3_force_path_style,
  });
  const remote = createS3Registry({ client, bucket: settings.s3_bucket, prefix: settings.s3_prefix });
  return { local, remote, destroy: () => client.destroy() };
}
