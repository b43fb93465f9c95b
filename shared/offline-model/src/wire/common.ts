/** Pieces every wire format shares: input errors, content flattening, rendered decisions, ids. */
import type { Vendor } from '../faults';
import type { ModelRequest } from '../types';

/** A request the real API would reject with 400; the message names the offending field. */
export class WireInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireInputError';
  }
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new WireInputError(`${field} must be an array`);
  return value;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new WireInputError(`${field} must be a string`);
  return value;
}

/** Joins the text of a string or of content parts ({text} / {type:'text', text} / {json}); other parts are ignored. */
export function flattenText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (typeof part === 'string') return part;
      if (!isObject(part)) return '';
      if (typeof part.text === 'string') return part.text;
      if (part.json !== undefined) return JSON.stringify(part.json);
      return '';
    })
    .filter(Boolean)
    .join('\n');
}

/** Tool arguments from history: real APIs accept whatever the model sent, so unparseable JSON reads as {}. */
export function parseArgs(json: unknown): Json {
  if (isObject(json)) return json;
  if (typeof json !== 'string') return {};
  try {
    const value: unknown = JSON.parse(json);
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

export interface RenderedCall {
  id: string;
  name: string;
  args: Json;
  /** The arguments as the wire's JSON string (possibly corrupted by the malformed_json fault). */
  argsJson: string;
}

/** The brain's decision with ids and JSON strings fixed, ready for any wire format. */
export type Rendered =
  | { kind: 'tool_calls'; calls: RenderedCall[]; text?: string }
  | { kind: 'text'; text: string }
  | { kind: 'json'; json: string };

export interface TokenUsage {
  input: number;
  output: number;
}

/** Deterministic ids per engine ("call_offline_3"), so runs are reproducible. */
export class IdSource {
  private n = 0;
  next(prefix: string): string {
    this.n++;
    return `${prefix}${String(this.n).padStart(6, '0')}`;
  }
}

export interface ErrorReply {
  body: unknown;
  headers?: Record<string, string>;
}

export interface WireFormat {
  vendor: Vendor;
  /** Trace name of the API: "chat.completions", "responses", "messages", "converse". */
  api: string;
  /** Prefix for tool call ids in this vendor's style. */
  callIdPrefix: string;
  toRequest(body: Json, params: Record<string, string>): ModelRequest;
  /** `body` is the original request, for fields a response echoes back. */
  toResponse(out: Rendered, req: ModelRequest, usage: TokenUsage, ids: IdSource, body: Json): unknown;
  /** True when the request asks for server-sent events, which the offline model does not produce. */
  wantsStream(body: Json): boolean;
}

/** Error bodies per vendor; `kind` picks the vendor's error type name. */
export type ErrorKind = 'invalid_request' | 'not_found' | 'rate_limit' | 'server' | 'unavailable';

export function statusOf(kind: ErrorKind): number {
  return { invalid_request: 400, not_found: 404, rate_limit: 429, server: 500, unavailable: 503 }[kind];
}
