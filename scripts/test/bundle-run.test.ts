/**
 * A built bundle serves a real turn, as Lambda runs it: its own Node 22 process, the AWS SDK required
 * from the built layer's node_modules alone (NODE_PATH, as Lambda sets it for /opt/nodejs/node_modules),
 * the lazily loaded chunks (offline model engine, DynamoDB store) loaded on that first request, and
 * DynamoDB reached through its endpoint (dynalite).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../shared/runtime/src/local/dynamo';
import { startOtlpReceiver } from '../../shared/testkit/src';
import { toApiGatewayEvent } from '../lib/api-gateway';
import { bundleLambda } from '../lib/bundle';
import { layerEnv, nodeBinary } from '../lib/cold-start';
import { buildLayer, isInside, layerPaths, sdkRequires } from '../lib/layer';
import { compileWorker, startBundledPattern } from '../lib/bundle-host';
import { bundlePaths, LAMBDAS, PATTERNS, REPO_ROOT } from '../lib/lambdas';

// Imports the bundle, calls its handler once with the event in argv[2], prints the result and every
// CommonJS file loaded (the AWS SDK is the only CommonJS a bundle loads).
const INVOKE = `
const { handler } = await import(process.argv[1]);
const context = { awsRequestId: 'bundle-run', getRemainingTimeInMillis: () => 30_000 };
const result = await handler(JSON.parse(process.argv[2]), context);
const { createRequire } = await import('node:module');
console.log(JSON.stringify({ result, files: Object.keys(createRequire(process.argv[1]).cache) }));
process.exit(0); // like Lambda after the response: open keep-alive sockets must not hold the process`;

let dynamo: LocalDynamo;
const out = mkdtempSync(join(tmpdir(), 'bundle-run-'));

beforeAll(async () => {
  dynamo = await startLocalDynamo();
}, 30_000);

afterAll(async () => {
  await dynamo?.stop();
  rmSync(out, { recursive: true, force: true });
});

async function runPatternB(env: Record<string, string> = {}) {
  const spec = LAMBDAS.find((l) => l.name === 'pattern-b')!;
  const { metafile } = await bundleLambda(spec, REPO_ROOT, out);
  buildLayer(sdkRequires(metafile), out, { zip: false });
  const layer = layerPaths(out).modules;
  const event = toApiGatewayEvent({
    method: 'POST',
    path: '/chat',
    headers: { 'content-type': 'application/json', 'x-user-id': 'alice' },
    body: JSON.stringify({ message: 'Book tomorrow at 3pm' }),
  });
  // Asynchronously: dynalite (and the OTLP receiver) answer from this process's event loop.
  const run = await promisify(execFile)(
    nodeBinary(),
    ['--input-type=module', '-e', INVOKE, pathToFileURL(bundlePaths(spec, out).file).href, JSON.stringify(event)],
    {
      encoding: 'utf8',
      timeout: 50_000,
      env: {
        PATH: process.env.PATH,
        ...layerEnv(layer),
        ...dynamo.credentialsEnv({}),
        AWS_LAMBDA_FUNCTION_NAME: 'pattern-b',
        LLM_MODE: 'offline',
        LOG_LEVEL: 'SILENT',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        BOOKINGS_TABLE: dynamo.tables.bookings,
        SESSIONS_TABLE: dynamo.tables.sessions,
        ...env,
      },
    },
  );
  expect(run.stderr).toBe('');
  const { result, files } = JSON.parse(run.stdout) as { result: { statusCode: number; body: string }; files: string[] };
  expect(result.statusCode).toBe(200);
  const body = JSON.parse(result.body) as {
    mode: string;
    booking: { time: string; user_id: string } | null;
    usage: { input_tokens: number };
  };
  return { body, result, files, layer };
}

describe('a built bundle', () => {
  it('books through pattern B: both vendor SDKs on the offline model, the booking in DynamoDB', async () => {
    const { body, files, layer } = await runPatternB();
    expect(files.filter((f) => !isInside(realpathSync(f), realpathSync(layer)))).toEqual([]);
    expect(files).toContainEqual(expect.stringContaining('/@aws-sdk/client-dynamodb/'));
    expect(files).toContainEqual(expect.stringContaining('/@aws-sdk/lib-dynamodb/'));
    expect(body.mode).toBe('offline');
    expect(body.booking).toMatchObject({ time: '15:00', user_id: 'alice' });
  }, 60_000);

  it('exports its spans (lazy exporter chunk) before the handler returns, under the X-Ray segment active tracing gave the invocation', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const { body } = await runPatternB({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TIMEOUT: '15000',
        _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      });
      expect(body.booking).toMatchObject({ time: '15:00' });
      // The process exited right after the handler returned: whatever arrived was flushed before.
      const root = receiver.spans.find((s) => s.name === 'POST /chat')!;
      expect(root).toMatchObject({ traceId: '5759e988bd862e3fe1be46a994272793', parentSpanId: '53995c3f42cd8ad8' });
      expect(root.resource).toMatchObject({ 'service.name': 'pattern-b', 'faas.name': 'pattern-b', 'cloud.provider': 'aws' });
      const llm = receiver.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
      expect(llm.reduce((n, s) => n + Number(s.attributes['gen_ai.usage.input_tokens']), 0)).toBe(body.usage.input_tokens);
    } finally {
      await receiver.close();
    }
  }, 60_000);
});

describe('every pattern from its built bundles', () => {
  const root = join(out, 'all');
  let worker: string;

  beforeAll(async () => {
    const results = [];
    for (const spec of LAMBDAS) results.push(await bundleLambda(spec, REPO_ROOT, root));
    buildLayer(
      results.flatMap((r) => sdkRequires(r.metafile)),
      root,
      { zip: false },
    );
    worker = await compileWorker(out);
  }, 180_000);

  // Each function in its own plain Node process (no tsx), the AWS SDK from the layer alone: what deploys.
  it.each(PATTERNS)(
    'pattern %s answers an availability question and books in two turns',
    async (letter) => {
      const pattern = await startBundledPattern(letter, { worker, layerModules: layerPaths(root).modules, bundlesRoot: root });
      try {
        const ask = await pattern.chat('carol', 'Do you have anything tomorrow afternoon?');
        expect(ask.booking).toBeNull();
        const first = await pattern.chat('carol', "I'd like a court the day after tomorrow");
        const second = await pattern.chat('carol', '17:00 please', first.session_id);
        expect(second.booking).toMatchObject({ time: '17:00', user_id: 'carol' });
      } finally {
        await pattern.stop();
      }
    },
    60_000,
  );
});
