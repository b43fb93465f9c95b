/**
 * `pnpm dev [letters] [--spans] [--require-confirmation]`: every built pattern (or the ones named, e.g. `pnpm dev d c`) at
 * http://127.0.0.1:3000/<letter>/chat and /<letter>/health (PORT overrides 3000). Multi-Lambda
 * patterns run each function in its own process. AUTH=jwt puts a JWT authorizer in front of POST /chat.
 * Every function exports OpenTelemetry spans when OTEL_EXPORTER_OTLP_ENDPOINT is set (a collector, Jaeger).
 * `pnpm dev --spans` collects them here instead, on a loopback OTLP receiver, for the playground's waterfall.
 * `--require-confirmation` (or REQUIRE_CONFIRMATION=true) runs every pattern with human approval before booking.
 */
import { localAuthorizerFromEnv } from './lib/auth/local-auth';
import { startDevServer } from './lib/dev-server';
import { builtPatterns } from './lib/patterns';
import { parsePatternLetter, PATTERNS } from './lib/lambdas';
import { hostPatterns } from './lib/pattern-host';
import { playgroundPages } from './playground/serve';
import { startOtlpReceiver, type OtlpReceiver } from '../shared/testkit/src/otlp-receiver';

function portFromEnv(): number {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new Error(`PORT must be a number from 0 to 65535, got "${raw}"`);
  return port;
}

const OPTIONS = ['--spans', '--require-confirmation'];

/** --spans: a loopback OTLP receiver every function exports to (set before the functions start). */
async function spanReceiver(argv: string[]): Promise<OtlpReceiver | undefined> {
  const unknown = argv.filter((a) => !OPTIONS.includes(a));
  if (unknown.length) throw new Error(`Unknown option ${unknown[0]}. Usage: pnpm dev [letters] [--spans] [--require-confirmation]`);
  if (!argv.includes('--spans')) return undefined;
  const receiver = await startOtlpReceiver();
  Object.assign(process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  return receiver;
}

async function main(): Promise<void> {
  const port = portFromEnv();
  const args = process.argv.slice(2);
  const receiver = await spanReceiver(args.filter((a) => a.startsWith('--')));
  // Before the patterns start: every function reads REQUIRE_CONFIRMATION from this environment.
  if (args.includes('--require-confirmation')) process.env.REQUIRE_CONFIRMATION = 'true';
  const named = args.filter((a) => !a.startsWith('--')).map(parsePatternLetter);
  const letters = named.length ? named : builtPatterns();
  const notBuilt = named.length ? [] : PATTERNS.filter((l) => !letters.includes(l));
  const authorizer = await localAuthorizerFromEnv(process.env);
  // As on a stack with an authorizer: the token's sub is the user, X-User-Id is never trusted.
  if (authorizer) process.env.TRUST_USER_ID_HEADER = 'false';
  const host = await hostPatterns(letters);
  let server;
  try {
    server = await startDevServer({
      patterns: host.patterns,
      port,
      pages: playgroundPages(host.patterns, receiver?.spans),
      ...(authorizer ? { authorizer } : {}),
    });
  } catch (err) {
    await host.stop();
    await receiver?.close();
    throw err;
  }
  console.log(`Dev server on ${server.url} (LLM_MODE=${process.env.LLM_MODE ?? 'auto'}); playground: ${server.url}/`);
  const otlp = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (process.env.REQUIRE_CONFIRMATION?.trim().toLowerCase() === 'true')
    console.log('  REQUIRE_CONFIRMATION=true: a turn that would book asks first (pending_approval); answer yes or no');
  if (receiver) console.log("  spans: collected here for the playground's waterfall (--spans)");
  else if (otlp) console.log(`  spans: exported to ${otlp} (${process.env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf'})`);
  for (const p of host.patterns) console.log(`  ${server.url}/${p.key}/chat   ${p.name}`);
  if (notBuilt.length) console.log(`  not built yet: ${notBuilt.join(', ')}`);
  if (authorizer) {
    console.log(
      `AUTH=jwt: POST /chat needs "Authorization: Bearer <token>" (iss ${authorizer.issuer}, aud ${authorizer.audiences.join(' or ')});`,
    );
    console.log(`  keys from ${authorizer.source}; GET /health stays public.`);
  } else {
    console.log('AUTH=header: X-User-Id is the user (demo only; AUTH=jwt checks bearer tokens as a deployed stack does).');
  }
  console.log('Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    await server.close();
    await host.stop();
    await receiver?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  // Expected failures (port taken, pattern broken) carry a message written for the user.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
