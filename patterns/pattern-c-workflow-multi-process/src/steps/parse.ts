/**
 * Step 1, parse: OpenAI structured output turns the conversation into a BookingRequest.
 * Discriminative work only: the model fills fields, code decides what happens next.
 */
import type { BookingService } from '@tennis/booking-service';
import { clubFacts, dateContext, UpstreamError } from '@tennis/runtime';
import type OpenAI from 'openai';
import { standardResponseFormat } from 'openai/helpers/standard-schema';
import type { z } from 'zod';
import { BookingRequest, type ParseInput, type ParseResult } from '../payloads';

/** The structured output the parse call asks for, built once (it converts the zod schema to JSON Schema). */
const PARSE_FORMAT = standardResponseFormat(BookingRequest, 'booking_request');

export interface ParseDeps {
  openai: OpenAI;
  model: string;
  bookings: BookingService;
}

const instructions = (bookings: BookingService): string =>
  [
    'You read what a tennis club member wants. Fill every field from the whole conversation; later messages override earlier ones.',
    dateContext(bookings),
    clubFacts(bookings),
    'Dates are absolute YYYY-MM-DD (work out "tomorrow" from today), times 24h HH:MM. Use null for anything not said.',
    'Never fill in a user or member name: bookings are always for the person talking.',
  ].join('\n');

export function createParseStep({ openai, model, bookings }: ParseDeps) {
  return async ({ history, message }: z.output<typeof ParseInput>): Promise<z.input<typeof ParseResult>> => {
    const completion = await openai.chat.completions.parse({
      model,
      messages: [
        { role: 'system', content: instructions(bookings) },
        ...history.map((m) => ({ role: m.role, content: m.text })),
        { role: 'user', content: message },
      ],
      response_format: PARSE_FORMAT,
    });
    const parsed = completion.choices[0]?.message.parsed;
    if (!parsed) throw new UpstreamError('bad_upstream', 'The model returned no booking request.');
    return { request: parsed };
  };
}
