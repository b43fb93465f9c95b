/**
 * `pnpm demo --pattern d`: a conversation with one pattern in the terminal. Each turn is a real
 * API Gateway v2 event through the pattern's real Lambda handler, shown with its trace and usage.
 */
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fromApiGatewayResult, toApiGatewayEvent } from './lib/api-gateway';
import { gate, type LocalAuthorizer } from './lib/auth/authorizer';
import { loadDevKey, signDevToken } from './lib/auth/dev-key';
import { localAuthMode, localAuthorizerFromEnv } from './lib/auth/local-auth';
import { OPENING_MESSAGE, parseDemoArgs, USAGE, UsageError, type DemoOptions } from './lib/demo-args';
import { hostHandlerModule, hostPatterns, type HostedPattern, type PatternHost } from './lib/pattern-host';
import { formatTurn, painter, type ChatReply, type Paint } from './lib/render';
import { withSpinner } from './lib/spinner';

interface TurnResult {
  status: number;
  /** The response body exactly as POST /chat returns it. */
  body: string;
  /** Why the local authorizer refused the token (API Gateway's body never says). */
  refusal?: string;
}

/** With a token (or AUTH=jwt) each turn passes the local JWT authorizer first, as on a stack with one. */
interface Auth {
  authorizer: LocalAuthorizer;
  token: string;
}

async function demoAuth(opts: DemoOptions): Promise<Auth | undefined> {
  if (!opts.token && localAuthMode(process.env) === 'header') return undefined;
  const authorizer = (await localAuthorizerFromEnv({ ...process.env, AUTH: 'jwt' }))!;
  if (opts.token) return { authorizer, token: opts.token };
  if (process.env.JWT_ISSUER?.trim()) throw new UsageError(`JWT_ISSUER is set: pass a token from ${process.env.JWT_ISSUER} with --token.`);
  return { authorizer, token: await signDevToken(await loadDevKey(), { user: opts.user }) };
}

async function runTurn(
  pattern: HostedPattern,
  opts: DemoOptions,
  auth: Auth | undefined,
  message: string,
  sessionId?: string,
): Promise<TurnResult> {
  const passed = await gate(
    auth?.authorizer,
    toApiGatewayEvent({
      method: 'POST',
      path: '/chat',
      headers: {
        'content-type': 'application/json',
        'x-user-id': opts.user,
        'user-agent': 'tennis-demo',
        ...(auth ? { authorization: `Bearer ${auth.token}` } : {}),
      },
      body: JSON.stringify(sessionId ? { message, session_id: sessionId } : { message }),
    }),
  );
  const result =
    'rejected' in passed ? passed.rejected : await withSpinner(`${pattern.name} is thinking…`, () => pattern.invoke(passed.event));
  const out = fromApiGatewayResult(result);
  return { status: out.statusCode, body: out.body.toString('utf8'), ...('rejected' in passed ? { refusal: passed.reason } : {}) };
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string }; message?: string };
    if (parsed.error?.message) return `${parsed.error.code ?? 'error'}: ${parsed.error.message}`;
    if (parsed.message) return parsed.message;
  } catch {
    // not JSON: show it as is
  }
  return body;
}

/** What a shown turn leaves for the next one: its session, and whether it waits for the member's approval. */
interface Shown {
  session?: string;
  awaitingApproval: boolean;
}

/** Prints a turn; returns its session id so the conversation can continue. */
function showTurn(result: TurnResult, paint: Paint): Shown {
  if (result.status !== 200) {
    console.log(paint('red', `HTTP ${result.status} ${errorMessage(result.body)}${result.refusal ? ` (${result.refusal})` : ''}`));
    return { awaitingApproval: false };
  }
  const reply = JSON.parse(result.body) as ChatReply;
  console.log(formatTurn(reply, paint));
  return { session: reply.session_id, awaitingApproval: Boolean(reply.pending_approval) };
}

async function host(opts: DemoOptions): Promise<{ pattern: HostedPattern; stop: PatternHost['stop'] }> {
  if (opts.handler) {
    const file = resolve(opts.handler);
    return { pattern: await hostHandlerModule('x', basename(file), file), stop: async () => {} };
  }
  const hosted = await hostPatterns([opts.pattern!]);
  return { pattern: hosted.patterns[0]!, stop: hosted.stop };
}

