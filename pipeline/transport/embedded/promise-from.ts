/**
 * Runs a synchronous operation of the embedded log and returns its outcome as a promise, so that
 * the Transport methods reject instead of throwing, as the Kafka transport's do.
 */
export function promiseFrom<T>(operation: () => T): Promise<T> {
  try {
    return Promise.resolve(operation());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
