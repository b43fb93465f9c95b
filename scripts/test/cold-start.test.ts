/**
 * What each Lambda loads at cold start. Every AWS SDK client costs tens of milliseconds to load, so a
 * bundle's import must load only the clients that function builds at start-up; DynamoDB, Secrets Manager,
 * the offline model and the offline agent runtime load on first use, and so do the model SDKs and
 * Node's HTTP client in the bundles that build no AWS SDK client. Real bundles, imported in a fresh
 * Node 22 process with a deployed function's environment.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda } from '../lib/bundle';
import { coldImport } from '../lib/cold-start';
import { bundlePaths, LAMBDAS, REPO_ROOT } from '../lib/lambdas';

const EXPECTED: Record<string, string[]> = {
  'pattern-a': [],
  'pattern-b': [],
  'pattern-d': [],
  'pattern-c-orchestrator': ['@aws-sdk/client-lambda'],
  'pattern-c-parse': [],
  'pattern-c-booking': ['@aws-sdk/client-bedrock-runtime'],
  'pattern-g-booking': [],
  'pattern-h-invoker': ['@aws-sdk/client-bedrock-agent-runtime'],
};

const specs = LAMBDAS.filter((l) => l.name in EXPECTED);
const out = mkdtempSync(join(tmpdir(), 'cold-start-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('cold start of real bundles', () => {
  beforeAll(async () => {
    for (const spec of specs) await bundleLambda(spec, REPO_ROOT, out);
  }, 120_000);

  it.each(specs.map((s) => [s.name, EXPECTED[s.name]!] as const))('%s loads exactly the AWS SDK clients %j', (name, clients) => {
    const spec = specs.find((s) => s.name === name)!;
    expect(coldImport(bundlePaths(spec, out).file).awsClients).toEqual(clients);
  });

  // Node's HTTP client (undici, with http, tls, http2 and zlib) loads when code first reads the global
  // fetch, Response, Headers or Blob; the openai package does at import, so it loads on the first call.
  const HTTP_CLIENT = ['http', 'https', 'http2', 'tls', 'zlib'];
  const NO_AWS_CLIENT = specs.filter((s) => EXPECTED[s.name]!.length === 0).map((s) => s.name);

  it.each(NO_AWS_CLIENT)('%s loads no HTTP client at import: the model SDKs load on the first model call', (name) => {
    const spec = specs.find((s) => s.name === name)!;
    const { builtins } = coldImport(bundlePaths(spec, out).file);
    expect(builtins.filter((m) => HTTP_CLIENT.includes(m))).toEqual([]);
  });

  it('loads the runtime-provided AWS SDK with require, never with an ESM import (which scans its CommonJS first)', () => {
    for (const spec of specs) {
      const { dir } = bundlePaths(spec, out);
      const code = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
      expect(code, spec.name).not.toMatch(/(from|import\()\s*["']@(aws-sdk|smithy)\//);
      expect(code, spec.name).toMatch(/\(\s*"@aws-sdk\/client-dynamodb"\s*\)/);
    }
  });
});
