/**
 * Messages between the local Lambda runtime (parent) and one function's worker process (child),
 * over the Node IPC channel. Payloads travel as JSON text, exactly as Lambda hands them over.
 */

/** Parent -> worker: run the handler once. */
export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  /** The event, as JSON text. */
  event: string;
  /** Epoch ms after which the parent gives up (reported to the handler as remaining time). */
  deadline: number;
}

/** Worker -> parent. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init_error'; errorType: string; errorMessage: string }
  | { type: 'result'; requestId: string; ok: true; payload: string }
  | { type: 'result'; requestId: string; ok: false; errorType: string; errorMessage: string };

/** What one invocation produced: the handler's JSON result or a Lambda-style function error. */
export type InvokeOutcome = { ok: true; payload: string } | { ok: false; errorType: string; errorMessage: string };
