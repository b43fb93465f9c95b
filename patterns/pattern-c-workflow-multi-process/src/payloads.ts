/**
 * The contract between the orchestrator and its three step Lambdas: ONE module, imported by the
 * caller (invokeWorker validates before sending and validates the reply) and by each step
 * (createWorkerHandler validates the event and its own result).
 */
import * as z from 'zod';
import { PARTS_OF_DAY } from '@tennis/booking-service';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const userId = z.string().min(1).max(128);

/** What the member wants, as the parse step reads it from the conversation. */
export const BookingRequest = z.strictObject({
  intent: z.enum(['book', 'availability', 'other']).describe('book: wants a court booked; availability: asks what is free; other: anything else'),
  date: isoDate.nullable().describe('The day, absolute YYYY-MM-DD, or null when not said'),
  time: hhmm.nullable().describe('Start time, 24h HH:MM, or null when not said'),
  part_of_day: z.enum(PARTS_OF_DAY).nullable().describe('Part of the day when no exact time was said, else null'),
  court: z.string().nullable().describe('Court name such as "Court B" when one was named, else null'),
});
export type BookingRequest = z.output<typeof BookingRequest>;

export const Slot = z.strictObject({ slot_id: z.string().min(1), court: z.string(), date: isoDate, time: hhmm });
export type Slot = z.output<typeof Slot>;

export const Booking = z.strictObject({
  booking_id: z.string(),
  slot_id: z.string(),
  court: z.string(),
  date: isoDate,
  time: hhmm,
  user_id: userId,
  created_at: z.string(),
});

const ChatMessage = z.strictObject({ role: z.enum(['user', 'assistant']), text: z.string().max(4000) });
export type ChatMessage = z.output<typeof ChatMessage>;

/** Step 1, parse (OpenAI structured output). */
export const ParseInput = z.strictObject({
  /** Earlier turns of this session, oldest first, so follow-ups ("3pm on court B") complete the request. */
  history: z.array(ChatMessage).max(20),
  message: z.string().min(1).max(4000),
});
export const ParseResult = z.strictObject({ request: BookingRequest });

/** Step 2, availability (Anthropic tool use over check_availability). */
export const AvailabilityInput = z.strictObject({ request: BookingRequest.extend({ date: isoDate }) });
export const AvailabilityResult = z.strictObject({
  date: isoDate,
  /** Free slots matching the request (the requested time, else the whole day). */
  available: z.array(Slot),
  /** Nearest free slots when nothing matched the requested time. */
  alternatives: z.array(Slot),
  /** The booking service's explanation when it refused the check (a past date, beyond the window), else null. */
  refusal: z.string().nullable(),
});
export type AvailabilityResult = z.output<typeof AvailabilityResult>;

/** Step 3, booking (Bedrock Converse selects one candidate with a forced tool; code books it). */
export const BookingInput = z.strictObject({
  request: BookingRequest,
  candidates: z.array(Slot).min(1).max(50),
  /** Set by the orchestrator's code from the authenticated caller; never by a model. */
  user_id: userId,
});
export const BookingResult = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('booked'), booking: Booking, reason: z.string() }),
  /** The booking service said no (ALREADY_BOOKED when someone was faster): nothing was booked. */
  z.strictObject({ status: z.literal('refused'), slot_id: z.string(), code: z.string(), message: z.string() }),
]);
export type BookingResult = z.output<typeof BookingResult>;
