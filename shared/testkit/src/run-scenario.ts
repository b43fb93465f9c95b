/**
 * Executes a Scenario against a TestApp and checks its expectations.
 * playScenario reports failures (for the compare script); runScenario throws on the first report.
 */
import type { Booking, BookingService } from '@tennis/booking-service';
import type { PendingApproval } from '@tennis/runtime';
import type { ChatResult, TestApp } from './app';
import { addedBetween, describeBooking, judgeTurn, matchesExpected, type TurnJudgement } from './judge';
import type { AnswerCheck, Scenario, ScenarioSetup, ScenarioTurn } from './scenarios';
import { mentionsCourt, mentionsTime, timesMentioned } from './text';

/**
 * What a scenario is played against: a pattern in this process (TestApp) or one hosted elsewhere
 * (the compare script's local Lambda runtime), as long as the booking store can be read and seeded.
 */
export type ScenarioTarget = Pick<TestApp, 'bookings' | 'listBookings' | 'chat'>;

export interface TurnRun {
  message: string;
  /** With a simulated member (PlayOptions.member): its reply to the approval this turn asked for. */
  memberReply?: 'yes' | 'no';
  /** The turn's outcome: the member's reply's result when there was one, else the message's. */
  result: ChatResult;
  /** Wall-clock time of the request, as the caller saw it. */
  ms: number;
  /** The robustness judge's verdict on this turn (wrong or missed booking, false claim, unhandled error). */
  judgement: TurnJudgement;
}

export interface ScenarioRun {
  scenario: Scenario;
  turns: TurnRun[];
  /** Human-readable reasons the scenario failed; empty when it passed. */
  failures: string[];
}

/** Books every free court at the setup's date and time for another user, through the real service. */
async function applySetup(bookings: BookingService, setup: ScenarioSetup): Promise<void> {
  const { date, time, byUser } = setup.fill;
  const { available } = await bookings.checkAvailability({ date, time });
  for (const slot of available) await bookings.book({ slot_id: slot.slot_id }, { userId: byUser });
}

function checkAnswer(check: AnswerCheck, answer: string, booked: Booking | null): string | undefined {
  switch (check.kind) {
    case 'mentions_time':
      return mentionsTime(answer, check.time) ? undefined : `answer does not mention ${check.time}`;
    case 'mentions_booked_court':
      if (!booked) return 'answer should name the booked court, but nothing was booked';
      return mentionsCourt(answer, booked.court) ? undefined : `answer does not name the booked court (${booked.court})`;
    case 'mentions_time_between': {
      const inRange = timesMentioned(answer).filter((t) => t >= check.from && t <= check.to);
      return inRange.length > 0 ? undefined : `answer mentions no time between ${check.from} and ${check.to}`;
    }
    case 'mentions_other_time':
      return timesMentioned(answer).some((t) => t !== check.than) ? undefined : `answer offers no time other than ${check.than}`;
    case 'asks_or_lists':
      return answer.includes('?') || timesMentioned(answer).length >= 2 ? undefined : 'answer neither asks a question nor lists options';
    case 'mentions':
      return answer.toLowerCase().includes(check.text.toLowerCase()) ? undefined : `answer does not mention "${check.text}"`;
    case 'matches':
      return new RegExp(check.pattern, 'i').test(answer) ? undefined : `answer does not match /${check.pattern}/i`;
  }
}

/** A turn expected to fail: the right status, an error body, and nothing booked. */
function checkErrorTurn(expected: number, result: ChatResult, added: Booking[]): string[] {
  const failures: string[] = [];
  if (result.status !== expected) failures.push(`expected HTTP ${expected}, got ${result.status}`);
  if (result.ok) failures.push(`expected an error body, got the answer "${result.body.response}"`);
  else if (!result.body.error?.code || !result.body.error.message) failures.push('the error body has no code or message');
  if (added.length > 0) failures.push(`expected no booking, the store gained ${added.map(describeBooking).join('; ')}`);
  return failures;
}

/** The approval a turn left pending, against the one it must leave (when the turn says). */
function checkPending(turn: ScenarioTurn, result: ChatResult): string[] {
  if (turn.pending === undefined || !result.ok) return [];
  const actual = result.body.pending_approval ?? null;
  const expected = turn.pending;
  if (expected === null) return actual ? [`expected no pending approval, the turn asks about ${actual.slot_id}`] : [];
  const fits =
    actual &&
    actual.date === expected.date &&
    actual.time === expected.time &&
    (expected.court === undefined || actual.court === expected.court);
  return fits
    ? []
    : [
        `expected a pending approval of ${expected.court ?? 'any court'} ${expected.date} ${expected.time}, got ${actual?.slot_id ?? 'none'}`,
      ];
}

