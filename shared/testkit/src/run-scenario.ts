/**
 * Executes a Scenario against a TestApp and checks its expectations.
 * playScenario reports failures (for the compare script); runScenario throws on the first report.
 */
import type { Booking, BookingService } from '@tennis/booking-service';
import type { ChatResult, TestApp } from './app';
import type { AnswerCheck, ExpectedBooking, Scenario, ScenarioSetup, ScenarioTurn } from './scenarios';
import { mentionsCourt, mentionsTime, timesMentioned } from './text';

export interface TurnRun {
  message: string;
  result: ChatResult;
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

function describeBooking(b: ExpectedBooking | null | undefined): string {
  return b ? `${b.court ?? 'any court'} ${b.date} ${b.time} for ${b.user_id}` : 'none';
}

function matchesExpected(actual: Booking, expected: ExpectedBooking): boolean {
  return (
    actual.date === expected.date &&
    actual.time === expected.time &&
    actual.user_id === expected.user_id &&
    (expected.court === undefined || actual.court === expected.court)
  );
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
      return timesMentioned(answer).some((t) => t !== check.than)
        ? undefined
        : `answer offers no time other than ${check.than}`;
    case 'asks_or_lists':
      return answer.includes('?') || timesMentioned(answer).length >= 2
        ? undefined
        : 'answer neither asks a question nor lists options';
  }
}

/** Failures of one turn, judged from the HTTP result and the store before and after it. */
function checkTurn(turn: ScenarioTurn, result: ChatResult, before: Booking[], after: Booking[]): string[] {
  if (!result.ok) return [`HTTP ${result.status}: ${result.body.error.code} ${result.body.error.message}`];
  const { booking, response } = result.body;
  const failures: string[] = [];
  const added = after.filter((b) => !before.some((old) => old.booking_id === b.booking_id));
  if (turn.booking === null) {
    if (booking !== null) failures.push(`expected no booking, the turn reported ${describeBooking(booking)}`);
    if (added.length > 0) failures.push(`expected no booking, the store gained ${added.map(describeBooking).join('; ')}`);
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
  return failures;
}

export async function playScenario(app: TestApp, scenario: Scenario): Promise<ScenarioRun> {
  if (scenario.setup) await applySetup(app.bookings, scenario.setup);
  const run: ScenarioRun = { scenario, turns: [], failures: [] };
  let sessionId: string | undefined;
  for (const [i, turn] of scenario.turns.entries()) {
    const before = await app.listBookings();
    const result = await app.chat(turn.message, { userId: scenario.userId, sessionId });
    run.turns.push({ message: turn.message, result });
    const failures = checkTurn(turn, result, before, await app.listBookings());
    run.failures.push(...failures.map((f) => `turn ${i + 1} ("${turn.message}"): ${f}`));
    if (!result.ok) break;
    sessionId = result.body.session_id;
  }
  const all = await app.listBookings();
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
export async function runScenario(app: TestApp, scenario: Scenario): Promise<ScenarioRun> {
  const run = await playScenario(app, scenario);
  if (run.failures.length > 0) throw new ScenarioFailedError(run);
  return run;
}
