/**
 * One local Lambda function = one Node process running worker.ts over the function's entry module.
 * Mirrors the Lambda behaviours callers depend on: a cold start, a function error when the handler
 * throws, a "Runtime.ExitError" when the process dies mid-invoke (then a fresh process), a timeout.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { InvokeMessage, InvokeOutcome, WorkerMessage } from './protocol';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** tsx's ESM loader, so workers run the TypeScript sources directly (no build step). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface FunctionProcessOptions {
  name: string;
  /** Absolute path of the module exporting `handler`. */
  entry: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Receives each line the function prints (stdout and stderr). */
  log: (name: string, line: string) => void;
  /** worker.ts compiled to plain JavaScript: runs without tsx's loader (for built bundles, e.g. measuring memory). */
  worker?: string;
}

interface Pending {
  resolve: (outcome: InvokeOutcome) => void;
  timer: NodeJS.Timeout;
}

export class FunctionProcess {
  private child: ChildProcess | undefined;
  private starting: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();
  private stopping = false;
  /** Set once the module imported: only a process that started fine is restarted after it dies. */
  private ready = false;

  constructor(private readonly opts: FunctionProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process (once) and resolves when its module is imported; rejects on an import failure. */
  start(): Promise<void> {
    this.starting ??= this.spawn().catch((err: unknown) => {
      this.starting = undefined; // a later invoke tries again (e.g. after the file was fixed)
      throw err;
    });
    return this.starting;
  }

  async invoke(event: string, requestId: string): Promise<InvokeOutcome> {
    try {
      await this.start();
    } catch (err) {
      return initFailure(err);
    }
    const child = this.child;
    if (!child?.connected) return exitError(requestId, 'process not running');
    return new Promise<InvokeOutcome>((resolve) => {
      const timer = setTimeout(() => this.timeOut(requestId), this.opts.timeoutMs);
      this.pending.set(requestId, { resolve, timer });
      const message: InvokeMessage = { type: 'invoke', requestId, event, deadline: Date.now() + this.opts.timeoutMs };
      child.send(message);
    });
  }

  /** Kills the process as a crash would (SIGKILL); it is restarted. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  /** Stops for good: no restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  private spawn(): Promise<void> {
    const child = fork(this.opts.worker ?? WORKER, [this.opts.entry, this.opts.name], {
      execArgv: this.opts.worker ? [] : ['--import', TSX_LOADER],
      env: this.opts.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.opts.log(this.opts.name, line));
    }
    child.on('message', (message: WorkerMessage) => this.onMessage(message));
    return new Promise<void>((resolve, reject) => {
      const onReady = (message: WorkerMessage): void => {
        if (message.type === 'ready') {
          this.ready = true;
          resolve();
        }
        if (message.type === 'init_error') reject(new FunctionInitError(this.opts.name, message.errorType, message.errorMessage));
      };
      child.on('message', onReady);
      child.once('exit', (code, signal) => {
        child.off('message', onReady);
        reject(new FunctionInitError(this.opts.name, 'Runtime.ExitError', `exited during start-up (${exitReason(code, signal)})`));
        this.onExit(child, code, signal);
      });
    });
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type !== 'result') return;
    const outcome: InvokeOutcome = message.ok
      ? { ok: true, payload: message.payload }
      : { ok: false, errorType: message.errorType, errorMessage: message.errorMessage };
    this.settle(message.requestId, outcome);
  }

  private settle(requestId: string, outcome: InvokeOutcome): void {
    const entry = this.pending.get(requestId);
    if (!entry) return; // already timed out
    clearTimeout(entry.timer);
    this.pending.delete(requestId);
    entry.resolve(outcome);
  }

  private timeOut(requestId: string): void {
    const seconds = (this.opts.timeoutMs / 1000).toFixed(2);
    this.settle(requestId, {
      ok: false,
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
    });
    // Like Lambda, a timed-out environment is discarded: the stuck handler cannot be trusted.
    this.kill();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    const wasReady = this.ready;
    this.ready = false;
    this.starting = undefined;
    for (const requestId of [...this.pending.keys()]) this.settle(requestId, exitError(requestId, exitReason(code, signal)));
    if (wasReady && !this.stopping) {
      this.start().catch((err: unknown) => this.opts.log(this.opts.name, `restart failed: ${(err as Error).message}`));
    }
  }
}

/** A function whose module could not be loaded (syntax error, missing export, crash at import). */
export class FunctionInitError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    detail: string,
  ) {
    super(`Function ${functionName} failed to start: ${detail}`);
    this.name = 'FunctionInitError';
  }
}

function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal: ${signal}` : `exit status ${code ?? 'unknown'}`;
}

function exitError(requestId: string, reason: string): InvokeOutcome {
  return { ok: false, errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${reason}` };
}

function initFailure(err: unknown): InvokeOutcome {
  if (err instanceof FunctionInitError) return { ok: false, errorType: err.errorType, errorMessage: err.message };
  return { ok: false, errorType: 'Runtime.Unknown', errorMessage: String(err) };
}
