/**
 * A multi-Lambda pattern exactly as `pnpm dev` runs it: every function in its own process in the local
 * Lambda runtime (shared dynalite store), the dev server in front, requests over HTTP. Exposes the
 * testkit's TestApp surface (chat, bookings, listBookings), so the shared scenarios run against it.
 * The functions run on the real clock, so dates are relative to today (see retime).
 */
import type { Booking } from '../../shared/booking-service/src';
import { createRuntime, loadConfig, type Runtime } from '../../shared/runtime/src';
import type { ChatOptions, ChatReply, ChatResult, ErrorReply, Scenario, TestApp } from '../../shared/testkit/src';
import { clubDate, tomorrow } from '../../shared/testkit/src';
import { startDevServer, type DevServer } from '../lib/dev-server';
import { hostPatterns, type PatternHost } from '../lib/pattern-host';
import type { PatternLetter } from '../lib/lambdas';

export interface LocalPattern {
  app: Pick<TestApp, 'bookings' | 'listBookings' | 'chat'>;
  host: PatternHost;
  server: DevServer;
  /** Every line the functions printed, prefixed with the function name. */
  logs: string[];
  stop(): Promise<void>;
}

/** Starts `letter` with `env` added to every function's environment (offline model, INFO logs by default). */
export async function startLocalPattern(letter: PatternLetter, env: Record<string, string> = {}): Promise<LocalPattern> {
  const logs: string[] = [];
  const added = { LLM_MODE: 'offline', LOG_LEVEL: 'INFO', ...env };
  const saved = Object.fromEntries(Object.keys(added).map((k) => [k, process.env[k]]));
  Object.assign(process.env, added); // the function processes inherit this process's environment
  let host: PatternHost;
  try {
    host = await hostPatterns([letter], (fn, line) => logs.push(`${fn} ${line}`));
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
  const server = await startDevServer({ patterns: host.patterns, port: 0, log: () => {} });
  const runtime = storeRuntime(host);
  const chat = async (message: string, { sessionId, userId = 'alice' }: ChatOptions = {}): Promise<ChatResult> => {
    const res = await fetch(`${server.url}/${letter}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': userId },
      body: JSON.stringify(sessionId === undefined ? { message } : { message, session_id: sessionId }),
    });
    const body: unknown = await res.json();
    return res.status === 200 ? { ok: true, status: 200, body: body as ChatReply } : { ok: false, status: res.status, body: body as ErrorReply };
  };
  const stop = async () => {
    await server.close();
    await host.stop();
  };
  return { app: { bookings: runtime.bookings, listBookings: () => allBookings(runtime), chat }, host, server, logs, stop };
}

/** A runtime in this process on the same dynalite tables, to seed and inspect the shared store. */
function storeRuntime(host: PatternHost): Runtime {
  const env = host.runtime?.env;
  if (!env) throw new Error('startLocalPattern is for multi-Lambda patterns (C, G, H)');
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const) process.env[key] ??= env[key];
  return createRuntime(loadConfig({ ...env, LOG_LEVEL: 'SILENT' }));
}

/** Every booking from today to the end of the window, read from the shared table date by date (its by_date index). */
async function allBookings(runtime: Runtime): Promise<Booking[]> {
  const { DynamoBookingStore } = await import('../../shared/booking-service/src/dynamodb-store');
  const { bookingsTable, dynamodbEndpoint, awsRegion } = runtime.config;
  const store = new DynamoBookingStore({ tableName: bookingsTable!, client: { endpoint: dynamodbEndpoint, region: awsRegion } });
  const days = Array.from({ length: runtime.config.bookingWindowDays + 1 }, (_, i) => clubDate(i, new Date().toISOString()));
  return (await Promise.all(days.map((date) => store.listByDate(date)))).flat();
}

/** The scenario with its dates moved from the testkit's fixed clock to today's (the functions run on the real clock). */
export function retime(scenario: Scenario): Scenario {
  const from = tomorrow();
  const to = tomorrow(new Date().toISOString());
  return JSON.parse(JSON.stringify(scenario).replaceAll(from, to)) as Scenario;
}
