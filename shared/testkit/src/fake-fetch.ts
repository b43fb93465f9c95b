/**
 * A scripted transport for the vendor SDKs' own `fetch` option:
 *   const fetch = fakeFetch([openaiToolCalls([...]), openaiText('Booked!')]);
 *   const openai = new OpenAI({ apiKey: 'test', fetch, maxRetries: 0 });
 * Each request takes the next queued reply, in order, and is recorded (URL, method, headers, JSON body),
 * so tests assert what the pattern actually sent while the real SDK code parses real wire JSON.
 */

export interface ScriptedReply {
  status: number;
  body: unknown;
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when the request had none). */
  body: any;
}

export type FakeFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  /** Every request received so far, in order. */
  readonly requests: RecordedRequest[];
  /** How many scripted replies have not been used yet. */
  pending(): number;
};

/** Thrown (as a rejected fetch) when the code under test makes more calls than the script has replies. */
export class ScriptExhaustedError extends Error {
  constructor(request: RecordedRequest, position: number) {
    super(`fakeFetch: no scripted reply left for request #${position}, ${request.method} ${request.url}`);
    this.name = 'ScriptExhaustedError';
  }
}

async function readRequest(input: string | URL | Request, init?: RequestInit): Promise<RecordedRequest> {
  const request = new Request(input, init);
  const text = await request.text();
  return {
    url: request.url,
    method: request.method,
    headers: Object.fromEntries(request.headers.entries()),
    body: text ? JSON.parse(text) : undefined,
  };
}

export function fakeFetch(replies: ScriptedReply[]): FakeFetch {
  const queue = [...replies];
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const recorded = await readRequest(input, init);
    requests.push(recorded);
    const reply = queue.shift();
    if (!reply) throw new ScriptExhaustedError(recorded, requests.length);
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json', 'x-request-id': `req_fake_${requests.length}` },
    });
  };
  return Object.assign(fetch, { requests, pending: () => queue.length });
}

/** A vendor error reply, e.g. httpError(500) for "the provider failed". */
export function httpError(status: number, message = `scripted HTTP ${status}`): ScriptedReply {
  // Both SDKs read `error.message`; Anthropic also expects `type: "error"` at the top.
  return { status, body: { type: 'error', error: { type: 'api_error', message } } };
}
