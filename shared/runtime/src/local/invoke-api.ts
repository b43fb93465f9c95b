/**
 * The Lambda Invoke API, as much of it as @aws-sdk/client-lambda needs for a synchronous invoke:
 *   POST /2015-03-31/functions/{FunctionName}/invocations   (InvocationType RequestResponse)
 * Success: 200 with the handler's JSON result. Function error: 200 with X-Amz-Function-Error: Unhandled
 * and {errorType, errorMessage}. API errors use AWS's JSON error format with the x-amzn-ErrorType header.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from './http-body';
import type { InvokeOutcome } from './protocol';

/** Lambda's synchronous payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export type InvokeFn = (functionName: string, event: string, requestId: string) => Promise<InvokeOutcome> | undefined;

/** Accepts a name, a partial ARN ("name:qualifier") or a full ARN; returns the bare function name. */
export function functionNameOf(identifier: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(identifier);
  return arn?.[1] ?? identifier.split(':')[0] ?? identifier;
}

function sendAwsError(res: ServerResponse, status: number, type: string, message: string, requestId: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': requestId });
  res.end(JSON.stringify({ Type: 'User', message }));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Request listener for node:http; `invoke` returns undefined for a function that does not exist. */
export function invokeApi(invoke: InvokeFn): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = randomUUID();
    handle(invoke, req, res, requestId).catch((err: unknown) => {
      // A dropped connection or a bug here must not take the whole runtime down.
      if (!res.headersSent) sendAwsError(res, 500, 'ServiceException', `Local runtime error: ${String(err)}`, requestId);
      else res.destroy();
    });
  };
}

async function handle(invoke: InvokeFn, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const match = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
  if (req.method !== 'POST' || !match?.[1]) {
    return sendAwsError(res, 404, 'UnknownOperationException', `Unknown operation ${req.method} ${req.url}`, requestId);
  }
  const invocationType = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  if (invocationType !== 'RequestResponse') {
    const message = `InvocationType ${String(invocationType)} is not supported by the local runtime; use RequestResponse`;
    return sendAwsError(res, 400, 'InvalidParameterValueException', message, requestId);
  }
  let body: string;
  try {
    body = (await readBody(req, MAX_PAYLOAD_BYTES)) || '{}';
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    return sendAwsError(res, 413, 'RequestTooLargeException', err.message, requestId);
  }
  if (!isJson(body)) {
    return sendAwsError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json', requestId);
  }
  const name = functionNameOf(decodeURIComponent(match[1]));
  const pending = invoke(name, body, requestId);
  if (!pending) {
    const arn = `arn:aws:lambda:local:000000000000:function:${name}`;
    return sendAwsError(res, 404, 'ResourceNotFoundException', `Function not found: ${arn}`, requestId);
  }
  const outcome = await pending;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amz-executed-version': '$LATEST',
  };
  if (outcome.ok) {
    res.writeHead(200, headers).end(outcome.payload);
  } else {
    res.writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' });
    res.end(JSON.stringify({ errorType: outcome.errorType, errorMessage: outcome.errorMessage }));
  }
}
