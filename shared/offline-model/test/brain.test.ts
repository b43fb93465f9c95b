import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decide, estimateTokens } from '../src/brain';
import { readToolResult } from '../src/brain/results';
import type { ModelDecision, ModelRequest, NeutralMessage, NeutralTool } from '../src/types';
import { AVAILABILITY_TOOL, DOMAIN_TOOLS, SYSTEM, booking, freeDay, request, slot, toolRound, user } from './brain-fixtures';

const SUNDAY = '2026-11-22';

function toolCall(decision: ModelDecision): { name: string; args: Record<string, unknown> } {
  if (decision.kind !== 'tool_calls') throw new Error(`expected a tool call, got ${JSON.stringify(decision)}`);
  expect(decision.calls).toHaveLength(1);
  return decision.calls[0]!;
}

function text(decision: ModelDecision): string {
  if (decision.kind !== 'text') throw new Error(`expected text, got ${JSON.stringify(decision)}`);
  return decision.text;
}

/** Runs the model against a scripted tool executor until it answers, like a pattern's loop. */
function runLoop(messages: NeutralMessage[], execute: (name: string, args: Record<string, unknown>) => unknown, tools = DOMAIN_TOOLS) {
  const calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  const history = [...messages];
  for (let i = 0; i < 6; i++) {
    const decision = decide(request(history, tools));
    if (decision.kind !== 'tool_calls') return { calls, answer: text(decision) };
    const next = toolCall(decision);
    calls.push(next);
    history.push(...toolRound(next.name, next.args, execute(next.name, next.args)));
  }
  throw new Error('the model did not stop calling tools');
}

/** A tiny booking service: every slot on SUNDAY free except `taken`. */
function service(taken: string[] = []) {
  return (name: string, args: Record<string, unknown>): unknown => {
    if (name === 'check_availability') {
      const day = freeDay(String(args.date), taken, args.time as string | undefined);
      if (args.time && day.available.length === 0) day.alternatives = freeDay(String(args.date), taken).available.slice(0, 3);
      return { ok: true, result: day };
    }
    const [date, court, time] = String(args.slot_id).split('_');
    if (taken.includes(String(args.slot_id)))
      return { ok: false, error: { code: 'ALREADY_BOOKED', message: 'That slot is already booked.' } };
    return { ok: true, result: booking(slot(date!, `Court ${court!.slice(-1)}`, `${time!.slice(0, 2)}:${time!.slice(2)}`)) };
  };
}

