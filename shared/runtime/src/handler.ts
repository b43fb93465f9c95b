/**
 * The Lambda handler factory every pattern uses. One turn:
 * parse + validate -> identity -> load session (owner and pattern checked) -> run the pattern
 * with a fresh trace -> save the new state (optimistic) -> answer.
 * The pattern is built once per container; a failed build is retried on the next request.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { BookingService, InMemoryBookingStore, systemClock, type BookingStore, type Clock } from '@tennis/booking-service';
import { clubConfigFrom, ConfigError, loadConfig, type Config, type Env } from './config';
import { droppedNote, readApprovalReply, type ApprovalAnswer } from './approval';
import type { Pattern, PatternLetter, TurnOutput } from './contract';
import { HttpError, SessionConflictError, toHttpError } from './errors';
import { bookingView, errorResponse, jsonResponse, parseChatRequest, routeOf } from './http';
import { userIdFrom } from './identity';
import { createGroundingGuard, type GroundingGuard } from './grounding';
import { createLogger, type Logger } from './logging';
import { InMemorySessionStore, newSessionId, type SessionRecord, type SessionStore } from './sessions';
import { resolveApiKeys } from './secrets';
import { startTracedWork, type TracedWork } from './telemetry';
import { withTrace, type Trace, type TraceEvent } from './trace';

export interface Runtime {
  config: Config;
  clock: Clock;
  bookings: BookingService;
  sessions: SessionStore;
  logger: Logger;
  /** Checks model-written answers against what the turn did (GROUNDING_GUARD). */
  grounding: GroundingGuard;
}

export interface RuntimeOverrides {
  clock?: Clock;
  bookingStore?: BookingStore;
  sessionStore?: SessionStore;
  logger?: Logger;
}

/**
 * A store whose implementation module is imported on first use, so processes on in-memory
 * stores never load it (and bundles that never call it can drop it).
 */
function lazyStore<T extends object>(load: () => Promise<T>): T {
  let instance: Promise<T> | undefined;
  const get = () =>
    (instance ??= load().catch((err: unknown) => {
      instance = undefined;
      throw err;
    }));
  return new Proxy({} as T, {
    get: (_target, method) =>
      // Not thenable: `await store` must not call into the store.
      method === 'then'
        ? undefined
        : async (...args: unknown[]) => {
            const store = (await get()) as Record<PropertyKey, (...a: unknown[]) => unknown>;
            return store[method]!(...args);
          },
  });
}

/** Stores from config (DynamoDB when BOOKINGS_TABLE / SESSIONS_TABLE are set, else in memory) unless overridden. */
export function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Runtime {
  const clock = overrides.clock ?? systemClock;
  // One DynamoDB client for both tables, built (and its SDK loaded) on first use.
  let client: Promise<DynamoDBClient> | undefined;
  const dynamo = () => (client ??= import('./sessions-dynamodb').then((m) => m.dynamoClient(config)));
  const { bookingsTable, sessionsTable } = config;
  const store =
    overrides.bookingStore ??
    (bookingsTable
      ? lazyStore<BookingStore>(async () => {
          const { DynamoBookingStore } = await import('@tennis/booking-service/dynamodb');
          return new DynamoBookingStore({ tableName: bookingsTable, client: await dynamo() });
        })
      : new InMemoryBookingStore());
  const sessions =
    overrides.sessionStore ??
    (sessionsTable
      ? lazyStore<SessionStore>(async () => {
          const { DynamoSessionStore } = await import('./sessions-dynamodb');
          return new DynamoSessionStore({ tableName: sessionsTable, client: await dynamo(), clock });
        })
      : new InMemorySessionStore({ clock }));
  const bookings = new BookingService({ store, clock, club: clubConfigFrom(config) });
  return {
    config,
    clock,
    bookings,
    sessions,
    logger: overrides.logger ?? createLogger(config),
    grounding: createGroundingGuard(bookings, config.groundingGuard),
  };
}

