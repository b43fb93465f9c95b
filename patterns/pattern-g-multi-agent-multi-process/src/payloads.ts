/**
 * The contract between the manager Lambda and its specialist Lambdas: ONE module, imported by the
 * manager (validated before the invoke and on the reply) and by each specialist (validated on arrival).
 */
import { BookingSchema, SlotIdSchema } from '@tennis/booking-service/schemas';
import * as z from 'zod';

const UserId = z.string().min(1).max(128);

/** What the manager's tool sends. `user_id` is set by the manager's CODE from the run context, never by a model. */
export const SpecialistInput = z.strictObject({
  request: z.string().trim().min(1).max(2000),
  user_id: UserId,
  /** REQUIRE_CONFIRMATION, booking specialist: choose the slot as usual, but stop before booking it (`proposed_slot_id`). */
  propose: z.literal(true).optional(),
});
export type SpecialistInput = z.output<typeof SpecialistInput>;

/** REQUIRE_CONFIRMATION, booking specialist: book exactly this slot, which the member approved (no model involved). */
export const ApprovedBooking = z.strictObject({
  approved_slot_id: SlotIdSchema,
  user_id: UserId,
});
export type ApprovedBooking = z.output<typeof ApprovedBooking>;

/** The booking specialist's input: a request (to book, or to propose a slot), or an approved slot to book. */
export const BookingSpecialistInput = z.union([SpecialistInput, ApprovedBooking]);
export type BookingSpecialistInput = z.output<typeof BookingSpecialistInput>;

export const SpecialistResult = z.strictObject({
  /** What the specialist found, for the manager to put in its words: its deciding tool's result (JSON), or its own text. */
  answer: z.string(),
  /** The booking this call made, or null: read from the book tool's result, never from prose. */
  booking: BookingSchema.nullable(),
  /** When asked to propose: the slot of the `book` call the specialist held (not run), or null when it chose none. */
  proposed_slot_id: z.string().nullable().optional(),
});
export type SpecialistResult = z.output<typeof SpecialistResult>;
