/**
 * The fault suite's cases and one pattern's run through a case: a booking turn that meets the fault,
 * then normal turns until one books (the service, and the session when one survives, recover).
 */
import type { Booking } from '../../../shared/booking-service/src/types';
import { isErrorEnvelope, leaksIn } from '../abuse/safety';
import { table } from '../table';
import type { PatternLetter } from '../lambdas';
import { chat, type Reply } from './http';
import { patternHour } from './pattern-hour';

export interface FaultCase {
  name: string;
  /** OFFLINE_FAULTS for the whole server; `times` lets the fault clear so recovery can be checked. */
  faults: string;
}

/**
 * `times` counts per model client, and a multi-Lambda pattern has one per function process, so a
 * fault can outlive the first turn there: recovery is allowed a few turns (RECOVERY_TURNS).
 */
export const FAULT_CASES: readonly FaultCase[] = [
  { name: '429', faults: 'http_429:times=2' },
  { name: '500', faults: 'http_500:times=2' },
  { name: 'timeout', faults: 'timeout:times=2' },
  { name: 'malformed output', faults: 'malformed_json:times=1' },
  { name: 'hallucinated slot', faults: 'hallucinated_slot:times=1' },
  { name: 'endless tools', faults: 'endless_tools:times=12' },
];

/** Small budgets so every fault resolves fast: one retry, 300 ms model timeout, 4 loop turns. */
export const FAULT_ENV = {
  LLM_TIMEOUT_MS: '300',
  LLM_MAX_RETRIES: '1',
  MAX_MODEL_CALLS: '4',
} as const;

/** A turn still running after this is "unbounded": the suite fails. */
export const TURN_DEADLINE_MS = 30_000;
export const RECOVERY_TURNS = 4;
const USER = 'alice';
const ALLOWED_STATUSES = new Set([200, 502, 503, 504]);

export interface FaultOutcome {
  letter: PatternLetter;
  fault: string;
  faultTurn: Reply;
  /** Problems found; empty when the pattern handled the fault well. */
  problems: string[];
  /** Normal turns it took until one booked (0: never within RECOVERY_TURNS). */
  recoveredAfter: number;
  /** Bookings announced by 200 replies, for the store cross-check. */
  announced: Booking[];
}

function replyProblems(reply: Reply, what: string): string[] {
  if (reply.timedOut) return [`${what}: no answer within ${TURN_DEADLINE_MS} ms (unbounded)`];
  const problems: string[] = [];
  if (!ALLOWED_STATUSES.has(reply.status)) problems.push(`${what}: HTTP ${reply.status} (want 200 or 502/503/504)`);
  if (reply.status !== 200 && !isErrorEnvelope(reply.body)) problems.push(`${what}: HTTP ${reply.status} without the error envelope`);
  if (reply.status === 200 && !(typeof reply.body?.response === 'string' && reply.body.response.trim()))
    problems.push(`${what}: empty answer`);
  const leaks = leaksIn(reply.text);
  if (leaks.length) problems.push(`${what}: leaks ${leaks.join(', ')}`);
  const booking = reply.status === 200 ? (reply.body?.booking as Booking | null) : null;
  if (booking && booking.user_id !== USER) problems.push(`${what}: booked for ${booking.user_id}, not the caller`);
  if (booking && !['Court A', 'Court B', 'Court C'].includes(booking.court))
    problems.push(`${what}: booked a court that does not exist (${booking.court})`);
  return problems;
}

function bookingOf(reply: Reply): Booking | null {
  return reply.status === 200 ? ((reply.body?.booking as Booking | null) ?? null) : null;
}

export async function runFaultCase(baseUrl: string, letter: PatternLetter, fault: FaultCase): Promise<FaultOutcome> {
  const hour = patternHour(letter);
  const faultTurn = await chat(baseUrl, { letter, message: `Book Court A tomorrow at ${hour}`, userId: USER }, TURN_DEADLINE_MS);
  const problems = replyProblems(faultTurn, 'fault turn');
  const announced = [bookingOf(faultTurn)].filter((b): b is Booking => b !== null);
  let sessionId: string | undefined = faultTurn.status === 200 ? faultTurn.body.session_id : undefined;
  let recoveredAfter = 0;
  for (let turn = 1; turn <= RECOVERY_TURNS && !recoveredAfter; turn++) {
    const reply = await chat(
      baseUrl,
      { letter, message: `Book Court B tomorrow at ${hour}`, userId: USER, ...(sessionId ? { sessionId } : {}) },
      TURN_DEADLINE_MS,
    );
    problems.push(...replyProblems(reply, `recovery turn ${turn}`));
    const booking = bookingOf(reply);
    if (booking) announced.push(booking);
    if (booking?.court === 'Court B') recoveredAfter = turn;
    // A failed turn saves nothing, so the session (if any) is still the one to continue.
    if (reply.status === 200) sessionId = reply.body.session_id;
  }
  if (!recoveredAfter) problems.push(`no normal turn booked within ${RECOVERY_TURNS} turns after the fault`);
  return { letter, fault: fault.name, faultTurn, problems, recoveredAfter, announced };
}

function cell(outcome: FaultOutcome): string {
  const turn = outcome.faultTurn;
  const first = turn.timedOut
    ? 'HUNG'
    : turn.status === 200
      ? bookingOf(turn)
        ? '200 booked'
        : '200 answer'
      : `${turn.status} ${turn.body?.error?.code ?? ''}`.trim();
  const recovery = outcome.recoveredAfter ? `ok@${outcome.recoveredAfter}` : 'NOT RECOVERED';
  return `${first}, ${Math.round(turn.ms)}ms, ${recovery}${outcome.problems.length ? ' !' : ''}`;
}

/** Rows: patterns; columns: faults; cell: first answer, its time, and the turn that booked again. */
export function faultTable(outcomes: FaultOutcome[]): string {
  const letters = [...new Set(outcomes.map((o) => o.letter))];
  const faults = [...new Set(outcomes.map((o) => o.fault))];
  const find = (letter: string, fault: string) => outcomes.find((o) => o.letter === letter && o.fault === fault);
  return table(
    ['pattern', ...faults],
    letters.map((letter) => [
      letter,
      ...faults.map((fault) => {
        const outcome = find(letter, fault);
        return outcome ? cell(outcome) : '-';
      }),
    ]),
  );
}
