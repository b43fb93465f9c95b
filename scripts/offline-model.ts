/**
 * `pnpm offline-model`: serves the offline model over HTTP on 127.0.0.1 (PORT, default 4010), so
 * curl, other languages and any OpenAI-compatible client can talk to it. OFFLINE_FAULTS and
 * OFFLINE_LATENCY_MS apply as they do in-process.
 */
import { parseFaults, serveOfflineModel } from '../shared/offline-model/src/index';

const DEFAULT_PORT = 4010;

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0-65535), got "${value}".`);
  return port;
}

function latencyFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d+$/.test(value)) throw new Error(`OFFLINE_LATENCY_MS must be a whole number of milliseconds, got "${value}".`);
  return Number(value);
}

function usage(url: string, faults: string): string {
  return [
    `Offline model listening on ${url}${faults ? ` (faults: ${faults})` : ''}`,
    '',
    `  OpenAI Chat Completions  POST ${url}/v1/chat/completions   (OPENAI_BASE_URL=${url}/v1)`,
    `  OpenAI Responses         POST ${url}/v1/responses`,
    `  Anthropic Messages       POST ${url}/v1/messages           (ANTHROPIC_BASE_URL=${url})`,
    `  Bedrock Converse         POST ${url}/model/<modelId>/converse`,
    '',
    'Try:',
    `  curl -s ${url}/v1/chat/completions -H 'content-type: application/json' \\`,
    `    -d '{"model":"gpt-5-mini","messages":[{"role":"system","content":"Today is Saturday 2026-11-21 and the time is 10:00 in Europe/London."},{"role":"user","content":"What is free tomorrow at 3pm?"}]}'`,
    '',
    'Ctrl-C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  const faultSpec = process.env.OFFLINE_FAULTS ?? '';
  const server = await serveOfflineModel({
    port: portFromEnv(process.env.PORT),
    host: '127.0.0.1',
    faults: parseFaults(faultSpec),
    latencyMs: latencyFromEnv(process.env.OFFLINE_LATENCY_MS),
  });
  console.log(usage(server.url, faultSpec));
  const stop = () => {
    console.log('\nStopping the offline model.');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Start-up errors (port taken, bad OFFLINE_FAULTS, bad PORT) already say what to do: print them without a stack.
main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
