/**
 * The two tools every pattern offers, written once in zod. Vendor formats are derived from these
 * schemas (converters.ts, agents-tools.ts); executeTool is the one place tool calls are validated.
 */
import * as z from 'zod';
import { isBookingError } from './errors';
import type { BookingService } from './service';
import type { AvailabilityResult, Booking, ToolContext, ToolOutcome } from './types';

/** zod 4 reports a missing key as "expected string, received undefined"; say "is required" instead. */
const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a string (${what})`) });

const checkAvailabilityParameters = z.strictObject({
  date: requiredString('YYYY-MM-DD')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an absolute date in YYYY-MM-DD format, e.g. 2026-11-22')
    .describe("Day to check, absolute ISO date YYYY-MM-DD in the club's time zone (work out 'tomorrow' etc. from today's date)."),
  time: z
    .string({ error: 'must be a string (24h HH:MM)' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24h time in HH:MM format, e.g. 15:00')
    .optional()
    .describe('Optional start time, 24h HH:MM on the hour (e.g. 15:00). Omit it (or send null) to list the whole day.'),
});

const bookParameters = z.strictObject({
  slot_id: requiredString('a slot id')
    .min(1, 'must not be empty')
    .describe('The slot_id exactly as returned by check_availability, e.g. 2026-11-22_CourtB_1500.'),
});

export type CheckAvailabilityArgs = z.output<typeof checkAvailabilityParameters>;
export type BookArgs = z.output<typeof bookParameters>;

/** A tool: its schema for models, and how to run it once the arguments are valid. */
function defineTool<const Name extends string, Parameters extends z.ZodObject, Result>(
  name: Name,
  description: string,
  parameters: Parameters,
  run: (service: BookingService, args: z.output<Parameters>, ctx: ToolContext) => Promise<Result>,
) {
  return {
    name,
    description,
    parameters,
    /** Validates the model's arguments and runs the tool; bad input and booking rules come back as `{ ok: false }`. */
    async execute(service: BookingService, rawArgs: unknown, ctx: ToolContext): Promise<ToolOutcome<Result>> {
      const checked = checkArguments(name, parameters, rawArgs);
      if (!checked.ok) return checked;
      try {
        return { ok: true, result: await run(service, checked.args, ctx) };
      } catch (error) {
        if (isBookingError(error)) return { ok: false, error: { code: error.code, message: error.message } };
        throw error;
      }
    },
  };
}

export const bookingTools = [
  defineTool(
    'check_availability',
    'List the free tennis court slots for one day, optionally at one start time. Slots are one hour long. ' +
      'When nothing is free at the requested time, `alternatives` holds the nearest free slots. ' +
      'Each slot has a slot_id: pass it unchanged to book.',
    checkAvailabilityParameters,
    (service, args) => service.checkAvailability(args),
  ),
  defineTool(
    'book',
    'Book one court slot for the current user. Use a slot_id from a check_availability result; never invent one. ' +
      'The booking is always made for the signed-in user, so the tool takes no user. ' +
      'Booking the same slot again returns the same booking.',
    bookParameters,
    (service, args, ctx) => service.book(args, ctx),
  ),
] as const;

export type BookingTool = (typeof bookingTools)[number];
export type BookingToolName = BookingTool['name'];

/** What each tool returns when it succeeds. */
export interface BookingToolResults {
  check_availability: AvailabilityResult;
  book: Booking;
}

/** What tool `N` comes back with: its own result type for a booking tool, nothing typed for any other name. */
export type BookingToolOutcome<N extends string> = ToolOutcome<N extends BookingToolName ? BookingToolResults[N] : unknown>;

/**
 * One tool call and its outcome, typed by the tool's name: after `call.name === 'book' && call.outcome.ok`,
 * `call.outcome.result` is a Booking. A name that is no booking tool (a model's guess) can only have failed.
 */
export type BookingToolCall =
  | { [N in BookingToolName]: { name: N; outcome: BookingToolOutcome<N> } }[BookingToolName]
  | { name: string; outcome: ToolOutcome<never> };

/** Pairs an outcome with the name it was run under (executeTool's outcome for that name), typed by that name. */
export function toolCall(name: string, outcome: ToolOutcome): BookingToolCall {
  // executeTool runs the tool named `name`, so the outcome is that tool's (or a failure for an unknown name).
  return { name, outcome } as BookingToolCall;
}

export function findBookingTool(name: string): BookingTool | undefined {
  return bookingTools.find((tool) => tool.name === name);
}

/**
 * Runs a tool call from a model. `rawArgs` is the model's arguments, as an object or a JSON string.
 * The user comes only from `ctx`; argument keys the schema does not declare (a "user_id", say) are
 * rejected, so a model can never book for someone else. Never throws for bad input or a booking
 * rule: those come back as `{ ok: false }` for the model to explain.
 */
export async function executeTool<N extends string>(
  service: BookingService,
  name: N,
  rawArgs: unknown,
  ctx: ToolContext,
): Promise<BookingToolOutcome<N>> {
  const tool = findBookingTool(name);
  // Each tool's execute returns its BookingToolResults entry; TypeScript cannot relate the looked-up tool to N.
  return (tool ? tool.execute(service, rawArgs, ctx) : unknownTool(name)) as Promise<BookingToolOutcome<N>>;
}

type InvalidInput = { ok: false; error: { code: 'INVALID_INPUT'; message: string } };

function invalid(message: string): InvalidInput {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}

function unknownTool(name: string): InvalidInput {
  return invalid(`Unknown tool "${name}". Available tools: ${bookingTools.map((tool) => tool.name).join(', ')}.`);
}

function checkArguments<Parameters extends z.ZodObject>(
  name: string,
  parameters: Parameters,
  rawArgs: unknown,
): { ok: true; args: z.output<Parameters> } | InvalidInput {
  const args = parseArguments(rawArgs);
  if (args === undefined) return invalid(`Arguments for ${name} must be a JSON object.`);
  const parsed = parameters.safeParse(withoutNulls(args));
  return parsed.success ? { ok: true, args: parsed.data } : invalid(`Invalid arguments for ${name}: ${describeIssues(parsed.error)}.`);
}

/** Objects pass through; strings (Chat Completions sends arguments as JSON text) are parsed. */
function parseArguments(rawArgs: unknown): Record<string, unknown> | undefined {
  let value = rawArgs ?? {};
  if (typeof value === 'string') {
    try {
      value = value.trim() === '' ? {} : JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Strict vendor formats send optional fields as null; null means "not given". */
function withoutNulls(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null));
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (not accepted by this tool)`
        : `${issue.path.join('.') || 'arguments'} ${issue.message}`,
    )
    .join('; ');
}

/** One line for traces: "3 free slots on 2026-11-22 at 15:00", "booked Court B 2026-11-22 15:00", "ALREADY_BOOKED". */
export function summarizeOutcome(name: string, outcome: ToolOutcome): string {
  if (!outcome.ok) return outcome.error.code;
  if (name === 'book' && isBooking(outcome.result)) {
    const booking = outcome.result;
    return `booked ${booking.court} ${booking.date} ${booking.time}`;
  }
  if (name === 'check_availability' && isAvailability(outcome.result)) {
    const { available, alternatives, date, time } = outcome.result;
    const when = `on ${date}${time ? ` at ${time}` : ''}`;
    const summary = `${count(available.length, 'free slot')} ${when}`;
    return alternatives.length > 0 ? `${summary}, ${count(alternatives.length, 'alternative')}` : summary;
  }
  return 'ok';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// Outcomes may arrive as JSON from another Lambda, so check the shape rather than trust the name.
function isBooking(value: unknown): value is Booking {
  return typeof value === 'object' && value !== null && 'booking_id' in value && 'court' in value;
}

function isAvailability(value: unknown): value is AvailabilityResult {
  return typeof value === 'object' && value !== null && 'available' in value && 'alternatives' in value;
}