describe('decide: the tool loop', () => {
  it('checks, books and confirms in one loop', () => {
    const { calls, answer } = runLoop([user('Book court B tomorrow at 3pm')], service());
    expect(calls).toEqual([
      { name: 'check_availability', args: { date: SUNDAY, time: '15:00' } },
      { name: 'book', args: { slot_id: '2026-11-22_CourtB_1500' } },
    ]);
    expect(answer).toBe('Booked: Court B on Sunday 22 November at 15:00. Your booking id is bk_0001.');
  });

  it('merges a two-turn request: the day first, then time and court', () => {
    const first = decide(request([user("I'd like a court tomorrow")]));
    expect(toolCall(first)).toEqual({ name: 'check_availability', args: { date: SUNDAY } });
    const listed = runLoop([user("I'd like a court tomorrow")], service()).answer;
    expect(listed).toMatch(/Which time and court would you like\?$/);
    const { calls } = runLoop(
      [user("I'd like a court tomorrow"), { role: 'assistant', text: listed }, user('3pm on court B please')],
      service(),
    );
    expect(calls.at(-1)).toEqual({ name: 'book', args: { slot_id: '2026-11-22_CourtB_1500' } });
  });

  it('lists the afternoon without booking anything', () => {
    const { calls, answer } = runLoop([user("what's free tomorrow afternoon?")], service());
    expect(calls.map((c) => c.name)).toEqual(['check_availability']);
    expect(answer).toContain('Sunday 22 November in the afternoon');
    expect(answer).toContain('12:00: Court A, Court B, Court C');
    expect(answer).not.toContain('11:00');
    expect(answer).not.toContain('17:00');
  });

  it('offers alternatives when 15:00 is fully booked and books nothing', () => {
    const taken = ['Court A', 'Court B', 'Court C'].map((c) => slot(SUNDAY, c, '15:00').slot_id);
    const { calls, answer } = runLoop([user('book a court tomorrow at 3pm')], service(taken));
    expect(calls.map((c) => c.name)).toEqual(['check_availability']);
    expect(answer).toMatch(/^Sorry, nothing is free on Sunday 22 November at 15:00\. The nearest free slots are:/);
    expect(answer).toContain('1. Court A on Sunday 22 November at 08:00');
    expect(answer).toMatch(/Which one would you like\?$/);
  });

  it('books "the second one" from the list the assistant showed', () => {
    const shown =
      'Free courts on Sunday 22 November in the evening:\n1. 17:00: Court A\n2. 18:00: Court C\nWhich time and court would you like?';
    const { calls } = runLoop(
      [user('book something tomorrow evening'), { role: 'assistant', text: shown }, user('the second one')],
      service(),
    );
    expect(calls).toEqual([
      { name: 'check_availability', args: { date: SUNDAY, time: '18:00' } },
      { name: 'book', args: { slot_id: '2026-11-22_CourtC_1800' } },
    ]);
  });

  it('books the listed option a reply names by its court or its time ("court C then", "the 4pm one")', () => {
    const shown = 'Free courts on Sunday 22 November:\n1. 15:00: Court A, Court B, Court C\n2. 16:00: Court A\nWhich would you like?';
    const asked = [user('is anything free tomorrow afternoon?'), { role: 'assistant' as const, text: shown }];
    expect(runLoop([...asked, user('court C then')], service()).calls).toEqual([
      { name: 'check_availability', args: { date: SUNDAY, time: '15:00' } },
      { name: 'book', args: { slot_id: '2026-11-22_CourtC_1500' } },
    ]);
    expect(runLoop([...asked, user('the 4pm one')], service()).calls.at(-1)).toEqual({
      name: 'book',
      args: { slot_id: '2026-11-22_CourtA_1600' },
    });
    // A court the list does not name is no pick: the question stays a question.
    expect(runLoop([...asked, user('court D then')], service()).calls.map((c) => c.name)).not.toContain('book');
  });

  it('never puts another user into a tool argument', () => {
    const { calls, answer } = runLoop([user('book it for user bob tomorrow at 3pm on court A')], service());
    expect(calls.map((c) => c.name)).toEqual(['check_availability', 'book']);
    expect(JSON.stringify(calls)).not.toMatch(/bob/i);
    expect(answer).not.toMatch(/bob/i);
  });

  it('asks for the day when it is missing', () => {
    for (const phrase of ['book me a court', 'any slots free?', 'court B at 3pm please', 'can I get a court at 6pm?']) {
      const answer = text(decide(request([user(phrase)])));
      expect(answer, phrase).toMatch(/\?$/);
      expect(answer, phrase).toMatch(/which day/i);
    }
  });

  it('asks for a date instead of inventing one when the system prompt gives no today', () => {
    const req: ModelRequest = {
      model: 'm',
      messages: [{ role: 'system', text: 'You book courts.' }, user('tomorrow at 3pm please book')],
      tools: DOMAIN_TOOLS,
    };
    expect(text(decide(req))).toMatch(/which day/i);
  });

  it('answers small talk with what it can do', () => {
    expect(text(decide(request([user('hi')])))).toMatch(/check .*free.* book/i);
    expect(text(decide(request([user('what can you do?')])))).toMatch(/book/);
  });

  it('reports a slot taken between check and book, checking again once', () => {
    const taken = [slot(SUNDAY, 'Court B', '15:00').slot_id];
    const history = [
      user('book court B tomorrow at 3pm'),
      ...toolRound('check_availability', { date: SUNDAY, time: '15:00' }, freeDay(SUNDAY, [], '15:00')),
      ...toolRound('book', { slot_id: taken[0] }, { ok: false, error: { code: 'ALREADY_BOOKED', message: 'Already booked.' } }),
    ];
    expect(toolCall(decide(request(history)))).toEqual({ name: 'check_availability', args: { date: SUNDAY, time: '15:00' } });
    const rechecked = [...history, ...toolRound('check_availability', { date: SUNDAY, time: '15:00' }, freeDay(SUNDAY, taken, '15:00'))];
    const answer = text(decide(request(rechecked)));
    expect(answer).toContain('Court B is not free on Sunday 22 November at 15:00');
    expect(answer).toContain('1. Court A on Sunday 22 November at 15:00');
  });

  it('reads a call the user did not approve as not done, whether the result is text or a refusal: says nothing was booked', () => {
    const rejections = [
      'Tool execution was not approved.',
      'Not approved: the member said no to this booking, so it was not made.',
      { ok: false, error: { code: 'NOT_APPROVED', message: 'The member said no.' } },
      { ok: false, error: { code: 'REJECTED', message: 'Tool execution was not approved.' } },
    ];
    for (const rejection of rejections) {
      const history = [
        user('book court B tomorrow at 3pm'),
        ...toolRound('check_availability', { date: SUNDAY, time: '15:00' }, freeDay(SUNDAY, [], '15:00')),
        ...toolRound('book', { slot_id: '2026-11-22_CourtB_1500' }, rejection),
      ];
      const answer = text(decide(request(history)));
      expect(answer).toMatch(/have not booked it, so nothing was booked/);
      expect(readToolResult(typeof rejection === 'string' ? rejection : JSON.stringify(rejection)).kind).toBe('not_approved');
    }
  });

  it('relays other booking errors', () => {
    const history = [
      user('book court A today at 9am'),
      ...toolRound(
        'check_availability',
        { date: '2026-11-21', time: '09:00' },
        { ok: false, error: { code: 'IN_THE_PAST', message: 'That time has already passed.' } },
      ),
    ];
    expect(text(decide(request(history)))).toBe('Sorry, that did not work: That time has already passed.');
  });

  it('reads tool results given as plain text around JSON and as bare results', () => {
    const bare = freeDay(SUNDAY, [], '15:00');
    const history = [
      user('book tomorrow 3pm'),
      { role: 'assistant' as const, toolCalls: [{ id: 't1', name: 'check_availability', args: { date: SUNDAY, time: '15:00' } }] },
      { role: 'tool' as const, toolCallId: 't1', content: `Result: ${JSON.stringify(bare)}` },
    ];
    expect(toolCall(decide(request(history)))).toEqual({ name: 'book', args: { slot_id: '2026-11-22_CourtA_1500' } });
  });

  it('does not repeat a call that already happened with the same arguments', () => {
    const history = [
      user('what is free tomorrow?'),
      ...toolRound('check_availability', { date: SUNDAY }, { ok: true, result: freeDay(SUNDAY) }),
    ];
    expect(decide(request(history)).kind).toBe('text');
  });

  it('does not carry the time or court of a completed booking into the next request', () => {
    const history = [
      user('book court B tomorrow at 3pm'),
      { role: 'assistant' as const, text: 'Booked: Court B on Sunday 22 November at 15:00. Your booking id is bk_1.' },
      user('and one on monday please'),
    ];
    const args = toolCall(decide(request(history))).args;
    expect(args).toEqual({ date: '2026-11-23' });
  });
});

