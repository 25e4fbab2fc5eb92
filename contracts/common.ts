import { z } from 'zod';

/** Every error the API returns has this shape. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Accepted = z.object({ status: z.literal('accepted'), message: z.string() });
export const Ok = z.object({ status: z.literal('ok') });
