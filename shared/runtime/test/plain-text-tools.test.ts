/**
 * A caller that is not this project: a hand-written tool loop over the real Anthropic SDK, whose tools
 * answer in plain text the way a small Python service does (one slot id per line, "No slots
 * available", "Booked <slot id>. Booking id: <id>"). The offline model must read those answers as a
 * model would and book, with no JSON anywhere.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createOfflineFetch } from '@tennis/offline-model/transports';
import { describe, expect, it } from 'vitest';

const SYSTEM = 'You book tennis courts for club members. Today is Saturday 2026-11-21 and the time is 10:00 in Europe/London.';
const MAX_STEPS = 6;

const TOOLS: Anthropic.Tool[] = [
  {
    name: 'check_availability',
    description: 'List the free slots on a day, one slot id per line.',
    input_schema: { type: 'object', properties: { date: { type: 'string', description: 'YYYY-MM-DD' } }, required: ['date'] },
  },
  {
    name: 'book_court',
    description: 'Book a court by its slot id.',
    input_schema: { type: 'object', properties: { slot_id: { type: 'string' } }, required: ['slot_id'] },
  },
];

/** The plain-text club: slot ids "YYYY-MM-DD_CourtX_HHMM", 08:00-21:00 on courts A and B, tomorrow only. */
function textClub(taken: string[] = []) {
  const free = new Set<string>();
  for (let hour = 8; hour <= 21; hour++) {
    for (const court of ['A', 'B']) free.add(`2026-11-22_Court${court}_${String(hour).padStart(2, '0')}00`);
  }
  for (const id of taken) free.delete(id);
  const booked: string[] = [];
  const calls: string[] = [];
  const run = (name: string, input: Record<string, unknown>): string => {
    calls.push(name);
    if (name === 'check_availability') {
      const ids = [...free].filter((id) => id.startsWith(`${String(input.date)}_`)).sort();
      return ids.length > 0 ? ids.join('\n') : 'No slots available';
    }
    const id = String(input.slot_id);
    if (!free.delete(id)) return `Error: ${id} is not available`;
    booked.push(id);
    return `Booked ${id}. Booking id: BK-${booked.length}`;
  };
  return { run, booked, calls };
}

async function converse(userText: string, club: ReturnType<typeof textClub>): Promise<string> {
  const client = new Anthropic({ apiKey: 'offline', fetch: createOfflineFetch() });
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: userText }];
  for (let step = 0; step < MAX_STEPS; step++) {
    const res = await client.messages.create({ model: 'claude-offline', max_tokens: 1024, system: SYSTEM, messages, tools: TOOLS });
    messages.push({ role: 'assistant', content: res.content });
    if (res.stop_reason !== 'tool_use') return res.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
    const results: Anthropic.ToolResultBlockParam[] = res.content.flatMap((block) =>
      block.type === 'tool_use'
        ? [{ type: 'tool_result' as const, tool_use_id: block.id, content: club.run(block.name, block.input as Record<string, unknown>) }]
        : [],
    );
    messages.push({ role: 'user', content: results });
  }
  throw new Error(`no answer after ${MAX_STEPS} steps`);
}

describe('offline model with tools that answer in plain text', () => {
  it('reads one slot id per line and books the requested one', async () => {
    const club = textClub();
    const answer = await converse('Book tomorrow at 3pm', club);
    expect(club.calls).toEqual(['check_availability', 'book_court']);
    expect(club.booked).toEqual(['2026-11-22_CourtA_1500']);
    expect(answer).toMatch(/Court A on Sunday 22 November at 15:00/);
    expect(answer).toContain('BK-1');
  });

  it('books the named court from the listing, with the time said in words', async () => {
    const club = textClub();
    const answer = await converse('Could you book court B tomorrow at three in the afternoon?', club);
    expect(club.booked).toEqual(['2026-11-22_CourtB_1500']);
    expect(answer).toContain('Court B');
  });

  it('offers other times when the listing lacks the requested one, and books nothing', async () => {
    const club = textClub(['2026-11-22_CourtA_1500', '2026-11-22_CourtB_1500']);
    const answer = await converse('Book tomorrow at 3pm', club);
    expect(club.booked).toEqual([]);
    expect(answer).toMatch(/14:00/);
    expect(answer).toMatch(/16:00/);
  });

  it('never rounds a time between slots: a quarter to six gets the nearest slots, not a booking', async () => {
    const club = textClub();
    const answer = await converse('Book tomorrow at a quarter to six', club);
    expect(club.calls).toEqual(['check_availability']);
    expect(club.booked).toEqual([]);
    expect(answer).toMatch(/17:45/);
    expect(answer).toMatch(/17:00[\s\S]*18:00|18:00[\s\S]*17:00/);
  });

  it('reads "No slots available" as an empty day and books nothing', async () => {
    const club = textClub();
    const answer = await converse('Book a court on Monday at 3pm', club);
    expect(club.calls).toEqual(['check_availability']);
    expect(club.booked).toEqual([]);
    expect(answer).toMatch(/nothing is free on Monday 23 November/i);
  });
});
