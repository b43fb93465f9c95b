/**
 * `pnpm token --user alice [--ttl 1h]`: prints a dev JWT for `alice`, signed by the local dev key
 * (made at first use in a gitignored file), which `AUTH=jwt pnpm dev` trusts. Only the token goes to
 * stdout, so `TOKEN=$(pnpm -s token --user alice)` works.
 */
import { parseArgs } from 'node:util';
import { USER_ID_PATTERN } from '../shared/runtime/src/identity';
import { loadDevKey, signDevToken } from './lib/auth/dev-key';

const USAGE = `Usage: pnpm token --user <id> [--ttl <span>]

Prints a JWT signed by the local dev key, for AUTH=jwt pnpm dev (and pnpm demo --token).
  --user <id>    the token's sub: who the API sees as the user (1-64 of A-Z a-z 0-9 _ . @ -)
  --ttl <span>   lifetime, e.g. 30m, 1h, 2d (default 1h)`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { user: { type: 'string' }, ttl: { type: 'string', default: '1h' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.user || !USER_ID_PATTERN.test(values.user)) {
    console.error(`${values.user ? `--user ${JSON.stringify(values.user)} is not a valid user id.` : 'Missing --user.'}\n\n${USAGE}`);
    return 2;
  }
  if (!/^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)$/i.test(values.ttl)) {
    console.error(`--ttl ${JSON.stringify(values.ttl)}: expected a span such as 30m, 1h or 2d.\n\n${USAGE}`);
    return 2;
  }
  if (process.env.JWT_ISSUER?.trim()) {
    console.error(
      `JWT_ISSUER is set (${process.env.JWT_ISSUER}), so the dev server trusts that provider, not the dev key: get the token from it instead.`,
    );
    return 1;
  }
  const key = await loadDevKey();
  process.stdout.write(`${await signDevToken(key, { user: values.user, ttl: values.ttl })}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
