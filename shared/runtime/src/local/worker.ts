/**
 * One Lambda function's process in the local runtime: `node --import tsx worker.ts <entry> <function-name>`.
 * Imports the entry module once (a cold start), then runs its `handler` for every invoke message,
 * like one Lambda execution environment. A crash or exit ends the process; the parent restarts it.
 */
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './context';
import type { InvokeMessage, WorkerMessage } from './protocol';

type Handler = (event: unknown, context: object) => unknown;

const [entry, functionName = 'function'] = process.argv.slice(2);

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function errorFields(err: unknown): { errorType: string; errorMessage: string } {
  if (err instanceof Error) return { errorType: err.name, errorMessage: err.message };
  return { errorType: 'Error', errorMessage: String(err) };
}

async function loadHandler(): Promise<Handler> {
  if (!entry) throw new Error('usage: worker.ts <entry module> <function name>');
  const mod = (await import(pathToFileURL(entry).href)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new Error(`${entry} does not export a function named "handler"`);
  return mod.handler as Handler;
}

async function run(handler: Handler, message: InvokeMessage): Promise<void> {
  try {
    const result = await handler(JSON.parse(message.event), lambdaContext(functionName, message.requestId, message.deadline));
    // Lambda serialises the handler's return value; undefined becomes null.
    send({ type: 'result', requestId: message.requestId, ok: true, payload: JSON.stringify(result ?? null) });
  } catch (err) {
    send({ type: 'result', requestId: message.requestId, ok: false, ...errorFields(err) });
  }
}

try {
  const handler = await loadHandler();
  process.on('message', (message: InvokeMessage) => void run(handler, message));
  // The parent went away (Ctrl-C, crash): nothing can invoke us any more.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
} catch (err) {
  const fields = errorFields(err);
  const message: WorkerMessage = {
    type: 'init_error',
    errorType: 'Runtime.ImportModuleError',
    errorMessage: `${fields.errorType}: ${fields.errorMessage}`,
  };
  process.exitCode = 1;
  // Exit only once the message is flushed to the parent.
  process.send?.(message, () => process.exit(1));
}