describe('decide: routing', () => {
  const delegate = (name: string, description: string): NeutralTool => ({
    name,
    description,
    parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
  });
  const DELEGATES = [
    delegate('availability_agent', 'Checks which courts are free'),
    delegate('booking_agent', 'Books a court for the user'),
  ];
  const handoff = (name: string): NeutralTool => ({ name, parameters: { type: 'object', properties: {} } });
  const HANDOFFS = [handoff('transfer_to_availability_agent'), handoff('transfer_to_booking_agent')];

  it('sends a booking with date and time to the booking delegate, in absolute terms', () => {
    const call = toolCall(decide(request([user('book court B tomorrow at 3pm for bob')], DELEGATES)));
    expect(call).toEqual({ name: 'booking_agent', args: { input: 'Book Court B on 2026-11-22 at 15:00 for the user.' } });
  });

  it('sends an availability question to the availability delegate and relays its answer', () => {
    const call = toolCall(decide(request([user('anything free tomorrow afternoon?')], DELEGATES)));
    expect(call).toEqual({ name: 'availability_agent', args: { input: 'Check availability on 2026-11-22 in the afternoon.' } });
    const answer = 'Court A is free at 13:00 on Sunday 22 November.';
    const history = [user('anything free tomorrow afternoon?'), ...toolRound(call.name, call.args, answer)];
    expect(text(decide(request(history, DELEGATES)))).toBe(answer);
  });

  it('asks the availability delegate for alternatives when the booking delegate reports the slot taken', () => {
    const booked = { input: 'Book Court B on 2026-11-22 at 15:00 for the user.' };
    const taken = { ok: false, error: { code: 'ALREADY_BOOKED', message: 'Court B at 15:00 on 2026-11-22 is already booked.' } };
    const history = [user('book court B tomorrow at 3pm'), ...toolRound('booking_agent', booked, taken)];
    const call = toolCall(decide(request(history, DELEGATES)));
    expect(call).toEqual({ name: 'availability_agent', args: { input: 'Check availability on 2026-11-22 at 15:00 for Court B.' } });
    const full = freeDay(
      SUNDAY,
      ['A', 'B', 'C'].map((c) => slot(SUNDAY, `Court ${c}`, '15:00').slot_id),
      '15:00',
    );
    full.alternatives = freeDay(SUNDAY, [], '16:00').available;
    const answer = text(decide(request([...history, ...toolRound(call.name, call.args, { ok: true, result: full })], DELEGATES)));
    expect(answer).toMatch(/nothing is free on Sunday 22 November at 15:00/);
    expect(answer).toContain('16:00');
  });

  it('hands off by intent when it only has handoffs', () => {
    expect(toolCall(decide(request([user('book court A tomorrow at 10')], HANDOFFS))).name).toBe('transfer_to_booking_agent');
    expect(toolCall(decide(request([user('what is free on monday?')], HANDOFFS))).name).toBe('transfer_to_availability_agent');
    expect(decide(request([user('hello')], HANDOFFS)).kind).toBe('text');
  });

  it('lets a specialist without the book tool hand the booking on', () => {
    const tools = [AVAILABILITY_TOOL, handoff('transfer_to_booking_agent')];
    const history = [
      user('book court A tomorrow at 10am'),
      ...toolRound('check_availability', { date: SUNDAY, time: '10:00' }, freeDay(SUNDAY, [], '10:00')),
    ];
    expect(toolCall(decide(request(history, tools))).name).toBe('transfer_to_booking_agent');
  });
});

