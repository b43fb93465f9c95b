/**
 * The contract between the manager Lambda and its specialist Lambdas: ONE module, imported by the
 * manager (validated before the invoke and on the reply) and by each specialist (validated on arrival).
 */
import * as z from 'zod';

/** What the manager's tool sends. `user_id` is set by the manager's CODE from the run context, never by a model. */
export const SpecialistInput = z.strictObject({
  request: z.string().trim().min(1).max(2000),
  user_id: z.string().min(1).max(128),
});
export type SpecialistInput = z.output<typeof SpecialistInput>;

export const Booking = z.strictObject({
  booking_id: z.string(),
  slot_id: z.string(),
  court: z.string(),
  date: z.string(),
  time: z.string(),
  user_id: z.string(),
  created_at: z.string(),
});

export const SpecialistResult = z.strictObject({
  /** What the specialist found, for the manager to put in its words: its deciding tool's result (JSON), or its own text. */
  answer: z.string(),
  /** The booking this call made, or null: read from the book tool's result, never from prose. */
  booking: Booking.nullable(),
});
export type SpecialistResult = z.output<typeof SpecialistResult>;