/** Failures of one turn, judged from the HTTP result and the store before and after it. */
function checkTurn(turn: ScenarioTurn, result: ChatResult, before: Booking[], after: Booking[]): string[] {
  const added = addedBetween(before, after);
  const expectedStatus = turn.status ?? 200;
  if (expectedStatus !== 200) return checkErrorTurn(expectedStatus, result, added);
  if (!result.ok) return [`HTTP ${result.status}: ${result.body.error.code} ${result.body.error.message}`];
  const { booking, response } = result.body;
  const failures: string[] = [];
  if (turn.booking === null) {
    if (booking !== null) failures.push(`expected no booking, the turn reported ${describeBooking(booking)}`);
    if (added.length > 0) failures.push(`expected no booking, the store gained ${added.map(describeBooking).join('; ')}`);
  } else if (turn.booking.optional && booking === null && added.length === 0) {
    // Nothing booked is an acceptable outcome here; only a wrong booking is a failure.
  } else {
    const expected = turn.booking;
    if (!booking || !matchesExpected(booking, expected)) {
      failures.push(`expected booking ${describeBooking(expected)}, the turn reported ${describeBooking(booking)}`);
    } else if (!after.some((b) => b.booking_id === booking.booking_id && matchesExpected(b, expected))) {
      failures.push(`the reported booking ${booking.booking_id} is not in the store`);
    }
  }
  for (const check of turn.answer) {
    const problem = checkAnswer(check, response, booking);
    if (problem) failures.push(problem);
  }
  return [...failures, ...checkPending(turn, result)];
}

export interface PlayOptions {
  /**
   * "approves-asked-slot": a simulated member answers every approval question (REQUIRE_CONFIRMATION) the
   * moment it is asked: "yes" when the pending slot is the booking the turn asks for, else "no". The turn is
   * then judged on the store after the reply and on the reply's answer. Without it, only the scenario's own
   * turns are sent.
   */
  member?: 'approves-asked-slot';
}

/** The simulated member's answer to an approval question: yes only to the slot this turn asked for. */
export function memberReply(turn: ScenarioTurn, pending: PendingApproval): 'yes' | 'no' {
  const wanted = turn.booking;
  const asked =
    wanted &&
    pending.date === wanted.date &&
    pending.time === wanted.time &&
    (wanted.court === undefined || pending.court === wanted.court);
  return asked ? 'yes' : 'no';
}

export async function playScenario(app: ScenarioTarget, scenario: Scenario, options: PlayOptions = {}): Promise<ScenarioRun> {
  if (scenario.setup) await applySetup(app.bookings, scenario.setup);
  const run: ScenarioRun = { scenario, turns: [], failures: [] };
  let sessionId: string | undefined;
  // One store read per turn: what a turn left is what the next one starts from.
  let bookings = await app.listBookings();
  for (const [i, turn] of scenario.turns.entries()) {
    if (turn.setup) {
      await applySetup(app.bookings, turn.setup);
      bookings = await app.listBookings();
    }
    const before = bookings;
    const userId = turn.user ?? scenario.userId;
    const started = performance.now();
    let result = await app.chat(turn.message, { userId, sessionId });
    let reply: 'yes' | 'no' | undefined;
    const pending = result.ok ? result.body.pending_approval : null;
    if (options.member && result.ok && pending) {
      reply = memberReply(turn, pending);
      result = await app.chat(reply, { userId, sessionId: result.body.session_id });
    }
    const ms = performance.now() - started;
    bookings = await app.listBookings();
    run.turns.push({
      message: turn.message,
      ...(reply ? { memberReply: reply } : {}),
      result,
      ms,
      judgement: judgeTurn(turn, userId, result, before, bookings),
    });
    const failures = checkTurn(turn, result, before, bookings);
    run.failures.push(...failures.map((f) => `turn ${i + 1} ("${turn.message}"): ${f}`));
    // An error the scenario expected (another user's "yes": 404) leaves the conversation to go on.
    if (!result.ok && result.status !== (turn.status ?? 200)) break;
    if (result.ok) sessionId = result.body.session_id;
  }
  const all = bookings;
  for (const user of scenario.usersWithoutBookings ?? []) {
    const owned = all.filter((b) => b.user_id === user);
    if (owned.length > 0) run.failures.push(`${user} must own no booking, but owns ${owned.map(describeBooking).join('; ')}`);
  }
  return run;
}

/** Thrown by runScenario; the message lists every failure and the answers given. */
export class ScenarioFailedError extends Error {
  constructor(run: ScenarioRun) {
    const answers = run.turns.map((t) => `  > ${t.message}\n  < ${answerText(t.result)}`).join('\n');
    super(`Scenario "${run.scenario.name}" failed:\n- ${run.failures.join('\n- ')}\nConversation:\n${answers}`);
    this.name = 'ScenarioFailedError';
  }
}

function answerText(result: ChatResult): string {
  return result.ok ? result.body.response : `HTTP ${result.status} ${JSON.stringify(result.body)}`;
}

/** Plays the scenario and throws ScenarioFailedError unless every expectation held. */
export async function runScenario(app: ScenarioTarget, scenario: Scenario, options: PlayOptions = {}): Promise<ScenarioRun> {
  const run = await playScenario(app, scenario, options);
  if (run.failures.length > 0) throw new ScenarioFailedError(run);
  return run;
}
