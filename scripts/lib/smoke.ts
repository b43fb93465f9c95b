/**
 * The smoke check behind `pnpm smoke`: a short, safe part of the scenario suite against one running API
 * (a deployed stack, or `pnpm dev` at http://127.0.0.1:3000/<letter>). Health, an availability question,
 * a two-turn booking of one slot 12 days ahead, and an identity check. The booking is real: it is made
 * for a fresh test user id (smoke-<random>), and the slot is printed before it is asked for.
 *
 * What cannot be checked at all (unreachable URL, not this product, a refused token) stops the run at
 * once with a message that says which: a SmokeStop.
 */
import { randomBytes } from 'node:crypto';
import { timesMentioned } from '../../shared/testkit/src/text';
import { PATTERNS, type PatternLetter } from './lambdas';

export type StopReason = 'unreachable' | 'not-this-product' | 'auth';

/** A failure that makes every further check pointless; its message is written for the user. */
export class SmokeStop extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
    this.name = 'SmokeStop';
  }
}

export interface SmokeOptions {
  /** The API's base URL: <api_endpoint>, or http://127.0.0.1:3000/<letter> for pnpm dev. */
  url: string;
  /** Fail unless the API serves this pattern. */
  pattern?: PatternLetter;
  /** Sent as `Authorization: Bearer <token>` on every request. */
  token?: string;
  /** The test user (default smoke-<random>), sent as X-User-Id. */
  userId?: string;
  /** "Today" for the booking date (default: now). */
  now?: Date;
  /** Hour of the booked slot (default: random from 08 to 21), so repeated runs rarely meet. */
  hour?: number;
  log?: (line: string) => void;
  healthTimeoutMs?: number;
  chatTimeoutMs?: number;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}

export interface SmokeReport {
  ok: boolean;
  checks: CheckResult[];
}

/** Days ahead of the booked slot: inside the club's 14-day window in any time zone, and far from today's traffic. */
export const SLOT_DAYS_AHEAD = 12;
const FIRST_HOUR = 8;
const LAST_HOUR = 21;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface ChatBody {
  session_id?: string;
  response?: string;
  booking?: { date: string; time: string; court: string; user_id: string; booking_id?: string } | null;
  error?: { code?: string; message?: string };
}

interface Reply {
  status: number;
  body: unknown;
  text: string;
  ms: number;
}

/** The slot this run books: a date written out in full ("16 December 2026"), so every model reads it alike. */
export function smokeSlot(now: Date, hour: number): { date: string; spoken: string; time: string } {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + SLOT_DAYS_AHEAD));
  const date = day.toISOString().slice(0, 10);
  const spoken = `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
  return { date, spoken, time: `${String(hour).padStart(2, '0')}:00` };
}

/** The `sub` of a JWT, read without verifying it (the API verifies): the identity the API will book for. */
export function jwtSubject(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

/** "http://127.0.0.1:3000/d/" -> "http://127.0.0.1:3000/d"; anything that is not an http(s) URL is refused. */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SmokeStop(
      'unreachable',
      `"${raw}" is not a URL. Pass the API endpoint, e.g. --url https://abc123.execute-api.us-east-1.amazonaws.com`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SmokeStop('unreachable', `"${raw}" is not an http(s) URL.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function networkProblem(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing is listening there)',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'the host name could not be resolved',
    ECONNRESET: 'the connection was reset',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
  };
  return (cause?.code && known[cause.code]) ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || '(empty body)';
}