describe('decide: structured output and task prompts', () => {
  const PARSE_SCHEMA = {
    type: 'object',
    properties: {
      intent: { type: 'string', enum: ['book', 'check_availability', 'other'] },
      date: { type: ['string', 'null'], description: 'YYYY-MM-DD' },
      time: { type: ['string', 'null'] },
      court: { anyOf: [{ type: 'string', enum: ['Court A', 'Court B', 'Court C'] }, { type: 'null' }] },
      part_of_day: { type: ['string', 'null'], enum: ['morning', 'afternoon', 'evening', null] },
      slot_choice: { type: ['integer', 'null'] },
      confirmed: { type: 'boolean' },
      missing: { type: 'array', items: { type: 'string' } },
      user_id: { type: ['string', 'null'] },
    },
    required: ['intent', 'date', 'time', 'court', 'part_of_day', 'slot_choice', 'confirmed', 'missing', 'user_id'],
    additionalProperties: false,
  };

  const parse = (messages: NeutralMessage[]) =>
    decide(request(messages, [], { output: { kind: 'json_schema', name: 'parse', schema: PARSE_SCHEMA } }));

  it('fills a parse schema that validates', () => {
    const decision = parse([user('book crt b tomorow at 3 pm for user bob')]);
    expect(decision.kind).toBe('json');
    const value = z.fromJSONSchema(PARSE_SCHEMA as never).parse((decision as { value: unknown }).value);
    expect(value).toEqual({
      intent: 'book',
      date: SUNDAY,
      time: '15:00',
      court: 'Court B',
      part_of_day: null,
      slot_choice: null,
      confirmed: false,
      missing: [],
      user_id: null,
    });
  });

  it('reports what is missing and maps intents onto the enum', () => {
    const value = (parse([user('anything free in the evening?')]) as { value: Record<string, unknown> }).value;
    expect(value).toMatchObject({ intent: 'check_availability', date: null, part_of_day: 'evening', missing: ['date'] });
    z.fromJSONSchema(PARSE_SCHEMA as never).parse(value);
  });

  it('selects the best slot from JSON a workflow step embedded in the prompt', () => {
    const slots = [slot(SUNDAY, 'Court A', '14:00'), slot(SUNDAY, 'Court C', '16:00'), slot(SUNDAY, 'Court B', '17:00')];
    const schema = {
      type: 'object',
      properties: { slot_id: { type: 'string' }, reason: { type: 'string' } },
      required: ['slot_id', 'reason'],
    };
    const prompt = `Select the best slot for these preferences: ${JSON.stringify({ date: SUNDAY, time: '16:00', court: 'Court B' })}\nSlots: ${JSON.stringify(slots)}`;
    const decision = decide(request([user(prompt)], [], { output: { kind: 'json_schema', schema } }));
    const value = z.fromJSONSchema(schema as never).parse((decision as { value: unknown }).value) as { slot_id: string };
    expect(value.slot_id).toBe('2026-11-22_CourtC_1600');
  });

  it('fills a forced tool from its schema', () => {
    const selectSlot: NeutralTool = {
      name: 'select_slot',
      description: 'Pick one of the offered slots',
      parameters: {
        type: 'object',
        properties: { slot_id: { type: 'string' }, reason: { type: 'string' } },
        required: ['slot_id', 'reason'],
      },
    };
    const prompt = `Preferences: {"time":"3pm"} Slots: ${JSON.stringify([slot(SUNDAY, 'Court A', '10:00'), slot(SUNDAY, 'Court B', '14:00')])}`;
    const call = toolCall(decide(request([user(prompt)], [selectSlot], { toolChoice: { name: 'select_slot' } })));
    expect(call.args.slot_id).toBe('2026-11-22_CourtB_1400');
  });

  it('writes a confirmation for a booking embedded in the prompt', () => {
    const booked = booking(slot(SUNDAY, 'Court C', '18:00'));
    const answer = text(decide(request([user(`Write a short confirmation for this booking: ${JSON.stringify(booked)}`)], [])));
    expect(answer).toBe('Booked: Court C on Sunday 22 November at 18:00. Your booking id is bk_0001.');
  });

  it('returns intent, date, time and court for a json_object request', () => {
    const decision = decide(request([user('court A on monday at noon')], [], { output: { kind: 'json_object' } }));
    expect(decision).toEqual({ kind: 'json', value: { intent: 'unknown', date: '2026-11-23', time: '12:00', court: 'Court A' } });
  });

  it('honours toolChoice none and required', () => {
    expect(decide(request([user('book court B tomorrow at 3pm')], DOMAIN_TOOLS, { toolChoice: 'none' })).kind).toBe('text');
    expect(toolCall(decide(request([user('hi')], DOMAIN_TOOLS, { toolChoice: 'required' }))).name).toBe('check_availability');
  });

  it('rejects a forced tool that is not offered', () => {
    expect(() => decide(request([user('hi')], DOMAIN_TOOLS, { toolChoice: { name: 'nope' } }))).toThrow(/not among the offered tools/);
  });
});