/** Used before the runtime exists (or when its config is invalid). */
const fallbackLogger = createLogger({ logLevel: 'INFO' });

export type BuildPattern = (rt: Runtime) => Pattern | Promise<Pattern>;

/** A pattern behind the HTTP contract: what handleRequest serves. */
export interface App {
  letter: PatternLetter;
  /** The runtime and built pattern, created on first call and cached; retried after a failure. */
  start(): Promise<{ runtime: Runtime; pattern: Pattern }>;
  /** The runtime's logger once one exists, else a default one (config failed or not loaded yet). */
  logger(): Logger;
}

export interface HandlerOptions {
  /** A ready runtime (tests: fixed clock, fresh stores). Default: createRuntime(loadConfig(env)). */
  runtime?: Runtime;
  /** Environment for loadConfig when no runtime is given (default process.env). */
  env?: Env;
}

export function createApp(letter: PatternLetter, build: BuildPattern, options: HandlerOptions = {}): App {
  let runtime = options.runtime;
  const start = onceUntilFailure(async () => {
    runtime ??= await startRuntime(options);
    return { runtime, pattern: await build(runtime) };
  });
  return { letter, logger: () => runtime?.logger ?? fallbackLogger, start };
}

/** What every Lambda entry starts from: the given runtime (tests), else config from env plus its secrets. */
export async function startRuntime(options: HandlerOptions = {}): Promise<Runtime> {
  return options.runtime ?? createRuntime(await configWithSecrets(loadConfig(options.env)));
}

/** Runs `start` once per container and shares its promise; a failure is forgotten, so the next call retries. */
export function onceUntilFailure<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () =>
    (started ??= start().catch((err: unknown) => {
      started = undefined;
      throw err;
    }));
}

/**
 * Deployed Lambdas get vendor keys from Secrets Manager (*_SECRET_ARN), read once per container
 * at cold start, so every pattern's `rt.config` already carries them and the client factory
 * needs no secrets logic. Nothing is fetched when no ARN is set (local runs, tests).
 */
async function configWithSecrets(config: Config): Promise<Config> {
  if (!config.openaiApiKeySecretArn && !config.anthropicApiKeySecretArn) return config;
  return { ...config, ...(await resolveApiKeys(config)) };
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** The Lambda handler for pattern `letter`. A pattern's handler.ts is one call to this. */
export function createHandler(letter: PatternLetter, build: BuildPattern, options: HandlerOptions = {}): HttpHandler {
  const app = createApp(letter, build, options);
  return (event, context) => handleRequest(event, app, context);
}

/** "offline" if any LLM call ran offline, "live" if all ran live, "none" without LLM calls. */
export function modeOf(events: TraceEvent[]): 'offline' | 'live' | 'none' {
  const llm = events.filter((e) => e.type === 'llm');
  if (llm.length === 0) return 'none';
  return llm.some((e) => e.mode === 'offline') ? 'offline' : 'live';
}

/** Name, message, stack and cause chain, for the log only. */
export function describeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { value: String(err) };
  const cause = err.cause !== undefined && depth < 3 ? describeError(err.cause, depth + 1) : undefined;
  return { name: err.name, message: err.message, stack: err.stack, cause };
}

