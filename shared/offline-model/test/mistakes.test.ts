/**
 * Model error profiles: the spec parser, the seeded draws, and each kind of mistake applied by the brain where
 * the request offers the chance (tools, structured output, free text), and only there.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../src/brain';
import { createOfflineEngine, MISTAKES_HEADER } from '../src/engine';
import {
  MODEL_ERROR_MODES,
  MODEL_ERROR_PROFILES,
  ModelErrorPlan,
  ModelErrorSpecError,
  parseModelErrors,
  parseModelSeed,
  type ModelErrorMode,
} from '../src/model-errors';
import type { ModelDecision, NeutralMessage, NeutralTool } from '../src/types';
import { booking, DOMAIN_TOOLS, freeDay, request, slot, toolRound, user } from './brain-fixtures';

const SUNDAY = '2026-11-22';
const only = (...modes: ModelErrorMode[]) => ({ errors: new Set(modes) });
const none = { errors: new Set<ModelErrorMode>() };

function call(decision: ModelDecision) {
  if (decision.kind !== 'tool_calls') throw new Error(`expected a tool call, got ${JSON.stringify(decision)}`);
  return decision.calls[0]!;
}

const checked = (date = SUNDAY, time = '15:00'): NeutralMessage[] =>
  toolRound('check_availability', { date, time }, { ok: true, result: freeDay(date, [], time) });

describe('OFFLINE_MODEL_ERRORS spec', () => {
  it('reads profiles, entries, and a profile overridden by entries', () => {
    expect(parseModelErrors('')).toEqual({});
    expect(parseModelErrors('none')).toEqual({});
    expect(parseModelErrors('realistic')).toEqual(MODEL_ERROR_PROFILES.realistic);
    expect(parseModelErrors('false_claim:rate=0.2; wrong_date:rate=.05')).toEqual({ false_claim: 0.2, wrong_date: 0.05 });
    expect(parseModelErrors('harsh;false_claim:rate=0')).toMatchObject({ false_claim: 0, wrong_date: 0.15 });
  });

  it.each([
    ['sloppy', /entry "sloppy": unknown profile or mode "sloppy"/],
    ['typo:rate=0.1', /unknown mode "typo"/],
    ['false_claim:rate=2', /rate must be a number from 0 to 1, got "2"/],
    ['false_claim:rate=-0.1', /rate must be a number from 0 to 1/],
    ['false_claim:rate=abc', /rate must be a number from 0 to 1/],
    ['false_claim', /false_claim needs a rate/],
    ['false_claim:odds=0.1', /unknown option "odds"/],
  ])('rejects %s, naming the entry and listing the valid modes', (spec, problem) => {
    expect(() => parseModelErrors(spec)).toThrow(ModelErrorSpecError);
    expect(() => parseModelErrors(spec)).toThrow(problem);
    expect(() => parseModelErrors(spec)).toThrow(`Modes: ${MODEL_ERROR_MODES.join(', ')}`);
  });

  it('takes a whole-number seed only', () => {
    expect(parseModelSeed('42')).toBe(42);
    expect(() => parseModelSeed('forty-two')).toThrow(/whole number/);
    expect(() => parseModelSeed('1.5')).toThrow(/whole number/);
  });
});

describe('seeded draws', () => {
  const draws = (seed: number, vendor = 'openai', n = 200) => {
    const plan = new ModelErrorPlan(MODEL_ERROR_PROFILES.harsh, seed);
    return Array.from({ length: n }, () => [...plan.next(vendor)].join(','));
  };

  it('repeat call for call with the same seed, and differ with another seed or vendor', () => {
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
    expect(draws(7, 'anthropic')).not.toEqual(draws(7, 'openai'));
  });

  it('apply each mode at about its rate, and nothing without a profile', () => {
    const plan = new ModelErrorPlan({ false_claim: 0.3 }, 3);
    const hits = Array.from({ length: 2000 }, () => plan.next('openai').has('false_claim')).filter(Boolean).length;
    expect(hits / 2000).toBeGreaterThan(0.25);
    expect(hits / 2000).toBeLessThan(0.35);
    expect(new ModelErrorPlan({}, 3).next('openai').size).toBe(0);
  });

  it('are named in the response header of the engine', async () => {
    const engine = createOfflineEngine({ modelErrors: { false_claim: 1 }, seed: 1 });
    const system = 'Today is Saturday 2026-11-21 and the time is 14:05 in Europe/London.';
    const body = JSON.stringify({
      model: 'm',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: 'Book tomorrow at 3pm' },
      ],
    });
    const reply = await engine.handle({ method: 'POST', path: '/v1/chat/completions', body, vendorHint: 'openai' });
    expect(reply.headers[MISTAKES_HEADER]).toBe('false_claim');
    expect(JSON.parse(reply.body).choices[0].message.content).toMatch(/^Booked: Court A on Sunday \d+ \w+ at 15:00/);
  });
});

describe('each mistake, where the request offers it', () => {
  it('without a drawn mistake, the decision is the competent one and names no mistake', () => {
    const decision = decide(request([user('Book tomorrow at 3pm')]), none);
    expect(call(decision)).toEqual({ name: 'check_availability', args: { date: SUNDAY, time: '15:00' } });
    expect(decision.errors).toBeUndefined();
  });

  it('wrong_date reads the date a day late, and the model then books from its own (wrong) check', () => {
    const first = decide(request([user('Book tomorrow at 3pm')]), only('wrong_date'));
    expect(call(first).args).toEqual({ date: '2026-11-23', time: '15:00' });
    expect(first.errors).toEqual(['wrong_date']);
    const second = decide(request([user('Book tomorrow at 3pm'), ...checked('2026-11-23')]), only('wrong_date'));
    expect(call(second)).toEqual({ name: 'book', args: { slot_id: '2026-11-23_CourtA_1500' } });
    expect(second.errors).toBeUndefined();
  });

  it('swapped_ampm turns 3pm into 03:00', () => {
    expect(call(decide(request([user('Book tomorrow at 3pm')]), only('swapped_ampm'))).args).toEqual({ date: SUNDAY, time: '03:00' });
  });

  it('wrong_court books another court than the one named, and does nothing when none was named', () => {
    const named = decide(request([user('Book court B tomorrow at 3pm'), ...checked()]), only('wrong_court'));
    expect(call(named).args).toEqual({ slot_id: '2026-11-22_CourtC_1500' });
    const unnamed = decide(request([user('Book tomorrow at 3pm'), ...checked()]), only('wrong_court'));
    expect(unnamed.errors).toBeUndefined();
  });

  it('unchecked_booking books a guessed slot id instead of checking first, shaped like an example it has seen', () => {
    const decision = decide(request([user('Book court B tomorrow at 3pm')]), only('unchecked_booking'));
    expect(call(decision)).toEqual({ name: 'book', args: { slot_id: '2026-11-22 15:00' } });
    const described = { ...DOMAIN_TOOLS[1]!, description: 'Book a slot, e.g. slot_id 2026-11-30_CourtA_0900.' };
    const guessed = decide(request([user('Book court B tomorrow at 3pm')], [DOMAIN_TOOLS[0]!, described]), only('unchecked_booking'));
    expect(call(guessed)).toEqual({ name: 'book', args: { slot_id: '2026-11-22_CourtB_1500' } });
    // Only where a book tool is offered: with the availability tool alone there is nothing to book with.
    expect(decide(request([user('Book court B tomorrow at 3pm')], [DOMAIN_TOOLS[0]!]), only('unchecked_booking')).errors).toBeUndefined();
  });

  it('book_on_question books when the member only asked what is free', () => {
    const messages = [
      user('Is anything free tomorrow afternoon?'),
      ...toolRound('check_availability', { date: SUNDAY }, { ok: true, result: freeDay(SUNDAY) }),
    ];
    expect(call(decide(request(messages), only('book_on_question'))).name).toBe('book');
    expect(decide(request(messages), none).kind).toBe('text');
  });

  it('skipped_tool answers without the check it needed', () => {
    const decision = decide(request([user('Book tomorrow at 3pm')]), only('skipped_tool'));
    expect(decision).toMatchObject({ kind: 'text', errors: ['skipped_tool'] });
  });

  it('false_claim claims a booking that was never made, or misreports one that was', () => {
    const unmade = decide(request([user('Book tomorrow at 3pm'), ...checked()]), only('false_claim'));
    expect(unmade).toMatchObject({ kind: 'text', errors: ['false_claim'] });
    if (unmade.kind === 'text') expect(unmade.text).toMatch(/^Booked: Court A on Sunday 22 November at 15:00\. Your booking id is bk_/);
    const made = booking(slot(SUNDAY, 'Court A', '15:00'));
    const after = [user('Book tomorrow at 3pm'), ...checked(), ...toolRound('book', { slot_id: made.slot_id }, { ok: true, result: made })];
    const misreported = decide(request(after), only('false_claim'));
    if (misreported.kind !== 'text') throw new Error('expected text');
    expect(misreported.text).toContain('at 16:00');
    // A question is never turned into a claim.
    expect(decide(request([user('What is free tomorrow?')], []), only('false_claim')).errors).toBeUndefined();
  });

  it('malformed_args sends arguments that break the tool schema', () => {
    expect(call(decide(request([user('Book tomorrow at 3pm')]), only('malformed_args'))).args).toEqual({ date: 'tomorrow', time: 3 });
  });

  it('missing_field leaves a required property out of structured output', () => {
    const schema = {
      type: 'object',
      properties: { intent: { type: 'string' }, date: { type: 'string' }, time: { type: 'string' } },
      required: ['intent', 'date', 'time'],
    };
    const decision = decide(
      request([user('Book tomorrow at 3pm')], [], { output: { kind: 'json_schema', schema } }),
      only('missing_field'),
    );
    expect(decision).toMatchObject({ kind: 'json', errors: ['missing_field'] });
    if (decision.kind === 'json') expect(Object.keys(decision.value as object)).toEqual(['date', 'time']);
  });

  it('forgot_history reads only the latest message', () => {
    const messages: NeutralMessage[] = [
      user("I'd like a court tomorrow"),
      { role: 'assistant', text: 'Which time?' },
      user('3pm on court B please'),
    ];
    expect(call(decide(request(messages), none)).args).toEqual({ date: SUNDAY, time: '15:00' });
    const forgot = decide(request(messages), only('forgot_history'));
    expect(forgot).toMatchObject({ kind: 'text', errors: ['forgot_history'] });
  });

  it('repeat_tool calls the same tool again, and once stuck keeps repeating', () => {
    const once = decide(request([user('What is free tomorrow at 3pm?'), ...checked()]), only('repeat_tool'));
    expect(call(once)).toEqual({ name: 'check_availability', args: { date: SUNDAY, time: '15:00' } });
    const stuck = decide(request([user('What is free tomorrow at 3pm?'), ...checked(), ...checked()]), none);
    expect(call(stuck).name).toBe('check_availability');
    expect(stuck.errors).toEqual(['repeat_tool']);
  });

  it('chooses mistakes from what the request offers, whatever tool names the caller uses', () => {
    const renamed: NeutralTool[] = [
      { ...DOMAIN_TOOLS[0]!, name: 'search_free_slots' },
      { ...DOMAIN_TOOLS[1]!, name: 'make_booking', description: 'Make a booking of a slot (slot_id like 2026-11-30_CourtA_0900).' },
    ];
    const decision = decide(request([user('Book court B tomorrow at 3pm')], renamed), only('unchecked_booking'));
    expect(call(decision)).toEqual({ name: 'make_booking', args: { slot_id: '2026-11-22_CourtB_1500' } });
  });
});
