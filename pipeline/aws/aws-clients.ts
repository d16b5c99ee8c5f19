import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { EaawasConfig } from '../config/config-schema.js';

type AwsConfig = EaawasConfig['aws'];

/** The settings every AWS SDK v3 client of EAAWAS shares. */
export interface AwsClientSettings {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The adaptive mode adds client-side rate limiting on throttling to the standard retries. */
  retryMode: 'adaptive';
  maxAttempts: number;
}

/**
 * Builds the client settings for one region from the `aws` config section. Without configured
 * credentials the SDK's default chain applies; with an endpoint every call goes there (moto in tests).
 */
export function awsClientSettings(aws: AwsConfig, region: string): AwsClientSettings {
  const settings: AwsClientSettings = { region, retryMode: 'adaptive', maxAttempts: aws.max_attempts };
  if (aws.endpoint !== null) {
    settings.endpoint = aws.endpoint;
  }
  if (aws.credentials !== null) {
    settings.credentials = {
      accessKeyId: aws.credentials.access_key_id,
      secretAccessKey: aws.credentials.secret_access_key,
      ...(aws.credentials.session_token === null ? {} : { sessionToken: aws.credentials.session_token }),
    };
  }
  return settings;
}

/**
 * Per-region AWS clients, created on first use and reused. `destroy` closes every client's sockets;
 * calling it again does nothing.
 */
export interface AwsClients {
  ec2(region: string): EC2Client;
  eks(region: string): EKSClient;
  cloudWatch(region: string): CloudWatchClient;
  kinesis(region: string): KinesisClient;
  destroy(): void;
}

interface Destroyable {
  destroy(): void;
}

/** Creates the client factory for the `aws` config section. */
export function createAwsClients(aws: AwsConfig): AwsClients {
  const cache = new Map<string, Destroyable>();

  function cached<T extends Destroyable>(service: string, region: string, build: () => T): T {
    const key = `${service}:${region}`;
    let client = cache.get(key) as T | undefined;
    if (client === undefined) {
      client = build();
      cache.set(key, client);
    }
    return client;
  }

  return {
    ec2: (region) => cached('ec2', region, () => new EC2Client(awsClientSettings(aws, region))),
    eks: (region) => cached('eks', region, () => new EKSClient(awsClientSettings(aws, region))),
    cloudWatch: (region) =>
      cached('cloudwatch', region, () => new CloudWatchClient(awsClientSettings(aws, region))),
    // The Kinesis client defaults to HTTP/2, which only SubscribeToShard needs; GetRecords and
    // ListShards work over HTTP/1.1, which also reaches a plain-HTTP endpoint such as moto.
    kinesis: (region) =>
      cached(
        'kinesis',
        region,
        () => new KinesisClient({ ...awsClientSettings(aws, region), requestHandler: new NodeHttpHandler() }),
      ),
    destroy() {
      for (const client of cache.values()) {
        client.destroy();
      }
      cache.clear();
    },
  };
}
