import type { RequestIdVariables } from 'hono/request-id';

/** Values that middleware stores on a request's context. */
export interface ApiVariables extends RequestIdVariables {
  /** Route pattern of the matched route (for example /allocations/{request_id}), used as a metric label. */
  routeLabel: string;
  /** Rate-limit identity: `key:<hash prefix>` for a valid API key, otherwise `ip:<address>`. */
  clientId: string;
  /** True when the request carried a configured API key. */
  authenticated: boolean;
  /** The request's path parameters, query and body after validation. */
  input: ValidatedInput;
}

export interface ValidatedInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

export interface ApiEnv {
  Variables: ApiVariables;
}
