/**
 * Step 1, parse: OpenAI structured output reads the message against the request so far and the options
 * last offered; code merges it (the contract's mergeRequest). The model fills fields, code decides.
 */
import type { BookingService } from '@tennis/booking-service';
import { mergeRequest, numbered, ParsedMessage, type StepInput, type StepOutput } from '@tennis/pattern-b/contract';
import { clubFacts, dateContext, UpstreamError } from '@tennis/runtime';
import type OpenAI from 'openai';
import { standardResponseFormat } from 'openai/helpers/standard-schema';

/** The structured output the parse call asks for, built once (it converts the zod schema to JSON Schema). */
const PARSE_FORMAT = standardResponseFormat(ParsedMessage, 'booking_request');

export interface ParseDeps {
  openai: OpenAI;
  model: string;
  bookings: BookingService;
}

const instructions = (bookings: BookingService, { earlier, offered }: StepInput<'parse'>): string =>
  [
    'You read what a tennis club member wants. You do not answer the member.',
    dateContext(bookings),
    clubFacts(bookings),
    'Dates are absolute YYYY-MM-DD (work out "tomorrow" from today), times 24h HH:MM. Use null for anything not said.',
    'Never fill in a user or member name: bookings are always for the person talking.',
    ...(earlier ? [`The member's request so far (keep these unless the new message changes them): ${JSON.stringify(earlier)}`] : []),
    ...(offered.length > 0 ? [`We just offered these numbered options: ${numbered(offered).join('; ')}.`] : []),
  ].join('\n');

export function createParseStep({ openai, model, bookings }: ParseDeps) {
  return async (input: StepInput<'parse'>): Promise<StepOutput<'parse'>> => {
    const completion = await openai.chat.completions.parse({
      model,
      messages: [
        { role: 'system', content: instructions(bookings, input) },
        { role: 'user', content: input.message },
      ],
      response_format: PARSE_FORMAT,
    });
    const parsed = completion.choices[0]?.message.parsed;
    if (!parsed) throw new UpstreamError('bad_upstream', 'The model returned no booking request.');
    return { request: mergeRequest(input.earlier, parsed, input.offered) };
  };
}
