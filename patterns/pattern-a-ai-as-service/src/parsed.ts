/**
 * What the one LLM call per turn returns: the user's message turned into fields. Nothing else
 * is asked of the model; every decision is made by code from these fields.
 */
import { PARTS_OF_DAY } from '@tennis/booking-service';
import * as z from 'zod';

// Strict structured output needs every field present, so "not said" is null rather than absent.
export const ParsedMessage = z.object({
  intent: z
    .enum(['book', 'check_availability', 'other'])
    .describe(
      'book: wants a court booked (including picking an offered slot); check_availability: only asks what is free; other: anything else',
    ),
  date: z.string().nullable().describe("The day meant, as an absolute date YYYY-MM-DD resolved against today's date; null if not said"),
  time: z.string().nullable().describe('The start time meant, 24h HH:MM (3pm -> 15:00); null if not said'),
  court: z.string().nullable().describe('The court named, spelt as the club does (e.g. "Court B"); null if not said'),
  part_of_day: z.enum(PARTS_OF_DAY).nullable().describe('Part of the day named, if any'),
  choice: z
    .number()
    .int()
    .nullable()
    .describe(
      'When the user picks from the numbered options we offered: its 1-based number ("the second one" -> 2, "the last one" -> -1); else null',
    ),
  confirmation: z.boolean().nullable().describe('true if the user says yes to our question, false if no, else null'),
});
export type ParsedMessage = z.infer<typeof ParsedMessage>;
