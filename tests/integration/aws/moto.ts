// moto settings for integration tests: every AWS client in a test gets moto's endpoint, an explicit
// region and dummy credentials, so no default credential chain reaches AWS or instance metadata.
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** moto's endpoint; jest's global setup sets EAAWAS_TEST_AWS_ENDPOINT. */
export function motoEndpoint(): string {
  const endpoint = process.env.EAAWAS_TEST_AWS_ENDPOINT;
  if (endpoint === undefined || endpoint === '') {
    throw new Error(
      'EAAWAS_TEST_AWS_ENDPOINT is not set; run the integration tests through jest so its global setup starts moto',
    );
  }
  return endpoint;
}

/**
 * Dummy credentials for moto in the config's form (`aws.credentials`); they never reach AWS because
 * every client gets moto's endpoint.
 */
export const MOTO_CREDENTIALS = {
  access_key_id: 'testing',
  secret_access_key: 'testing',
  session_token: null,
};

/** The same dummy credentials in the form an AWS SDK client takes. */
export const MOTO_SDK_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Explicit SDK client settings for seeding moto from a test. */
export function motoClientSettings(region: string) {
  return {
    region,
    requestHandler: new NodeHttpHandler(),
    endpoint: motoEndpoint(),
    credentials: MOTO_SDK_CREDENTIALS,
  };
}