function intro(pattern: HostedPattern, opts: DemoOptions, auth: Auth | undefined, paint: Paint): void {
  const who = auth ? `bearer token (the token's sub is the user; --user ${opts.user} is ignored)` : `user ${opts.user}`;
  const approval =
    process.env.REQUIRE_CONFIRMATION?.trim().toLowerCase() === 'true' ? ' · REQUIRE_CONFIRMATION=true (asks before booking)' : '';
  console.log(
    paint('bold', `Pattern ${pattern.key.toUpperCase()}: ${pattern.name}`) +
      paint('dim', ` · LLM_MODE=${process.env.LLM_MODE ?? 'auto'} · ${who}${approval}`),
  );
  if (opts.session && !process.env.SESSIONS_TABLE) {
    console.log(
      paint('yellow', "Note: sessions live in this process's memory, so --session only finds a session made earlier in this run. ") +
        paint('yellow', 'To continue across runs, point SESSIONS_TABLE and DYNAMODB_ENDPOINT at a shared store.'),
    );
  }
}

async function converse(pattern: HostedPattern, opts: DemoOptions, auth: Auth | undefined, paint: Paint, first: Shown): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  let { session, awaitingApproval } = first;
  console.log(paint('dim', '\nYour turn (/new for a new session, /exit to quit).'));
  try {
    for (;;) {
      // A pending approval: the next message is the member's answer (yes / no), or anything else.
      const line = (await rl.question(paint('cyan', awaitingApproval ? 'You (yes / no): ' : 'You: '))).trim();
      if (line === '/exit') break;
      if (line === '/new') {
        session = undefined;
        awaitingApproval = false;
        console.log(paint('dim', 'New session.'));
        continue;
      }
      if (!line) continue;
      const shown = showTurn(await runTurn(pattern, opts, auth, line, session), paint);
      session = shown.session ?? session;
      awaitingApproval = shown.awaitingApproval;
    }
  } catch (err) {
    // Ctrl-D / Ctrl-C close the interface while a question is pending: a normal way out.
    if ((err as { code?: string }).code !== 'ABORT_ERR' && !/closed/i.test((err as Error).message)) throw err;
  } finally {
    rl.close();
  }
}

/** In --json mode stdout carries the JSON alone: anything else printed (handler logs) goes to stderr. */
function reserveStdout(): (text: string) => void {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return (text) => void write(text);
}

async function main(argv: string[]): Promise<number> {
  let opts: DemoOptions;
  try {
    opts = parseDemoArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  process.env.LOG_LEVEL ??= 'WARN'; // the trace already tells the story; keep handler logs for problems
  // Before the pattern starts: its functions read REQUIRE_CONFIRMATION from this environment.
  if (opts.requireConfirmation) process.env.REQUIRE_CONFIRMATION = 'true';
  let auth: Auth | undefined;
  try {
    auth = await demoAuth(opts);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof Error && err.name === 'AuthSettingsError')) throw err;
    console.error(err.message);
    return 2;
  }
  // As on a stack with an authorizer: the token's sub is the user, X-User-Id is never trusted.
  if (auth) process.env.TRUST_USER_ID_HEADER = 'false';
  const print = opts.json ? reserveStdout() : undefined;
  const paint = painter(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !opts.json);
  const { pattern, stop } = await host(opts);
  try {
    const message = opts.message ?? OPENING_MESSAGE;
    if (print) {
      const result = await runTurn(pattern, opts, auth, message, opts.session);
      print(`${result.body}\n`);
      return result.status === 200 ? 0 : 1;
    }
    intro(pattern, opts, auth, paint);
    console.log(`\n${paint('cyan', 'You:')} ${message}`);
    const shown = showTurn(await runTurn(pattern, opts, auth, message, opts.session), paint);
    if (!opts.message && process.stdin.isTTY)
      await converse(pattern, opts, auth, paint, { ...shown, session: shown.session ?? opts.session });
    return 0;
  } finally {
    await stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
