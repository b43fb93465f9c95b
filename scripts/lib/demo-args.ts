/** Command line of `pnpm demo`. Bad input -> UsageError (the CLI prints usage and exits 2). */
import { parseArgs } from 'node:util';
import { PATTERNS, parsePatternLetter, type PatternLetter } from './lambdas';

export const OPENING_MESSAGE = 'Book tomorrow at 3pm';

export const USAGE = `Usage: pnpm demo --pattern <${PATTERNS.join('|')}> [options]

Talk to one pattern's real Lambda handler in the terminal. Works with no API keys (offline model).

Options:
  -p, --pattern <letter>   which pattern to run (required unless --handler)
  -m, --message <text>     run one turn with this message and exit (default: "${OPENING_MESSAGE}",
                           then an interactive conversation when stdin is a terminal)
      --json               print the turn's JSON exactly as POST /chat returns it, then exit
      --session <id>       continue an existing session
      --user <id>          who is asking (sent as X-User-Id; default "demo-user")
      --token <jwt>        send Authorization: Bearer <jwt> and check it as AUTH=jwt does (the
                           token's sub is the user); with AUTH=jwt and no --token, a dev token
                           for --user is made (pnpm token)
      --handler <file>     run any module exporting an API Gateway v2 handler instead of a pattern
      --require-confirmation
                           human approval before booking (REQUIRE_CONFIRMATION=true, as the
                           environment variable also sets it): a turn that would book asks first,
                           and the conversation waits for your yes or no
  -h, --help               show this help

In the conversation: /new starts a new session, /exit (or Ctrl-D, Ctrl-C) quits. When a turn asks for
approval, answer "yes" to book that slot, "no" to decline, or say anything else.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface DemoOptions {
  pattern?: PatternLetter;
  handler?: string;
  message?: string;
  json: boolean;
  session?: string;
  user: string;
  token?: string;
  /** --require-confirmation: run the pattern with REQUIRE_CONFIRMATION=true. */
  requireConfirmation: boolean;
  help: boolean;
}

export function parseDemoArgs(argv: string[]): DemoOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        pattern: { type: 'string', short: 'p' },
        message: { type: 'string', short: 'm' },
        json: { type: 'boolean', default: false },
        session: { type: 'string' },
        user: { type: 'string', default: 'demo-user' },
        token: { type: 'string' },
        handler: { type: 'string' },
        'require-confirmation': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { pattern, handler, message, session, user, json, help, token } = values;
  const requireConfirmation = values['require-confirmation'];
  if (help) return { json, user, requireConfirmation, help };
  if (pattern !== undefined && handler !== undefined) throw new UsageError('Use either --pattern or --handler, not both.');
  if (pattern === undefined && handler === undefined) throw new UsageError('Missing --pattern.');
  if (message !== undefined && !message.trim()) throw new UsageError('--message must not be empty.');
  if (token !== undefined && !/^\S+$/.test(token)) throw new UsageError('--token must be a JWT (no spaces; without the "Bearer " prefix).');
  let letter: PatternLetter | undefined;
  try {
    letter = pattern === undefined ? undefined : parsePatternLetter(pattern);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return {
    ...(letter ? { pattern: letter } : {}),
    ...(handler ? { handler } : {}),
    ...(message ? { message } : {}),
    ...(session ? { session } : {}),
    ...(token ? { token } : {}),
    json,
    user,
    requireConfirmation,
    help,
  };
}
