/**
 * zod schemas of the domain's records, for payloads that carry them across a process boundary (the B/C step
 * contract, G's specialist payloads). A subpath of its own, so bundles that never validate one do not build them.
 */
import * as z from 'zod';
import { SLOT_ID_EXAMPLE, SLOT_ID_PATTERN } from './slots';
import type { Booking } from './types';

/** A slot id in the booking service's format, e.g. 2026-11-22_CourtB_1500. */
export const SlotIdSchema = z.string().regex(SLOT_ID_PATTERN, `a slot id such as ${SLOT_ID_EXAMPLE}`);

/** A booking as the service returns it. */
export const BookingSchema = z.strictObject({
  booking_id: z.string(),
  slot_id: z.string(),
  court: z.string(),
  date: z.string(),
  time: z.string(),
  user_id: z.string().min(1).max(128),
  created_at: z.string(),
}) satisfies z.ZodType<Booking>;
