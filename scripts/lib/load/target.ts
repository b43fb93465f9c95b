/**
 * startTarget: the dev server in its own process (./serve.ts) with a chosen environment (faults,
 * timeouts, limits), every pattern on one shared store, and a way to list every booking it holds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Booking } from '../../../shared/booking-service/src/types';
import type { PatternLetter } from '../lambdas';
import type { ParentMessage, ServeMessage } from './protocol';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const REPLY_TIMEOUT_MS = 120_000;
/** Kept so a failed start-up can say why. */
const STDERR_TAIL_CHARS = 4000;

export interface Target {
  url: string;
  patterns: PatternLetter[];
  /** The server process (for its RSS). */
  pid: number;
  /** Every booking in the shared store. */
  bookings(): Promise<Booking[]>;
  stop(): Promise<void>;
}

export interface TargetOptions {
  /** Added to a quiet offline base environment (LLM_MODE=offline, LOG_LEVEL=SILENT). */
  env?: Record<string, string>;
  /** Default: every built pattern. */
  patterns?: PatternLetter[];
}

/** The server's environment: this process's PATH and HOME only, so no real key or AWS profile leaks in. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { PATH, HOME, TMPDIR, LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', ...extra };
}

function nextMessage<T extends ServeMessage['type']>(
  child: ChildProcess,
  type: T,
  stderr: () => string,
): Promise<Extract<ServeMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServeMessage): void => {
      if (message.type === type) done(() => resolve(message as Extract<ServeMessage, { type: T }>));
      else if (message.type === 'error') done(() => reject(new Error(`Target server: ${message.message}`)));
    };
    const onExit = (code: number | null): void => done(() => reject(new Error(`Target server exited (code ${code}).\n${stderr()}`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`Target server gave no "${type}" within ${REPLY_TIMEOUT_MS} ms.\n${stderr()}`))),
      REPLY_TIMEOUT_MS,
    );
    const done = (settle: () => void): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startTarget(opts: TargetOptions = {}): Promise<Target> {
  const child = fork(SERVE, opts.patterns ?? [], {
    execArgv: ['--import', TSX_LOADER],
    env: serverEnv(opts.env ?? {}),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  const tail = () => stderr;
  const post = (message: ParentMessage) => child.send(message);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    post({ type: 'stop' });
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const ready = await nextMessage(child, 'ready', tail);
    return {
      url: ready.url,
      patterns: ready.patterns as PatternLetter[],
      pid: child.pid!,
      bookings: async () => {
        const reply = nextMessage(child, 'bookings', tail);
        post({ type: 'bookings' });
        return (await reply).bookings;
      },
      stop,
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
