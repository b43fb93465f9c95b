/**
 * A multi-Lambda pattern exactly as `pnpm dev` runs it: every function in its own process in the local
 * Lambda runtime (shared dynalite store), the dev server in front, requests over HTTP. Exposes the
 * testkit's TestApp surface (chat, bookings, listBookings), so the shared scenarios run against it.
 * The functions run on the real clock, so dates are relative to today (see retime).
 */
import type { ChatOptions, ChatReply, ChatResult, ErrorReply, Scenario, ScenarioTarget } from '../../shared/testkit/src';
import { loadSuite, scenarioById } from '../../shared/testkit/src';
import { localBookingStore } from '../lib/compare/store';
import { startDevServer, type DevServer } from '../lib/dev-server';
import { hostPatterns, type PatternHost } from '../lib/pattern-host';
import type { PatternLetter } from '../lib/lambdas';

export interface LocalPattern {
  app: ScenarioTarget;
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
  const local = host.runtime;
  if (!local) throw new Error('startLocalPattern is for multi-Lambda patterns (C, G, H)');
  const { bookings, table } = localBookingStore(local.dynamodbEndpoint, local.env.BOOKINGS_TABLE!, local.env);
  const chat = async (message: string, { sessionId, userId = 'alice' }: ChatOptions = {}): Promise<ChatResult> => {
    const res = await fetch(`${server.url}/${letter}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': userId },
      body: JSON.stringify(sessionId === undefined ? { message } : { message, session_id: sessionId }),
    });
    const body: unknown = await res.json();
    return res.status === 200
      ? { ok: true, status: 200, body: body as ChatReply }
      : { ok: false, status: res.status, body: body as ErrorReply };
  };
  const stop = async () => {
    table.close();
    await server.close();
    await host.stop();
  };
  return { app: { bookings, listBookings: () => table.all(), chat }, host, server, logs, stop };
}

/**
 * The same suite scenario with its dates resolved for today rather than the testkit's fixed clock:
 * the functions run on the real clock. The suite stores days as offsets, so every offset moves.
 */
export function retime(scenario: Scenario): Scenario {
  if (!scenario.id) throw new Error(`retime needs a suite scenario (with an id): "${scenario.name}"`);
  return scenarioById(loadSuite({ now: new Date().toISOString() }), scenario.id);
}
