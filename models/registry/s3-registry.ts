import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { EaawasError } from '../../pipeline/errors/eaawas-error.js';
import {
  CARD_FILE,
  checkName,
  ONNX_FILE,
  parsePromoted,
  PROMOTED_FILE,
  type ModelArtifacts,
  type ModelRegistry,
  type PromotedPointer,
} from './model-registry.js';

export interface S3RegistryOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix of the registry inside the bucket, for example `models/`; empty for the root. */
  prefix: string;
}

function isNotFound(error: unknown): boolean {
  return error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey';
}

/**
 * Creates the registry of an S3 bucket with the same layout as the local folder. The AWS SDK
 * retries throttled and transient calls itself; errors after its retries become AWS_CALL_FAILED.
 */
export function createS3Registry(options: S3RegistryOptions): ModelRegistry {
  const { client, bucket } = options;
  const prefix = options.prefix === '' || options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;

  async function getBytes(key: string): Promise<Uint8Array | null> {
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (response.Body === undefined) {
        return new Uint8Array();
      }
      return await response.Body.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) {
        return null;
      }
      throw new EaawasError('AWS_CALL_FAILED', `reading s3://${bucket}/${key} failed`, {
        cause: error,
        retriable: true,
      });
    }
  }

  async function put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    } catch (error) {
      throw new EaawasError('AWS_CALL_FAILED', `writing s3://${bucket}/${key} failed`, {
        cause: error,
        retriable: true,
      });
    }
  }

  return {
    location: `s3://${bucket}/${prefix}`,

    async promoted(model) {
      checkName('model', model);
      const key = `${prefix}${model}/${PROMOTED_FILE}`;
      const bytes = await getBytes(key);
      return bytes === null ? null : parsePromoted(Buffer.from(bytes).toString('utf8'), `s3://${bucket}/${key}`);
    },

    async versions(model) {
      checkName('model', model);
      const versions: string[] = [];
      let token: string | undefined;
      do {
        const response = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: `${prefix}${model}/`,
            Delimiter: '/',
            ContinuationToken: token,
          }),
        );
        for (const common of response.CommonPrefixes ?? []) {
          const name = common.Prefix?.slice(`${prefix}${model}/`.length).replace(/\/$/, '');
          if (name !== undefined && name !== '') {
            versions.push(name);
          }
        }
        token = response.IsTruncated === true ? response.NextContinuationToken : undefined;
      } while (token !== undefined);
      return versions.sort();
    },

    async fetch(model, version): Promise<ModelArtifacts> {
      checkName('model', model);
      checkName('version', version);
      const base = `${prefix}${model}/${version}/`;
      const [onnx, card] = await Promise.all([getBytes(`${base}${ONNX_FILE}`), getBytes(`${base}${CARD_FILE}`)]);
      if (onnx === null || card === null) {
        throw new EaawasError('MODEL_NOT_FOUND', `model ${model} version ${version} not found in s3://${bucket}/${prefix}`);
      }
      return { model, version, onnx, card: JSON.parse(Buffer.from(card).toString('utf8')) as unknown };
    },

    async publish(artifacts) {
      checkName('model', artifacts.model);
      checkName('version', artifacts.version);
      const base = `${prefix}${artifacts.model}/${artifacts.version}/`;
      // The card goes last so a reader that finds it also finds the model it describes.
      await put(`${base}${ONNX_FILE}`, artifacts.onnx, 'application/octet-stream');
      await put(`${base}${CARD_FILE}`, `${JSON.stringify(artifacts.card, null, 2)}\n`, 'application/json');
    },

    async promote(model, version) {
      checkName('model', model);
      checkName('version', version);
      const pointer: PromotedPointer = { model, version };
      await put(`${prefix}${model}/${PROMOTED_FILE}`, `${JSON.stringify(pointer, null, 2)}\n`, 'application/json');
    },
  };
}
