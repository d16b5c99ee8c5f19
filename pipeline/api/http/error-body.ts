import { z } from 'zod';

/** Part of the request that contains an invalid field. */
export const fieldLocationSchema = z.enum(['body', 'query', 'path', 'header']);

/** One invalid field of a request, named so a client can fix it. */
export const errorFieldSchema = z
  .object({
    field: z
      .string()
      .describe(
        'Dotted path of the field, for example memory_request or labels.team; (body) for the whole body.',
      ),
    location: fieldLocationSchema,
    message: z.string(),
  })
  .strict();

/** The JSON body of every 4xx and 5xx response. */
export const errorBodySchema = z
  .object({
    error: z
      .object({
        code: z.string().describe('Stable error code, for example REQUEST_INVALID or NOT_FOUND.'),
        message: z.string(),
        fields: z
          .array(errorFieldSchema)
          .describe('Each invalid field; empty when the error concerns no field.'),
        request_id: z
          .string()
          .describe('Id of this HTTP request (X-Request-Id), to find it in the server log.'),
      })
      .strict(),
  })
  .strict();

export type FieldLocation = z.infer<typeof fieldLocationSchema>;
export type ErrorField = z.infer<typeof errorFieldSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
