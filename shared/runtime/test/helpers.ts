/** Test helpers: API Gateway v2 events, a fixed-clock runtime over fresh in-memory stores, and a tiny fake pattern. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { fixedClock, InMemoryBookingStore } from '@tennis/booking-service';
import { createRuntime, loadConfig, type Pattern, type Runtime, type TurnInput } from '../src/index';
import type { SessionStore } from '../src/sessions';

export const NOW = '2026-11-21T14:05:00Z';

export interface EventSpec {
  method?: string;
  path?: string;
  body?: string | null;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  requestId?: string;
  claims?: Record<string, string>;
}

export function event(spec: EventSpec = {}): APIGatewayProxyEventV2 {
  const method = spec.method ?? 'POST';
  const path = spec.path ?? '/chat';
  const requestContext = {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'example.test',
    domainPrefix: 'example',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId: spec.requestId ?? 'req-test-1',
    routeKey: '$default',
    stage: '$default',
    time: '21/Nov/2026:14:05:00 +0000',
    timeEpoch: Date.parse(NOW),
    ...(spec.claims ? { authorizer: { jwt: { claims: spec.claims, scopes: [] } } } : {}),
  };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: spec.headers ?? { 'content-type': 'application/json' },
    requestContext,
    ...(spec.body === null ? {} : { body: spec.body ?? '{"message":"hi"}' }),
    isBase64Encoded: spec.isBase64Encoded ?? false,
  } as APIGatewayProxyEventV2;
}

export const chatEvent = (body: unknown, userId = 'alice', extra: EventSpec = {}) =>
  event({ body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-user-id': userId }, ...extra });

export function parse(result: APIGatewayProxyStructuredResultV2): { status: number; body: any; headers: Record<string, unknown> } {
  return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? 'null'), headers: result.headers ?? {} };
}

export function testRuntime(env: Record<string, string> = {}, sessionStore?: SessionStore): Runtime {
  const clock = fixedClock(NOW);
  const lines: string[] = [];
  const config = loadConfig({ LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', ...env });
  return createRuntime(config, {
    clock,
    bookingStore: new InMemoryBookingStore(),
    ...(sessionStore ? { sessionStore } : {}),
    logger: silentLogger(lines),
  });
}

export function silentLogger(lines: string[] = []) {
  const logger = {
    debug: (m: string, f?: object) => lines.push(`DEBUG ${m} ${JSON.stringify(f ?? {})}`),
    info: (m: string, f?: object) => lines.push(`INFO ${m} ${JSON.stringify(f ?? {})}`),
    warn: (m: string, f?: object) => lines.push(`WARN ${m} ${JSON.stringify(f ?? {})}`),
    error: (m: string, f?: object) => lines.push(`ERROR ${m} ${JSON.stringify(f ?? {})}`),
    child: () => logger,
  };
  return logger;
}

/**
 * A test double of a PATTERN (the subject here is the runtime): counts turns in its state,
 * records one code step, and books tomorrow 15:00 on Court B when asked to "book".
 */
export function counterPattern(rt: Runtime, behaviour: (input: TurnInput) => Promise<void> = async () => {}): Pattern {
  return {
    async turn(input) {
      await behaviour(input);
      const count = ((input.state as { count?: number } | undefined)?.count ?? 0) + 1;
      input.trace.step('code', 'count', String(count));
      const booking = /book/i.test(input.message)
        ? await rt.bookings.book({ slot_id: '2026-11-22_CourtB_1500' }, { userId: input.userId })
        : null;
      return { response: `turn ${count}`, booking, state: { count, last: input.message } };
    },
  };
}

export const lambdaContext = (remainingMs = 60_000): Context => ({ getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;
