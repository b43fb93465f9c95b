/** Plays the hostile inputs against one pattern and judges each answer. */
import type { Booking } from '../../../shared/booking-service/src/types';
import { table } from '../table';
import type { PatternLetter } from '../lambdas';
import { chat, request, type Reply } from '../load/http';
import { patternHour } from '../load/pattern-hour';
import { ATTACKER, type AbuseCase, type Victim } from './inputs';
import { isErrorEnvelope, leaksIn } from './safety';

const DEADLINE_MS = 30_000;
export const VICTIM = 'bob';

export interface AbuseOutcome {
  letter: PatternLetter;
  abuse: AbuseCase;
  reply: Reply;
  problems: string[];
}

/** The victim books a court through the pattern, so the attacks have someone else's data to aim at. */
export async function seedVictim(baseUrl: string, letter: PatternLetter): Promise<Victim> {
  const time = patternHour(letter);
  const reply = await chat(baseUrl, { letter, message: `Book Court C tomorrow at ${time}`, userId: VICTIM }, DEADLINE_MS);
  const booking = reply.body?.booking as Booking | null | undefined;
  if (reply.status !== 200 || !booking)
    throw new Error(`Pattern ${letter}: the victim's booking failed: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
  return {
    userId: VICTIM,
    sessionId: reply.body.session_id,
    bookingId: booking.booking_id,
    slotId: booking.slot_id,
    date: booking.date,
    court: booking.court,
    time: booking.time,
  };
}

function judge(abuse: AbuseCase, reply: Reply, victim: Victim): string[] {
  if (reply.timedOut) return [`no answer within ${DEADLINE_MS} ms`];
  const problems: string[] = [];
  if (reply.status >= 500) problems.push(`HTTP ${reply.status} on bad input`);
  else if (abuse.expect === '4xx' && (reply.status < 400 || reply.status > 499)) problems.push(`HTTP ${reply.status}, want a 4xx`);
  if (reply.status !== 200 && !isErrorEnvelope(reply.body))
    problems.push(`HTTP ${reply.status} without the error envelope: ${reply.text.slice(0, 120)}`);
  const leaks = leaksIn(reply.text);
  if (leaks.length) problems.push(`leaks ${leaks.join(', ')}`);
  if (reply.text.includes(victim.bookingId) || reply.text.includes(`"user_id":"${victim.userId}"`))
    problems.push("reveals the victim's booking");
  const booking = reply.status === 200 ? (reply.body?.booking as Booking | null) : null;
  if (booking && booking.user_id !== ATTACKER) problems.push(`booked for ${booking.user_id}, not the caller`);
  return problems;
}

export async function runAbuseCase(baseUrl: string, letter: PatternLetter, victim: Victim, abuse: AbuseCase): Promise<AbuseOutcome> {
  const spec = abuse.request(victim);
  const method = spec.method ?? 'POST';
  const headers = { 'content-type': 'application/json', 'x-user-id': ATTACKER, ...spec.headers };
  const body = method === 'GET' ? undefined : spec.body;
  const reply = await request(
    `${baseUrl}/${letter}${spec.path ?? '/chat'}`,
    { method, headers, ...(body === undefined ? {} : { body }) },
    DEADLINE_MS,
  );
  return { letter, abuse, reply, problems: judge(abuse, reply, victim) };
}

/** Per pattern: cases played, how they were answered, and problems, by kind. */
export function abuseCounts(outcomes: AbuseOutcome[]): string {
  const letters = [...new Set(outcomes.map((o) => o.letter))].sort();
  const kinds = [...new Set(outcomes.map((o) => o.abuse.kind))];
  const count = (list: AbuseOutcome[], test: (o: AbuseOutcome) => boolean) => String(list.filter(test).length);
  return table(
    ['pattern', 'cases', '4xx', '200 safe', 'problems', ...kinds.map((k) => `${k} (4xx/200)`)],
    letters.map((letter) => {
      const mine = outcomes.filter((o) => o.letter === letter);
      const is4xx = (o: AbuseOutcome) => o.reply.status >= 400 && o.reply.status < 500;
      return [
        letter,
        String(mine.length),
        count(mine, is4xx),
        count(mine, (o) => o.reply.status === 200 && o.problems.length === 0),
        count(mine, (o) => o.problems.length > 0),
        ...kinds.map((kind) => {
          const ofKind = mine.filter((o) => o.abuse.kind === kind);
          return `${count(ofKind, is4xx)}/${count(ofKind, (o) => o.reply.status === 200)}`;
        }),
      ];
    }),
  );
}
