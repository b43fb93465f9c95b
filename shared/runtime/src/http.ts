/**
 * The HTTP contract (API Gateway HTTP API, payload v2): routing, strict request parsing, and the
 * JSON envelopes for answers and errors. Every rejection is an HttpError with a stable code.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Booking } from '@tennis/booking-service';
import type { Config } from './config';
import { HttpError } from './errors';
import { header } from './identity';
import { SESSION_ID_PATTERN } from './sessions';

export type Route = 'health' | 'chat';

const ROUTES: Record<Route, string> = { health: 'GET', chat: 'POST' };

/**
 * The route of a request. Matches on the last path segment, so "/chat", "/prod/chat" (named
 * stage) and "/d/chat" (dev server prefix) all reach the same route.
 */
export function routeOf(event: APIGatewayProxyEventV2): Route {
  const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (!Object.hasOwn(ROUTES, last)) throw new HttpError(404, 'not_found', `No route for ${path}. Use GET /health or POST /chat.`);
  const route = last as Route;
  const method = (event.requestContext?.http?.method ?? '').toUpperCase();
  if (method !== ROUTES[route]) {
    throw new HttpError(405, 'method_not_allowed', `Use ${ROUTES[route]} for /${route}.`, { allow: ROUTES[route] });
  }
  return route;
}

export interface ChatRequest {
  message: string;
  /** Absent: start a new session. */
  session_id?: string;
}

const FIELDS = new Set(['message', 'session_id']);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkContentType(event: APIGatewayProxyEventV2, text: string): void {
  const type = header(event, 'content-type');
  // No header is accepted (some clients omit it); a declared non-JSON type is refused.
  if (type === undefined) return;
  const mediaType = type.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)) return;
  // `curl -d '{"message": ...}'` labels a JSON body as a form: take it when the body is a JSON object.
  if (mediaType === 'application/x-www-form-urlencoded' && text.trimStart().startsWith('{')) return;
  throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
}

/** The raw body as text: base64 decoded when API Gateway says so, size-checked, valid UTF-8. */
function bodyText(event: APIGatewayProxyEventV2, maxBytes: number): string {
  const body = event.body ?? '';
  const tooLarge = () => new HttpError(413, 'body_too_large', `The request body is larger than ${maxBytes} bytes.`);
  if (!event.isBase64Encoded) {
    if (Buffer.byteLength(body, 'utf8') > maxBytes) throw tooLarge();
    return body;
  }
  if (body.length > Math.ceil(maxBytes / 3) * 4) throw tooLarge();
  if (!BASE64.test(body)) throw new HttpError(400, 'invalid_body', 'The request body is marked base64 but is not valid base64.');
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length > maxBytes) throw tooLarge();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_body', 'The request body is not valid UTF-8 text.');
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'invalid_json', 'The request body is empty; send {"message": "..."}.');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

function checkMessage(value: unknown, maxChars: number): string {
  if (value === undefined) throw new HttpError(400, 'missing_message', 'The "message" field is required.');
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_message', 'The "message" field must be a string.');
  if (value.trim() === '') throw new HttpError(400, 'empty_message', 'The "message" field must not be empty or blank.');
  // Count characters (code points), not UTF-16 units, so an emoji counts once.
  if ([...value].length > maxChars) {
    throw new HttpError(413, 'message_too_long', `The "message" field is longer than ${maxChars} characters.`);
  }
  return value;
}

/** null is read as "no session" (some clients serialise absent fields as null). */
function checkSessionId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !SESSION_ID_PATTERN.test(value)) {
    throw new HttpError(400, 'invalid_session_id', 'The "session_id" field must be 8-64 characters from A-Z a-z 0-9 _ -.');
  }
  return value;
}

/** Validates a POST /chat request into a ChatRequest, or throws the HttpError to answer with. */
export function parseChatRequest(event: APIGatewayProxyEventV2, config: Pick<Config, 'maxBodyBytes' | 'maxMessageChars'>): ChatRequest {
  const text = bodyText(event, config.maxBodyBytes);
  checkContentType(event, text);
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_body', 'The request body must be a JSON object like {"message": "..."}.');
  }
  const unknown = Object.keys(body).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0) {
    throw new HttpError(400, 'unknown_field', `Unknown field(s): ${unknown.slice(0, 5).join(', ')}. Allowed: message, session_id.`);
  }
  const fields = body as Record<string, unknown>;
  const message = checkMessage(fields.message, config.maxMessageChars);
  const sessionId = checkSessionId(fields.session_id);
  return sessionId === undefined ? { message } : { message, session_id: sessionId };
}

/** The booking as the HTTP contract shows it (no created_at). */
export type BookingView = Pick<Booking, 'booking_id' | 'slot_id' | 'court' | 'date' | 'time' | 'user_id'>;

export function bookingView(booking: Booking | null): BookingView | null {
  if (!booking) return null;
  const { booking_id, slot_id, court, date, time, user_id } = booking;
  return { booking_id, slot_id, court, date, time, user_id };
}

export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(error: HttpError, requestId: string): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(
    error.status,
    { error: { code: error.code, message: error.message, request_id: requestId } },
    requestId,
    error.headers,
  );
}