export async function runSmoke(opts: SmokeOptions): Promise<SmokeReport> {
  const base = normalizeBaseUrl(opts.url);
  const log = opts.log ?? ((line: string) => console.log(line));
  const userId = opts.userId ?? `smoke-${randomBytes(4).toString('hex')}`;
  // With a token the API books for the token's subject: known when the token is a JWT.
  const subject = opts.token ? jwtSubject(opts.token) : undefined;
  const slot = smokeSlot(opts.now ?? new Date(), opts.hour ?? FIRST_HOUR + Math.floor(Math.random() * (LAST_HOUR - FIRST_HOUR + 1)));
  const checks: CheckResult[] = [];

  const headers = (user: string): Record<string, string> => ({
    'content-type': 'application/json',
    'x-user-id': user,
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
  });

  async function request(method: 'GET' | 'POST', path: string, body?: unknown, user = userId): Promise<Reply> {
    const timeoutMs = method === 'GET' ? (opts.healthTimeoutMs ?? 10_000) : (opts.chatTimeoutMs ?? 90_000);
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: headers(user),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new SmokeStop('unreachable', `Cannot reach ${base}${path}: ${networkProblem(err, timeoutMs)}.`);
    }
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status === 401 || res.status === 403) {
      throw new SmokeStop(
        'auth',
        opts.token
          ? `The API refused the token (HTTP ${res.status} on ${method} ${path}): ${snippet(text)}. Check --token: it must be a valid, unexpired token for this API.`
          : `The API needs a token (HTTP ${res.status} on ${method} ${path}): ${snippet(text)}. Pass one with --token <jwt>.`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, ms };
  }

  const record = (name: string, ms: number, problem: string | undefined, detail: string): boolean => {
    const result = { name, ok: problem === undefined, ms, detail: problem ?? detail };
    checks.push(result);
    log(`${result.ok ? 'PASS' : 'FAIL'}  ${name.padEnd(20)} ${`${Math.round(ms)} ms`.padStart(8)}  ${result.detail}`);
    return result.ok;
  };

  // What a chat turn must be at least: a 200 with an answer. Anything else is the problem to report.
  const turnProblem = (reply: Reply): string | undefined => {
    const body = reply.body as ChatBody | undefined;
    if (reply.status !== 200) return `HTTP ${reply.status}: ${body?.error?.message ?? snippet(reply.text)}`;
    if (typeof body?.response !== 'string' || typeof body.session_id !== 'string') return `not a chat answer: ${snippet(reply.text)}`;
    return undefined;
  };

  log(`Smoke test of ${base}`);
  const bookedAs = subject ?? (opts.token ? "the token's user" : `test user ${userId}`);
  log(`It books a real court: ${slot.spoken} (${slot.date}) at ${slot.time}, any court, as ${bookedAs}.\n`);

  // 1. Health: this is one of our eight patterns (and the one asked for).
  const health = await request('GET', '/health');
  const served = (health.body as { status?: unknown; pattern?: unknown } | undefined) ?? {};
  if (health.status !== 200 || served.status !== 'ok' || !PATTERNS.includes(served.pattern as PatternLetter)) {
    const hint = new URL(base).pathname === '/' ? ' For pnpm dev, add the pattern letter to the URL, e.g. http://127.0.0.1:3000/d.' : '';
    throw new SmokeStop(
      'not-this-product',
      `${base} is not a tennis-booking pattern API: GET /health answered HTTP ${health.status} ${snippet(health.text)} ` +
        `(expected {"status":"ok","pattern":"<a-h>"}).${hint}`,
    );
  }
  const letter = served.pattern as PatternLetter;
  const wrongPattern =
    opts.pattern && opts.pattern !== letter
      ? `this API serves pattern ${letter.toUpperCase()}, not ${opts.pattern.toUpperCase()}`
      : undefined;
  if (!record('health', health.ms, wrongPattern, `pattern ${letter.toUpperCase()}`)) return finish(log, checks);

  // 2. An availability question: answered with afternoon times, nothing booked.
  const ask = await request('POST', '/chat', { message: `Do you have anything on ${slot.spoken} in the afternoon?` });
  const askBody = ask.body as ChatBody;
  const afternoon = turnProblem(ask) === undefined ? timesMentioned(askBody.response!).filter((t) => t >= '12:00' && t <= '17:59') : [];
  record(
    'availability',
    ask.ms,
    turnProblem(ask) ??
      (askBody.booking ? `booked ${askBody.booking.date} ${askBody.booking.time} although only asked` : undefined) ??
      (afternoon.length === 0 ? `the answer names no afternoon time: "${snippet(askBody.response!)}"` : undefined),
    `offers ${afternoon.slice(0, 4).join(', ')}${afternoon.length > 4 ? ', ...' : ''}`,
  );

  // 3. A two-turn booking: the day first, then the time in the same session.
  const first = await request('POST', '/chat', { message: `I'd like a court on ${slot.spoken}` });
  const firstBody = first.body as ChatBody;
  let booked: ChatBody['booking'] = null;
  let second: Reply | undefined;
  let bookingProblem = turnProblem(first) ?? (firstBody.booking ? 'booked on the first turn, before a time was given' : undefined);
  if (!bookingProblem) {
    second = await request('POST', '/chat', { message: `${slot.time} please`, session_id: firstBody.session_id });
    const body = second.body as ChatBody;
    booked = turnProblem(second) === undefined ? (body.booking ?? null) : null;
    bookingProblem =
      turnProblem(second) ??
      (!booked
        ? `nothing was booked for ${slot.date} ${slot.time} (taken by an earlier run? run again for another hour): "${snippet(body.response!)}"`
        : booked.date !== slot.date || booked.time !== slot.time
          ? `booked ${booked.date} ${booked.time} instead of ${slot.date} ${slot.time}`
          : undefined);
  }
  record('booking (2 turns)', first.ms + (second?.ms ?? 0), bookingProblem, booked ? `${booked.court}, ${booked.date} ${booked.time}` : '');

  // 4. Identity: the booking is the caller's, and the caller's session is nobody else's.
  if (!booked) {
    record('identity', 0, 'skipped: needs the booking above', '');
  } else if (opts.token) {
    const ok = subject ? booked.user_id === subject : booked.user_id !== 'anonymous';
    record(
      'identity',
      0,
      ok ? undefined : `booked for "${booked.user_id}", not for the token's user${subject ? ` "${subject}"` : ''}`,
      `booked for ${booked.user_id}, the token's user`,
    );
  } else if (booked.user_id !== userId) {
    const why =
      booked.user_id === 'anonymous' ? ' (the API ignores X-User-Id: pass --token, or deploy with TRUST_USER_ID_HEADER=true)' : '';
    record('identity', 0, `booked for "${booked.user_id}", not for the caller "${userId}"${why}`, '');
  } else {
    const intruder = await request('POST', '/chat', { message: 'What did I book?', session_id: firstBody.session_id }, `${userId}-other`);
    record(
      'identity',
      intruder.ms,
      intruder.status === 404 ? undefined : `another user could continue the caller's session (HTTP ${intruder.status})`,
      `booked for ${userId}; another user's request on that session is refused (404)`,
    );
  }

  return finish(log, checks);
}

function finish(log: (line: string) => void, checks: CheckResult[]): SmokeReport {
  const ok = checks.every((c) => c.ok);
  log(`\n${ok ? 'Smoke test passed' : 'Smoke test FAILED'}: ${checks.filter((c) => c.ok).length}/${checks.length} checks passed.`);
  return { ok, checks };
}
