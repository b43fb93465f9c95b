/**
 * createTestApp: a pattern behind its real Lambda handler, with a fixed clock, fresh in-memory
 * stores and the offline model, so a test talks to it exactly as curl talks to a deployed API.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InMemoryBookingStore, type Booking, type BookingService } from '@tennis/booking-service';
import {
  createHandler,
  createRuntime,
  loadConfig,
  type BuildPattern,
  type HttpHandler,
  type PendingApproval,
  type PatternLetter,
  type Runtime,
  type TraceEvent,
  type Usage,
} from '@tennis/runtime';
import { TEST_NOW, testClock } from './clock';
import { apiGatewayEvent, lambdaContext } from './events';

/** The body of a successful POST /chat. */
export interface ChatReply {
  pattern: PatternLetter;
  session_id: string;
  response: string;
  booking: Booking | null;
  /** REQUIRE_CONFIRMATION: the slot awaiting the member's yes or no, or null. */
  pending_approval: PendingApproval | null;
  trace: TraceEvent[];
  usage: Usage;
}

/** The body of a 4xx/5xx. */
export interface ErrorReply {
  error: { code: string; message: string; request_id: string };
}

export type ChatResult = { ok: true; status: number; body: ChatReply } | { ok: false; status: number; body: ErrorReply };

export interface ChatOptions {
  sessionId?: string | undefined;
  /** Sent as X-User-Id (default "alice"). */
  userId?: string;
}

export interface TestAppOptions {
  /** Extra environment for loadConfig (defaults: LLM_MODE=offline, LOG_LEVEL=SILENT). */
  env?: Record<string, string>;
  /** The fixed instant (default TEST_NOW). */
  now?: string;
}

export interface TestApp {
  handler: HttpHandler;
  runtime: Runtime;
  bookings: BookingService;
  /** Every booking in the store, in any order. */
  listBookings(): Promise<Booking[]>;
  /** POST /chat through the handler; the parsed body and status. */
  chat(message: string, options?: ChatOptions): Promise<ChatResult>;
  /** Like chat, but returns the reply and throws (with the error body) unless the status is 200. */
  say(message: string, options?: ChatOptions): Promise<ChatReply>;
  /** Any request through the handler, e.g. malformed bodies or GET /health. */
  request(spec: Parameters<typeof apiGatewayEvent>[0]): Promise<{ status: number; body: any }>;
}

function parseResult(result: APIGatewayProxyStructuredResultV2): { status: number; body: any } {
  return { status: result.statusCode ?? 200, body: result.body ? JSON.parse(result.body) : undefined };
}

export function createTestApp(letter: PatternLetter, build: BuildPattern, opts: TestAppOptions = {}): TestApp {
  const store = new InMemoryBookingStore();
  const config = loadConfig({ LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', ...opts.env });
  const runtime = createRuntime(config, { clock: testClock(opts.now ?? TEST_NOW), bookingStore: store });
  const handler = createHandler(letter, build, { runtime });

  const request: TestApp['request'] = async (spec) => parseResult(await handler(apiGatewayEvent(spec), lambdaContext()));

  const chat: TestApp['chat'] = async (message, { sessionId, userId = 'alice' } = {}) => {
    const body = sessionId === undefined ? { message } : { message, session_id: sessionId };
    const { status, body: reply } = await request({ method: 'POST', path: '/chat', body, headers: { 'x-user-id': userId } });
    return status === 200 ? { ok: true, status, body: reply as ChatReply } : { ok: false, status, body: reply as ErrorReply };
  };

  const say: TestApp['say'] = async (message, options) => {
    const result = await chat(message, options);
    if (!result.ok) throw new Error(`POST /chat "${message}" -> HTTP ${result.status}: ${JSON.stringify(result.body)}`);
    return result.body;
  };

  return { handler, runtime, bookings: runtime.bookings, listBookings: () => store.all(), chat, say, request };
}
