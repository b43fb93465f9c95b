/**
 * A pattern run from its built bundles, as Lambda runs it: every function in its own plain Node 22 process
 * (the local Lambda runtime with its worker compiled to JavaScript, so no tsx), importing its bundle with
 * the AWS SDK layer as the only module path, on the offline model, behind one shared DynamoDB-compatible
 * store. Used by the memory bench (peak RSS per function) and the bundle-run test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startLocalLambdaRuntime, type LocalLambdaRuntime } from '../../shared/runtime/src/local';
import { toApiGatewayEvent } from './api-gateway';
import { LAMBDA_ENV, layerEnv } from './cold-start';
import { bundlePaths, invokeEnvName, lambdasOf, REPO_ROOT, type LambdaSpec, type PatternLetter } from './lambdas';

const WORKER_SOURCE = join(REPO_ROOT, 'shared', 'runtime', 'src', 'local', 'worker.ts');

/** The local runtime's worker as plain JavaScript, so a function's process holds its bundle and Node, not tsx. */
export async function compileWorker(dir: string): Promise<string> {
  const file = join(dir, 'worker.mjs');
  await build({
    entryPoints: [WORKER_SOURCE],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    logLevel: 'error',
  });
  return file;
}

export interface ChatTurn {
  session_id: string;
  response: string;
  booking: { date: string; time: string; court: string; user_id: string } | null;
}

export interface BundledPattern {
  functions: LambdaSpec[];
  /** One POST /chat through the HTTP function; throws on anything but a 200. */
  chat(userId: string, message: string, sessionId?: string): Promise<ChatTurn>;
  /** Peak resident set size of each function's process so far, in MB (Linux: VmHWM). */
  peakRssMb(): Map<string, number>;
  stop(): Promise<void>;
}

/** Peak resident set size of a process, in MB (Linux: VmHWM in /proc/<pid>/status). */
function peakRssOf(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

/**
 * Starts `letter` from the bundles under `bundlesRoot` (dist/lambdas/<name>) with `layerModules` as the
 * module path. A failed turn's error carries the functions' last log lines.
 */
export async function startBundledPattern(
  letter: PatternLetter,
  opts: { worker: string; layerModules: string; bundlesRoot?: string },
): Promise<BundledPattern> {
  const functions = lambdasOf(letter);
  const http = functions.find((f) => f.role === 'http')!;
  const logs: string[] = [];
  const targets = Object.fromEntries(functions.filter((f) => f !== http).map((f) => [invokeEnvName(f.name), f.name]));
  const runtime: LocalLambdaRuntime = await startLocalLambdaRuntime({
    functions: functions.map((f) => ({
      name: f.name,
      entry: bundlePaths(f, opts.bundlesRoot).file,
      ...(f === http ? { env: targets } : {}),
    })),
    baseEnv: {
      PATH: process.env.PATH,
      ...LAMBDA_ENV,
      ...layerEnv(opts.layerModules),
      CLUB_TIMEZONE: process.env.CLUB_TIMEZONE ?? 'Europe/London',
      LOG_LEVEL: 'WARN',
    },
    worker: opts.worker,
    log: (fn, line) => logs.push(`[${fn}] ${line}`),
  });
  const fail = (problem: string): never => {
    throw new Error(`${problem}\nlast function output:\n${logs.slice(-10).join('\n') || '(none)'}`);
  };
  return {
    functions,
    chat: async (userId, message, sessionId) => {
      const event = toApiGatewayEvent({
        method: 'POST',
        path: '/chat',
        headers: { 'content-type': 'application/json', 'x-user-id': userId },
        body: JSON.stringify(sessionId ? { message, session_id: sessionId } : { message }),
      });
      const outcome = await runtime.invoke(http.name, event);
      if (!outcome.ok) return fail(`${http.name} failed: ${outcome.errorType} ${outcome.errorMessage}`);
      const result = JSON.parse(outcome.payload) as { statusCode: number; body: string };
      if (result.statusCode !== 200) return fail(`${http.name} answered ${result.statusCode}: ${result.body.slice(0, 300)}`);
      return JSON.parse(result.body) as ChatTurn;
    },
    peakRssMb: () => {
      const pids = runtime.pids();
      return new Map(functions.map((f) => [f.name, peakRssOf(pids[f.name]!)]));
    },
    stop: () => runtime.stop(),
  };
}