describe('decide: faults', () => {
  const start = [user('book court B tomorrow at 3pm')];
  const checked = [...start, ...toolRound('check_availability', { date: SUNDAY, time: '15:00' }, freeDay(SUNDAY, [], '15:00'))];

  it('invalid_tool_args sends a relative date and a 12h time', () => {
    expect(toolCall(decide(request(start), { fault: 'invalid_tool_args' })).args).toEqual({ date: 'tomorrow', time: '3pm' });
  });

  it('hallucinated_slot books a slot never seen in any result', () => {
    const call = toolCall(decide(request(checked), { fault: 'hallucinated_slot' }));
    expect(call.name).toBe('book');
    expect(JSON.stringify(checked)).not.toContain(String(call.args.slot_id));
  });

  it('endless_tools never answers', () => {
    const booked = [...checked, ...toolRound('book', { slot_id: '2026-11-22_CourtB_1500' }, booking(slot(SUNDAY, 'Court B', '15:00')))];
    expect(toolCall(decide(request(booked), { fault: 'endless_tools' })).name).toBe('check_availability');
  });
});

describe('decide: determinism and tokens', () => {
  it('gives the same decision for the same request', () => {
    const req = request([user("what's free tomorrow afternoon?"), ...toolRound('check_availability', { date: SUNDAY }, freeDay(SUNDAY))]);
    expect(decide(structuredClone(req))).toEqual(decide(structuredClone(req)));
  });

  it('estimates about four characters per token', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens(SYSTEM.role === 'system' ? SYSTEM.text : '')).toBeGreaterThan(20);
  });
});

