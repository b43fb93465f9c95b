/** One HTTP call to the target with a hard client-side deadline, returning status, text, JSON and time. */

export interface Reply {
  status: number;
  /** Client-measured wall time, ms. */
  ms: number;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON (read by checks that know its shape). */
  // biome-ignore lint/suspicious/noExplicitAny: the load checks read whichever body the endpoint returned, success or error.
  body: any;
  /** True when the deadline passed first: status is then 0. */
  timedOut: boolean;
}

export interface ChatCall {
  letter: string;
  message: string;
  userId?: string;
  sessionId?: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Any request; a network error other than the deadline is thrown (the target should never drop one). */
export async function request(url: string, init: RequestInit, deadlineMs: number): Promise<Reply> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs) });
    const text = await res.text();
    return { status: res.status, ms: performance.now() - started, text, body: parseJson(text), timedOut: false };
  } catch (err) {
    if (err instanceof DOMException && err.name === 'TimeoutError') {
      return { status: 0, ms: performance.now() - started, text: '', body: undefined, timedOut: true };
    }
    throw err;
  }
}

/** POST /<letter>/chat as `userId` (X-User-Id), continuing `sessionId` when given. */
export function chat(baseUrl: string, call: ChatCall, deadlineMs: number): Promise<Reply> {
  const body = call.sessionId ? { message: call.message, session_id: call.sessionId } : { message: call.message };
  return request(
    `${baseUrl}/${call.letter}/chat`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': call.userId ?? 'alice' },
      body: JSON.stringify(body),
    },
    deadlineMs,
  );
}
