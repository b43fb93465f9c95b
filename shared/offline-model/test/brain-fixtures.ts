/** Neutral requests and tool results for the brain tests, shaped like the booking service's real output. */
import type { AvailabilityResult, Booking, Slot } from '../../booking-service/src/types';
import type { ModelRequest, NeutralMessage, NeutralTool } from '../src/types';

export const SYSTEM: NeutralMessage = {
  role: 'system',
  text: 'You book tennis courts. Today is Saturday 2026-11-21 and the time is 14:05 in Europe/London. Courts: Court A, Court B, Court C.',
};

export const AVAILABILITY_TOOL: NeutralTool = {
  name: 'check_availability',
  description: 'List free court slots on a date, optionally at one time.',
  parameters: {
    type: 'object',
    properties: { date: { type: 'string', description: 'YYYY-MM-DD' }, time: { type: 'string', description: 'HH:MM' } },
    required: ['date'],
  },
};

export const BOOK_TOOL: NeutralTool = {
  name: 'book',
  description: 'Book a slot by the slot_id returned from check_availability.',
  parameters: { type: 'object', properties: { slot_id: { type: 'string' } }, required: ['slot_id'] },
};

export const DOMAIN_TOOLS = [AVAILABILITY_TOOL, BOOK_TOOL];

export function slot(date: string, court: string, time: string): Slot {
  return { slot_id: `${date}_${court.replace(' ', '')}_${time.replace(':', '')}`, court, date, time };
}

/** Every court free at every hour of the day, minus the taken slot ids. */
export function freeDay(date: string, taken: string[] = [], time?: string): AvailabilityResult {
  const hours = Array.from({ length: 14 }, (_, i) => `${String(8 + i).padStart(2, '0')}:00`);
  const all = hours.flatMap((h) => ['Court A', 'Court B', 'Court C'].map((c) => slot(date, c, h)));
  const free = all.filter((s) => !taken.includes(s.slot_id));
  return { date, ...(time ? { time } : {}), available: free.filter((s) => !time || s.time === time), alternatives: [] };
}

export function booking(s: Slot): Booking {
  return { booking_id: 'bk_0001', ...s, user_id: 'alice', created_at: '2026-11-21T14:05:00.000Z' };
}

let callCounter = 0;

/** An assistant tool call followed by its result, as two neutral messages. */
export function toolRound(name: string, args: Record<string, unknown>, result: unknown): NeutralMessage[] {
  const id = `call_${++callCounter}`;
  return [
    { role: 'assistant', toolCalls: [{ id, name, args }] },
    { role: 'tool', toolCallId: id, name, content: JSON.stringify(result) },
  ];
}

export function request(messages: NeutralMessage[], tools: NeutralTool[] = DOMAIN_TOOLS, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { model: 'offline', messages: [SYSTEM, ...messages], tools, ...extra };
}

export const user = (text: string): NeutralMessage => ({ role: 'user', text });