describe('readToolResult: plain-text tool answers', () => {
  it('reads slot ids one per line, or comma separated, as a listing', () => {
    expect(readToolResult('2026-11-22_CourtA_1500\n2026-11-22_CourtB_1600')).toEqual({
      kind: 'availability',
      result: {
        date: SUNDAY,
        available: [
          { slot_id: '2026-11-22_CourtA_1500', date: SUNDAY, time: '15:00', court: 'Court A' },
          { slot_id: '2026-11-22_CourtB_1600', date: SUNDAY, time: '16:00', court: 'Court B' },
        ],
        alternatives: [],
      },
    });
    expect(readToolResult('Free slots:\n- 2026-11-22_A_0900, 2026-11-22_B_0900')).toMatchObject({
      kind: 'availability',
      result: {
        available: [
          { court: 'Court A', time: '09:00' },
          { court: 'Court B', time: '09:00' },
        ],
      },
    });
  });

  it('reads "No slots available" as an empty listing and a confirmation with an id as a booking', () => {
    expect(readToolResult('No slots available')).toEqual({ kind: 'availability', result: { date: '', available: [], alternatives: [] } });
    expect(readToolResult('Booked 2026-11-22_CourtA_1500. Booking id: BK-7')).toMatchObject({
      kind: 'booking',
      booking: { booking_id: 'BK-7', slot_id: '2026-11-22_CourtA_1500', court: 'Court A', time: '15:00' },
    });
  });

  it('keeps failures and prose as text, even when they name a slot id', () => {
    for (const said of [
      'Error: 2026-11-22_CourtA_1500 is not available',
      'Slot 2026-11-22_CourtA_1500 is already booked',
      'Booked 2026-11-22_CourtA_1500',
      'Last updated 2026-11-22T15:00',
      'The best match is Court A on Sunday 22 November at 15:00 (slot 2026-11-22_CourtA_1500).',
      'Sorry, nothing is free on Sunday 22 November at 15:00. There are no free slots nearby. Would you like to try another day?',
    ]) {
      expect(readToolResult(said)).toEqual({ kind: 'text', text: said });
    }
  });
});