/** Stay under the Lambda deadline: answer 504 with a second to spare rather than be killed mid-turn. */
async function withDeadline<T>(work: Promise<T>, context: Context | undefined): Promise<T> {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (remaining === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(504, 'turn_timeout', 'The turn took too long and was stopped; nothing was saved to the session.')),
      Math.max(remaining - 1000, 0),
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function checkTurnOutput(output: TurnOutput): void {
  const ok =
    output !== null &&
    typeof output === 'object' &&
    typeof output.response === 'string' &&
    (output.booking === null || typeof output.booking === 'object') &&
    (output.approval == null || (typeof output.approval === 'object' && typeof output.approval.pending?.slot_id === 'string'));
  if (!ok)
    throw new Error(
      'Pattern returned an invalid TurnOutput (need response: string, booking: object | null, approval: { pending } | null).',
    );
}

/** Loads the caller's session for this pattern; anything else is "not found" so existence never leaks. */
async function loadSession(sessions: SessionStore, sessionId: string, userId: string, letter: PatternLetter): Promise<SessionRecord> {
  const record = await sessions.get(sessionId);
  if (!record || record.user_id !== userId || record.pattern !== letter) {
    throw new HttpError(404, 'session_not_found', 'Session not found or expired. Omit session_id to start a new session.');
  }
  return record;
}

/** The pattern's after-turn work (e.g. exporting agent traces) runs before the Lambda freezes; it never fails a turn. */
async function flushAfterTurn(pattern: Pattern, log: Logger): Promise<void> {
  try {
    await pattern.afterTurn?.();
  } catch (err) {
    log.warn('after-turn work failed', { error: describeError(err) });
  }
}

/** The session record a turn saves: the same session, one version on, expiring a full TTL from now. */
function nextRecord(
  base: { session_id: string; user_id: string; pattern: PatternLetter; version: number },
  fields: Pick<SessionRecord, 'state' | 'approval'>,
  now: Date,
  ttlHours: number,
): SessionRecord {
  return {
    ...base,
    version: base.version + 1,
    // A JSON round trip so every store keeps exactly what DynamoDB would.
    state: JSON.parse(JSON.stringify(fields.state ?? null)),
    approval: fields.approval ? JSON.parse(JSON.stringify(fields.approval)) : null,
    updated_at: now.toISOString(),
    expires_at: Math.floor(now.getTime() / 1000) + ttlHours * 3600,
  };
}

/**
 * How long a claimed approval keeps other requests of its session out (409): longer than any turn runs (the
 * functions' timeout is at most 90 s). A turn that crashed after its claim leaves the approval used; after this
 * long the session takes messages again, and the member is asked anew when they book.
 */
export const APPROVAL_CLAIM_MS = 120_000;

/**
 * REQUIRE_CONFIRMATION: claims the session's pending approval before the turn acts on it, with a conditional
 * save that marks it claimed. So concurrent replies cannot all act on one approval: the first claims it, and
 * every other request of the session (another "yes", or any message) gets 409 session_busy until the claiming
 * turn has saved. Returns the answered approval and the version the turn's own save expects.
 */
async function claimApproval(sessions: SessionStore, previous: SessionRecord, message: string, now: Date, ttlHours: number) {
  const { approval } = previous;
  if (!approval) return { answer: undefined, version: previous.version };
  if (approval.claimed_at) {
    if (now.getTime() - Date.parse(approval.claimed_at) < APPROVAL_CLAIM_MS) throw new SessionConflictError(previous.session_id);
    // A claim whose turn never saved: that approval is used; the message is a new one.
    return { answer: undefined, version: previous.version };
  }
  const claimed = { ...approval, claimed_at: now.toISOString() };
  await sessions.put(nextRecord(previous, { state: previous.state, approval: claimed }, now, ttlHours), previous.version);
  const { pending, hold } = approval;
  return { answer: { pending, hold, reply: readApprovalReply(message) } satisfies ApprovalAnswer, version: previous.version + 1 };
}

/** The turn's answer, with a note when the member left a pending approval for something else and it was dropped. */
function answerText(output: TurnOutput, answered: ApprovalAnswer | undefined): string {
  if (answered?.reply !== 'other' || output.approval?.pending.slot_id === answered.pending.slot_id) return output.response;
  return `${output.response}\n\n${droppedNote(answered.pending)}`;
}

async function chat(event: APIGatewayProxyEventV2, app: App, requestId: string, context: Context | undefined, trace: Trace) {
  const started = performance.now();
  const { runtime, pattern } = await startApp(app);
  const { config, sessions, clock } = runtime;
  const request = parseChatRequest(event, config);
  const userId = userIdFrom(event, config);
  const previous = request.session_id ? await loadSession(sessions, request.session_id, userId, app.letter) : null;
  const sessionId = previous?.session_id ?? newSessionId();
  const log = runtime.logger.child({ request_id: requestId, pattern: app.letter, user_id: userId, session_id: sessionId });
  const claimed = previous ? await claimApproval(sessions, previous, request.message, clock.now(), config.sessionTtlHours) : undefined;
  if (claimed?.answer) trace.step('code', 'approval', `${claimed.answer.reply} to ${claimed.answer.pending.slot_id}`);

  const turn = withTrace(trace, () =>
    pattern.turn({
      message: request.message,
      userId,
      sessionId,
      requestId,
      state: previous?.state,
      trace,
      ...(claimed?.answer ? { approval: claimed.answer } : {}),
    }),
  );
  const output = await withDeadline(turn, context).finally(() => flushAfterTurn(pattern, log));
  checkTurnOutput(output);

  const expected = claimed?.version ?? null;
  const base = { session_id: sessionId, user_id: userId, pattern: app.letter, version: expected ?? 0 };
  await sessions.put(
    nextRecord(base, { state: output.state, approval: output.approval ?? null }, clock.now(), config.sessionTtlHours),
    expected,
  );

  const events = trace.events();
  const body = {
    pattern: app.letter,
    session_id: sessionId,
    response: answerText(output, claimed?.answer),
    booking: bookingView(output.booking),
    pending_approval: output.approval?.pending ?? null,
    trace: events,
    usage: trace.usage(),
    mode: modeOf(events),
    request_id: requestId,
  };
  log.info('turn', {
    latency_ms: Math.round(performance.now() - started),
    usage: body.usage,
    mode: body.mode,
    booking_id: body.booking?.booking_id,
  });
  return body;
}

async function startApp(app: App): Promise<{ runtime: Runtime; pattern: Pattern }> {
  try {
    return await app.start();
  } catch (err) {
    const detail = err instanceof ConfigError ? err.message : `Pattern ${app.letter.toUpperCase()} failed to start; see the service log.`;
    throw new HttpError(500, 'config_error', detail, {}, { cause: err });
  }
}

/** Serves one API Gateway v2 event for `app`. The dev server and demo call this too, so they share every path. */
export async function handleRequest(
  event: APIGatewayProxyEventV2,
  app: App,
  context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = event.requestContext?.requestId || crypto.randomUUID();
  const started = performance.now();
  let work: TracedWork | undefined;
  let result: APIGatewayProxyStructuredResultV2;
  try {
    if (routeOf(event) === 'health') return jsonResponse(200, { status: 'ok', pattern: app.letter }, requestId);
    // The turn's trace; exported as OpenTelemetry spans when an OTLP endpoint is set (telemetry.ts).
    work = await startTracedWork({
      name: 'POST /chat',
      kind: 'server',
      attributes: { 'http.request.method': 'POST', 'http.route': '/chat', 'tennis.pattern': app.letter, 'tennis.request_id': requestId },
    });
    const body = await chat(event, app, requestId, context, work.trace);
    result = jsonResponse(200, body, requestId);
  } catch (err) {
    const error = toHttpError(err);
    const log = app.logger().child({ request_id: requestId, pattern: app.letter });
    const fields = { status: error.status, code: error.code, latency_ms: Math.round(performance.now() - started) };
    if (error.status >= 500) log.error('request failed', { ...fields, error: describeError(err) });
    else log.info('request rejected', fields);
    result = errorResponse(error, requestId);
  }
  if (!work) return result;
  // Spans leave before the Lambda returns (a frozen container would lose them), within the export bound.
  const status = result.statusCode ?? 200;
  await work.end({ attributes: { 'http.response.status_code': status }, ...(status >= 500 ? { error: String(status) } : {}) });
  if (work.traceresponse) result.headers = { ...result.headers, traceresponse: work.traceresponse };
  return result;
}
