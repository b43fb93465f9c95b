/**
 * The local Lambda runtime: every function in its own Node process, behind ONE endpoint speaking the
 * Lambda Invoke API (so the real @aws-sdk/client-lambda reaches it through `endpoint`), all sharing
 * ONE DynamoDB-compatible store. Used by `pnpm dev` and `pnpm demo` for the multi-Lambda patterns.
 * Functions invoke each other through the Invoke API; API Gateway's own hand-over to the HTTP function
 * (`invoke`) goes to its process directly, as API Gateway's Lambda integration does not use the public API.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startLocalDynamo, type LocalDynamo } from './dynamo';
import { FunctionProcess } from './function-process';
import { invokeApi } from './invoke-api';
import type { InvokeOutcome } from './protocol';

export interface LocalFunctionSpec {
  /** The FunctionName callers pass to Invoke. */
  name: string;
  /** Module exporting `handler` (absolute, or relative to the current directory). */
  entry: string;
  /** Extra environment for this function only. */
  env?: Record<string, string>;
}

export interface LocalLambdaRuntimeOptions {
  functions: LocalFunctionSpec[];
  /** Environment every function inherits (default: this process's). Runtime variables are added on top. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Per-invoke timeout, like a Lambda's configured timeout (default 60 s). */
  timeoutMs?: number;
  /** Where function output goes, one line at a time (default: stderr, prefixed with the function name). */
  log?: (functionName: string, line: string) => void;
  /** worker.ts compiled to JavaScript, to run built bundles without tsx (see FunctionProcessOptions.worker). */
  worker?: string;
}

export interface LocalLambdaRuntime {
  /** Base URL of the Invoke API, e.g. http://127.0.0.1:40123 (what LAMBDA_ENDPOINT is set to). */
  endpoint: string;
  dynamodbEndpoint: string;
  /** The variables every function received on top of the base environment. */
  env: Record<string, string>;
  /** API Gateway's hand-over: the event to the function's process; a function error is {ok:false}. */
  invoke(name: string, event: unknown): Promise<InvokeOutcome>;
  pids(): Record<string, number>;
  /** Kills a function's process as a crash would; it restarts by itself. */
  kill(name: string): void;
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const HOST = '127.0.0.1';

function defaultLog(functionName: string, line: string): void {
  process.stderr.write(`[${functionName}] ${line}\n`);
}

function listen(server: Server): Promise<string> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, HOST, () => done(`http://${HOST}:${(server.address() as AddressInfo).port}`));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

function assertUniqueNames(functions: LocalFunctionSpec[]): void {
  const seen = new Set<string>();
  for (const { name } of functions) {
    if (seen.has(name)) throw new Error(`Duplicate local function name "${name}"`);
    seen.add(name);
  }
}

export async function startLocalLambdaRuntime(opts: LocalLambdaRuntimeOptions): Promise<LocalLambdaRuntime> {
  assertUniqueNames(opts.functions);
  const processes = new Map<string, FunctionProcess>();
  const server = createServer(invokeApi((name, event, requestId) => processes.get(name)?.invoke(event, requestId)));
  let dynamo: LocalDynamo | undefined;

  const stop = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    if (server.listening) await closeServer(server);
    await dynamo?.stop();
  };

  try {
    const endpoint = await listen(server);
    dynamo = await startLocalDynamo(HOST);
    const baseEnv = opts.baseEnv ?? process.env;
    const env: Record<string, string> = {
      ...dynamo.credentialsEnv(baseEnv),
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      BOOKINGS_TABLE: dynamo.tables.bookings,
      SESSIONS_TABLE: dynamo.tables.sessions,
      LAMBDA_ENDPOINT: endpoint,
    };
    for (const fn of opts.functions) {
      processes.set(
        fn.name,
        new FunctionProcess({
          name: fn.name,
          entry: resolve(fn.entry),
          // service.name defaults to the function's name, as AWS_LAMBDA_FUNCTION_NAME makes it on Lambda (telemetry-export.ts).
          env: { ...baseEnv, ...env, ...fn.env, OTEL_SERVICE_NAME: baseEnv.OTEL_SERVICE_NAME || fn.name },
          timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          log: opts.log ?? defaultLog,
          ...(opts.worker ? { worker: opts.worker } : {}),
        }),
      );
    }
    // Cold-start every function now so a broken module is reported at start-up, not on first use.
    await Promise.all([...processes.values()].map((p) => p.start()));
    return {
      endpoint,
      dynamodbEndpoint: dynamo.endpoint,
      env,
      invoke: (name, event) => {
        const p = processes.get(name);
        if (!p) throw new Error(`No local function named "${name}"`);
        return p.invoke(JSON.stringify(event), randomUUID());
      },
      pids: () => Object.fromEntries([...processes].flatMap(([name, p]) => (p.pid === undefined ? [] : [[name, p.pid]]))),
      kill: (name) => {
        const p = processes.get(name);
        if (!p) throw new Error(`No local function named "${name}"`);
        p.kill();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
