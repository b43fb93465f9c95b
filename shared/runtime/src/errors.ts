/**
 * Typed errors the runtime turns into HTTP answers, and the mapping from anything a pattern
 * may throw (provider SDK errors, AWS SDK errors, timeouts) to a safe status, code and message.
 * The raw exception is only ever logged, never sent to the caller.
 */
import * as Anthropic from '@anthropic-ai/sdk/error';
import * as OpenAI from 'openai/error';

/** An error with the status, stable code and caller-safe message to answer with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }
}

export type UpstreamKind = 'bad_upstream' | 'upstream_unavailable' | 'upstream_timeout';

const UPSTREAM_STATUS: Record<UpstreamKind, number> = {
  bad_upstream: 502,
  upstream_unavailable: 503,
  upstream_timeout: 504,
};

/** A model provider or downstream service failed: 502 bad answer, 503 unavailable or rate limited, 504 timeout. */
export class UpstreamError extends HttpError {
  constructor(
    readonly kind: UpstreamKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(UPSTREAM_STATUS[kind], kind, message, {}, options);
    this.name = 'UpstreamError';
  }
}

/**
 * A named step of a pattern failed ("parse", "select", a step Lambda...). The status follows the
 * cause (a rate-limited provider is still a 503), defaulting to 502; the message names the step.
 */
export class StepFailedError extends UpstreamError {
  constructor(
    readonly step: string,
    cause: unknown,
    detail?: string,
  ) {
    const upstream = classifyUpstream(cause);
    const kind = upstream?.kind ?? 'bad_upstream';
    super(kind, `Step '${step}' failed: ${detail ?? upstream?.message ?? 'it returned an unusable answer.'}`, { cause });
    this.name = 'StepFailedError';
  }
}

/** Thrown by a session store when another request saved the session first. */
export class SessionConflictError extends HttpError {
  constructor(sessionId: string) {
    super(409, 'session_busy', `Session ${sessionId} is busy with another request; retry.`);
    this.name = 'SessionConflictError';
  }
}

const TIMEOUT_NAMES = new Set(['AbortError', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'ServiceQuotaExceededException',
  'ModelNotReadyException',
]);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

function fromStatus(status: number, who: string): UpstreamError {
  if (status === 429) return new UpstreamError('upstream_unavailable', `${who} is rate limiting requests; retry shortly.`);
  if (status === 408 || status === 504) return new UpstreamError('upstream_timeout', `${who} timed out.`);
  if (status === 503 || status === 529) return new UpstreamError('upstream_unavailable', `${who} is temporarily unavailable.`);
  if (status >= 500) return new UpstreamError('bad_upstream', `${who} failed (HTTP ${status}).`);
  return new UpstreamError('bad_upstream', `${who} rejected the request (HTTP ${status}).`);
}

interface AwsLikeError {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Maps a provider/AWS/timeout error to an UpstreamError, or undefined when it is not one. */
export function classifyUpstream(err: unknown): UpstreamError | undefined {
  if (err instanceof UpstreamError) return err;
  const model = 'The model provider';
  if (err instanceof OpenAI.APIConnectionTimeoutError || err instanceof Anthropic.APIConnectionTimeoutError) {
    return new UpstreamError('upstream_timeout', `${model} timed out.`);
  }
  if (err instanceof OpenAI.APIUserAbortError || err instanceof Anthropic.APIUserAbortError) {
    return new UpstreamError('upstream_timeout', `${model} call was aborted before it answered.`);
  }
  if (err instanceof OpenAI.APIConnectionError || err instanceof Anthropic.APIConnectionError) {
    return new UpstreamError('upstream_unavailable', `${model} could not be reached.`);
  }
  if (err instanceof OpenAI.APIError || err instanceof Anthropic.APIError) {
    return typeof err.status === 'number' ? fromStatus(err.status, model) : new UpstreamError('bad_upstream', `${model} failed.`);
  }
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & AwsLikeError;
  if (TIMEOUT_NAMES.has(e.name) || e.code === 'ETIMEDOUT') return new UpstreamError('upstream_timeout', 'An upstream call timed out.');
  if (THROTTLE_NAMES.has(e.name))
    return new UpstreamError('upstream_unavailable', 'An AWS service is throttling or unavailable; retry shortly.');
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code))
    return new UpstreamError('upstream_unavailable', 'An upstream service could not be reached.');
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return fromStatus(status, 'An AWS service');
  return undefined;
}

/** Anything thrown during a turn -> the HttpError to answer with. Unknown errors become a plain 500. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  return (
    classifyUpstream(err) ??
    new HttpError(500, 'internal_error', 'Internal error. The details are in the service log under this request id.')
  );
}
