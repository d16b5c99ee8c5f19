import { EaawasError } from '../errors/eaawas-error.js';

/** What an AWS SDK v3 error carries after the SDK gave up retrying. */
interface SdkServiceError {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
}

/** The AWS operation name of a command object, for example `DescribeInstances`. */
export function commandName(command: object): string {
  return command.constructor.name.replace(/Command$/, '');
}

/**
 * Sends one AWS command through `send` (usually `(command) => client.send(command)`, which keeps the
 * SDK's types). The SDK has already retried throttling and 5xx errors in its adaptive mode when
 * this rejects, so the failure is final for this poll.
 * @throws EaawasError (AWS_CALL_FAILED, retriable when AWS marked the fault as the server's) whose
 *   context holds the command, region, AWS request id and HTTP status.
 */
export async function sendAwsCommand<C extends object, Output>(
  region: string,
  command: C,
  send: (command: C) => Promise<Output>,
): Promise<Output> {
  try {
    return await send(command);
  } catch (error) {
    throw toAwsCallError(error, commandName(command), region);
  }
}

/** Wraps an SDK error as AWS_CALL_FAILED with the ids an operator needs to look it up. */
export function toAwsCallError(error: unknown, command: string, region: string): EaawasError {
  const sdkError = (typeof error === 'object' && error !== null ? error : {}) as SdkServiceError;
  const requestId = sdkError.$metadata?.requestId;
  const status = sdkError.$metadata?.httpStatusCode;
  const reason = sdkError.message ?? String(error);
  return new EaawasError('AWS_CALL_FAILED', `AWS ${command} in ${region} failed: ${reason}`, {
    retriable: sdkError.$fault === 'server',
    cause: error,
    context: {
      command,
      region,
      ...(requestId === undefined ? {} : { requestId }),
      ...(status === undefined ? {} : { httpStatus: status }),
      ...(sdkError.name === undefined ? {} : { awsError: sdkError.name }),
    },
  });
}
