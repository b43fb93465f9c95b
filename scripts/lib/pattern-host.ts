/**
 * Runs patterns locally behind one call: `invoke(API Gateway v2 event) -> result`.
 * Single-Lambda patterns: the handler module is imported into this process (it IS the Lambda).
 * Multi-Lambda patterns (C, G, H): every function, the HTTP-facing one included, runs in its own
 * process in the local Lambda runtime; this process plays API Gateway and hands each event to the HTTP
 * function's process, which invokes the others through the real Lambda client, exactly as in AWS.
 */
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { lambdaContext, startLocalLambdaRuntime, type LocalFunctionSpec, type LocalLambdaRuntime } from '../../shared/runtime/src/local';
import { entryPath, invokeEnvName, type PatternLetter } from './lambdas';
import { isMultiLambda, requireBuilt, type PatternInfo } from './patterns';

type LambdaHandler = (event: APIGatewayProxyEventV2, context: object) => Promise<APIGatewayProxyResultV2>;

export interface HostedPattern {
  /** URL segment and label: a pattern letter, or "x" for a custom handler module. */
  key: string;
  name: string;
  invoke(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2>;
}

export interface PatternHost {
  patterns: HostedPattern[];
  /** Set when a multi-Lambda pattern is hosted. */
  runtime?: LocalLambdaRuntime;
  stop(): Promise<void>;
}

const HANDLER_TIMEOUT_MS = 90_000;

/** Imports a module exporting an API Gateway v2 `handler` and calls it in this process. */
export async function hostHandlerModule(key: string, name: string, file: string): Promise<HostedPattern> {
  const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new Error(`${file} does not export a function named "handler"`);
  const handler = mod.handler as LambdaHandler;
  return {
    key,
    name,
    invoke: (event) => handler(event, lambdaContext(`local-${key}`, event.requestContext.requestId, Date.now() + HANDLER_TIMEOUT_MS)),
  };
}

/** What API Gateway answers when the Lambda itself failed (crash, timeout, unhandled error). */
function functionErrorResult(functionName: string, errorType: string, requestId: string): APIGatewayProxyResultV2 {
  const message = `The ${functionName} Lambda failed (${errorType}). See its log lines above for details.`;
  return {
    statusCode: 502,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ error: { code: 'bad_gateway', message, request_id: requestId } }),
  };
}

/** Every function of a pattern for the local runtime; the HTTP one learns the others' names as infra tells them. */
export function localFunctions(info: PatternInfo): LocalFunctionSpec[] {
  const others = info.functions.filter((f) => f !== info.http);
  const targets = Object.fromEntries(others.map((f) => [invokeEnvName(f.name), f.name]));
  return info.functions.map((f) => ({ name: f.name, entry: entryPath(f), ...(f === info.http ? { env: targets } : {}) }));
}

function hostInRuntime(info: PatternInfo, runtime: LocalLambdaRuntime): HostedPattern {
  return {
    key: info.letter,
    name: info.name,
    invoke: async (event) => {
      const outcome = await runtime.invoke(info.http.name, event);
      if (!outcome.ok) return functionErrorResult(info.http.name, outcome.errorType, event.requestContext.requestId);
      return JSON.parse(outcome.payload) as APIGatewayProxyResultV2;
    },
  };
}

/**
 * Hosts the given patterns (each must be built: see requireBuilt). One local Lambda runtime, with one
 * shared DynamoDB-compatible store, serves all multi-Lambda patterns.
 */
export async function hostPatterns(letters: PatternLetter[], log?: (fn: string, line: string) => void): Promise<PatternHost> {
  const infos = letters.map((letter) => requireBuilt(letter));
  const multi = infos.filter(isMultiLambda);
  const runtime = multi.length
    ? await startLocalLambdaRuntime({ functions: multi.flatMap(localFunctions), ...(log ? { log } : {}) })
    : undefined;
  const stop = async (): Promise<void> => {
    await runtime?.stop();
  };
  try {
    const patterns = await Promise.all(
      infos.map((info) =>
        runtime && isMultiLambda(info) ? hostInRuntime(info, runtime) : hostHandlerModule(info.letter, info.name, entryPath(info.http)),
      ),
    );
    return { patterns, ...(runtime ? { runtime } : {}), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
