/**
 * @jest-environment ./tests/integration/predictor/onnx-test-environment.mjs
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';
import { createLocalRegistry } from '../../../models/registry/local-registry.js';
import { publishPromoted } from '../../../models/registry/publish-models.js';
import { createS3Registry } from '../../../models/registry/s3-registry.js';
import { loadFeatureDocument, modelFeatureSpec } from '../../../stages/predictor/feature-spec.js';
import { createModelSlot } from '../../../stages/predictor/model-slot.js';
import { MOTO_SDK_CREDENTIALS, motoEndpoint } from '../aws/moto.js';

const endpoint = motoEndpoint();
const fixtures = join(process.cwd(), 'tests/fixtures/onnx');

// moto accepts any key; explicit dummy credentials keep the SDK from searching for real ones.
const client = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: MOTO_SDK_CREDENTIALS,
});
const bucket = `eaawas-models-${randomUUID().slice(0, 8)}`;
let localDir: string;

async function goldenArtifacts(version: string) {
  const onnx = new Uint8Array(await readFile(join(fixtures, 'golden/model.onnx')));
  const card = JSON.parse(await readFile(join(fixtures, 'golden/card.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return { model: 'workload-cpu', version, onnx, card: { ...card, version } };
}

beforeAll(async () => {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
});

beforeEach(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'eaawas-registry-'));
});

afterEach(async () => {
  await rm(localDir, { recursive: true, force: true });
});

afterAll(async () => {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  const objects = (listed.Contents ?? []).map((object) => ({ Key: object.Key as string }));
  if (objects.length > 0) {
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  client.destroy();
});

describe('S3 model registry on moto', () => {
  test('published versions are listed and fetched', async () => {
    const registry = createS3Registry({ client, bucket, prefix: 'list/' });
    await registry.publish(await goldenArtifacts('v1'));
    await registry.publish(await goldenArtifacts('v2'));

    expect(await registry.versions('workload-cpu')).toEqual(['v1', 'v2']);
    const fetched = await registry.fetch('workload-cpu', 'v2');
    expect(fetched.onnx).toEqual((await goldenArtifacts('v2')).onnx);
    expect((fetched.card as { version: string }).version).toBe('v2');
  });

  test('promote moves the promoted pointer', async () => {
    const registry = createS3Registry({ client, bucket, prefix: 'promote' });
    await registry.publish(await goldenArtifacts('v1'));

    expect(await registry.promoted('workload-cpu')).toBeNull();
    await registry.promote('workload-cpu', 'v1');
    expect(await registry.promoted('workload-cpu')).toEqual({ model: 'workload-cpu', version: 'v1' });
  });

  test('missing version raises model not found', async () => {
    const registry = createS3Registry({ client, bucket, prefix: 'missing/' });

    const fetching = registry.fetch('workload-cpu', 'v9');

    await expect(fetching).rejects.toBeInstanceOf(EaawasError);
    await expect(fetching).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  test('publishPromoted copies local promoted version', async () => {
    const local = createLocalRegistry(localDir);
    await local.publish(await goldenArtifacts('local-7'));
    await local.promote('workload-cpu', 'local-7');
    const remote = createS3Registry({ client, bucket, prefix: 'publish/' });

    const promoted = await publishPromoted(local, remote, ['workload-cpu']);

    expect(promoted).toEqual({ 'workload-cpu': 'local-7' });
    expect(await remote.promoted('workload-cpu')).toEqual({ model: 'workload-cpu', version: 'local-7' });
    expect((await remote.fetch('workload-cpu', 'local-7')).onnx).toEqual(
      (await goldenArtifacts('local-7')).onnx,
    );
    await expect(publishPromoted(local, remote, ['carbon-intensity'])).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
  });

  test('start-up downloads promoted version locally', async () => {
    const remote = createS3Registry({ client, bucket, prefix: 'startup/' });
    await remote.publish(await goldenArtifacts('v3'));
    await remote.promote('workload-cpu', 'v3');
    const local = createLocalRegistry(localDir);
    const spec = modelFeatureSpec(
      await loadFeatureDocument(join(process.cwd(), 'models/features.json')),
      'workload-cpu',
    );
    const slot = createModelSlot({
      model: 'workload-cpu',
      spec,
      remote,
      local,
      intraOpThreads: 1,
      logger: pino({ level: 'silent' }),
    });

    await slot.start();

    expect(slot.active().version).toBe('v3');
    expect(await local.promoted('workload-cpu')).toEqual({ model: 'workload-cpu', version: 'v3' });
    expect(await local.versions('workload-cpu')).toEqual(['v3']);
    await slot.close();
  });

  test('rejected promoted version keeps active one', async () => {
    const remote = createS3Registry({ client, bucket, prefix: 'rejected/' });
    await remote.publish(await goldenArtifacts('v1'));
    await remote.promote('workload-cpu', 'v1');
    const wrongCard = JSON.parse(await readFile(join(fixtures, 'wrong-shape/card.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await remote.publish({
      model: 'workload-cpu',
      version: 'v2',
      onnx: new Uint8Array(await readFile(join(fixtures, 'wrong-shape/model.onnx'))),
      card: { ...wrongCard, version: 'v2' },
    });
    const outcomes: string[] = [];
    const spec = modelFeatureSpec(
      await loadFeatureDocument(join(process.cwd(), 'models/features.json')),
      'workload-cpu',
    );
    const slot = createModelSlot({
      model: 'workload-cpu',
      spec,
      remote,
      local: createLocalRegistry(localDir),
      intraOpThreads: 1,
      logger: pino({ level: 'silent' }),
      onSwap: (outcome) => outcomes.push(outcome),
    });
    await slot.start();

    await remote.promote('workload-cpu', 'v2');
    await slot.poll();
    await slot.poll();

    expect(await slot.applyPending()).toBe(false);
    expect(slot.active().version).toBe('v1');
    expect(outcomes).toEqual(['failed']);
    await slot.close();
  });

  test('unreachable bucket falls back to local copy', async () => {
    const local = createLocalRegistry(localDir);
    await local.publish(await goldenArtifacts('cached-1'));
    await local.promote('workload-cpu', 'cached-1');
    const remote = createS3Registry({ client, bucket: `absent-${randomUUID().slice(0, 8)}`, prefix: '' });
    const spec = modelFeatureSpec(
      await loadFeatureDocument(join(process.cwd(), 'models/features.json')),
      'workload-cpu',
    );
    const slot = createModelSlot({
      model: 'workload-cpu',
      spec,
      remote,
      local,
      intraOpThreads: 1,
      logger: pino({ level: 'silent' }),
    });

    await slot.start();

    expect(slot.active().version).toBe('cached-1');
    await slot.close();
  });
});
