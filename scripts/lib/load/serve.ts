/**
 * Child-process entry for the fault, abuse and load suites: the dev server (every built pattern, or
 * the letters given as arguments) with ALL patterns on one DynamoDB-compatible store, so a booking
 * storm across patterns meets one "exactly one booking per slot" rule and the parent can list every
 * booking made. Talks to its parent over IPC (see ./target.ts); its environment is the server's.
 */
import { startLocalDynamo, type LocalDynamo } from '../../../shared/runtime/src/local/dynamo';
import { bookingsTable } from '../compare/store';
import { startDevServer } from '../dev-server';
import { parsePatternLetter } from '../lambdas';
import { hostPatterns } from '../pattern-host';
import { builtPatterns } from '../patterns';
import type { ParentMessage, ServeMessage } from './protocol';

function send(message: ServeMessage): void {
  process.send?.(message);
}

/**
 * The store every pattern uses: the local Lambda runtime's when a multi-Lambda pattern is hosted (its
 * functions are wired to it), else a fresh one. In-process handlers read it from process.env on their
 * first request, which is why this runs before any request is served.
 */
async function shareOneStore(runtimeEnv: Record<string, string> | undefined): Promise<LocalDynamo | undefined> {
  if (runtimeEnv) {
    Object.assign(process.env, runtimeEnv);
    return undefined;
  }
  const dynamo = await startLocalDynamo();
  Object.assign(process.env, dynamo.credentialsEnv(process.env), {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    BOOKINGS_TABLE: dynamo.tables.bookings,
    SESSIONS_TABLE: dynamo.tables.sessions,
  });
  return dynamo;
}

async function main(): Promise<void> {
  const letters = process.argv.length > 2 ? process.argv.slice(2).map(parsePatternLetter) : builtPatterns();
  const host = await hostPatterns(letters);
  const ownStore = await shareOneStore(host.runtime?.env);
  const server = await startDevServer({ patterns: host.patterns, port: 0, log: () => {} });
  // The whole shared table (a consistent scan), read with one client for the life of the server.
  const table = bookingsTable(process.env.DYNAMODB_ENDPOINT!, process.env.BOOKINGS_TABLE!);
  const stop = async (): Promise<void> => {
    table.close();
    await server.close();
    await host.stop();
    await ownStore?.stop();
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'bookings') {
      table.all().then(
        (bookings) => send({ type: 'bookings', bookings }),
        (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    }
  });
  process.on('disconnect', () => void stop());
  send({ type: 'ready', url: server.url, patterns: host.patterns.map((p) => p.key) });
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
