/**
 * The two load runs: per-pattern throughput at fixed concurrency, and a booking storm of many
 * concurrent chats over a few slots across every pattern, checked against the shared store.
 */
import type { Booking } from '../../../shared/booking-service/src/types';
import { table } from '../table';
import type { PatternLetter } from '../lambdas';
import { runLoad, type LoadResult } from './generator';
import { chat, type Reply } from './http';
import type { Target } from './target';

/** A full turn that reads the store and changes nothing, so every call costs the same. */
export const THROUGHPUT_MESSAGE = 'Is Court B free tomorrow at 15:00?';

/** One client's deadline; a call past it counts as an error, so a hung turn cannot stall a run. */
const CALL_DEADLINE_MS = 60_000;

export interface ThroughputRow extends LoadResult {
  letter: PatternLetter;
}

export async function throughput(
  target: Target,
  letter: PatternLetter,
  concurrency: number,
  requests: number,
  maxMs: number,
): Promise<ThroughputRow> {
  const result = await runLoad({ concurrency, requests, maxMs }, async (i) => {
    const reply = await chat(target.url, { letter, message: THROUGHPUT_MESSAGE, userId: `load-${i % 50}` }, CALL_DEADLINE_MS);
    return reply.status;
  });
  return { letter, ...result };
}

/** Every hosted pattern at each client count, one after another, `requestsPerClient` calls per client (scaled). */
export async function throughputRuns(
  target: Target,
  clientCounts: number[],
  requestsPerClient: number,
  maxMs: number,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const letter of target.patterns) {
    for (const clients of clientCounts)
      rows.push(await throughput(target, letter, clients, Math.max(clients, Math.round(clients * requestsPerClient)), maxMs));
  }
  return rows;
}

export function throughputTable(rows: ThroughputRow[]): string {
  return table(
    ['pattern', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'stopped by'],
    rows.map((r) => [
      r.letter,
      String(r.concurrency),
      String(r.completed),
      r.rps.toFixed(1),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      String(r.errors),
      r.stoppedByTime ? 'time' : 'count',
    ]),
  );
}

export interface StormSlot {
  court: string;
  time: string;
}

/** Ten slots tomorrow: Courts A and B from 10:00 to 14:00. */
export const STORM_SLOTS: readonly StormSlot[] = ['Court A', 'Court B'].flatMap((court) =>
  ['10:00', '11:00', '12:00', '13:00', '14:00'].map((time) => ({ court, time })),
);

export interface StormResult {
  chats: number;
  replies: Reply[];
  /** Every booking in the shared store after the storm. */
  stored: Booking[];
  /** Distinct booking ids that some 200 reply announced. */
  announced: Map<string, Booking>;
  elapsedMs: number;
}

/** `chats` users at once, each asking to book one of the storm slots, round-robin over `letters`. */
export async function bookingStorm(target: Target, letters: PatternLetter[], chats: number): Promise<StormResult> {
  const started = performance.now();
  const replies = await Promise.all(
    Array.from({ length: chats }, (_, i) => {
      const slot = STORM_SLOTS[i % STORM_SLOTS.length]!;
      const letter = letters[i % letters.length]!;
      return chat(target.url, { letter, message: `Book ${slot.court} tomorrow at ${slot.time}`, userId: `storm-${i}` }, CALL_DEADLINE_MS);
    }),
  );
  const elapsedMs = performance.now() - started;
  const announced = new Map<string, Booking>();
  for (const reply of replies) {
    const booking = reply.status === 200 ? (reply.body?.booking as Booking | null) : null;
    if (booking) announced.set(booking.booking_id, booking);
  }
  return { chats, replies, stored: await target.bookings(), announced, elapsedMs };
}

/** What went wrong in a storm: failed chats, a slot booked twice or not at all, a booking announced in vain. */
export function stormProblems(storm: StormResult): string[] {
  const problems = storm.replies
    .filter((r) => r.status !== 200)
    .map((r) => `chat failed: ${r.timedOut ? 'no answer' : `HTTP ${r.status}`} ${r.text.slice(0, 160)}`);
  const wanted = new Set(STORM_SLOTS.map((s) => `${s.court} ${s.time}`));
  const booked = storm.stored.map((b) => `${b.court} ${b.time}`);
  if (storm.stored.length !== STORM_SLOTS.length)
    problems.push(`${storm.stored.length} bookings in the store, want exactly ${STORM_SLOTS.length}`);
  for (const slot of booked) if (!wanted.has(slot)) problems.push(`booked a slot outside the storm: ${slot}`);
  for (const slot of wanted) if (!booked.includes(slot)) problems.push(`storm slot never booked: ${slot}`);
  const stored = new Map(storm.stored.map((b) => [b.booking_id, b]));
  for (const booking of storm.announced.values()) {
    if (stored.get(booking.booking_id)?.user_id !== booking.user_id)
      problems.push(`announced ${booking.booking_id} for ${booking.user_id}, not in the store`);
  }
  return problems;
}

export function stormSummary(storm: StormResult): string {
  const statuses: Record<string, number> = {};
  for (const r of storm.replies) {
    const key = r.timedOut ? 'no answer' : String(r.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const byStatus = Object.entries(statuses)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  return (
    `storm: ${storm.chats} concurrent booking chats over ${STORM_SLOTS.length} slots in ${(storm.elapsedMs / 1000).toFixed(1)} s ` +
    `(${byStatus}); bookings in the store: ${storm.stored.length}; distinct bookings announced: ${storm.announced.size}`
  );
}
