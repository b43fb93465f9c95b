/**
 * OpenTelemetry export inside one process, against a real OTLP/HTTP receiver on loopback: pattern D's turn
 * through its real handler, C's parse worker and H's action group called as their callers call them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGatewayEvent,
  createTestApp,
  lambdaContext,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from '../../shared/testkit/src';
import { resetTelemetry, startTracedWork } from '../../shared/runtime/src/telemetry';
import { build } from '../../patterns/pattern-d-function-calling/src/handler';
import { worker as parseWorker } from '../../patterns/pattern-c-workflow-multi-process/src/handlers/parse';
import { handler as actionGroupHandler } from '../../patterns/pattern-h-bedrock-agent/src/handlers/action-group';
import { createWorkerHandler, type WorkerReply } from '../../shared/runtime/src/lambda-worker';
import { createRuntime, loadConfig } from '../../shared/runtime/src/index';

const OTEL_KEYS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
];
const saved = Object.fromEntries(OTEL_KEYS.map((k) => [k, process.env[k]]));

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  await resetTelemetry();
  receiver.spans.length = 0;
});

/**
 * Sets the OTEL_* environment for the next calls (the exporter is rebuilt from it), with a generous flush
 * bound unless the test sets one: on a busy machine every span must still arrive.
 */
async function exportTo(env: Record<string, string>): Promise<void> {
  await resetTelemetry();
  Object.assign(process.env, { OTEL_EXPORTER_OTLP_TIMEOUT: '15000', ...env });
}

const MESSAGE = 'Book tomorrow at 3pm';

async function turnD(message = MESSAGE) {
  const app = createTestApp('d', build);
  const result = await app.handler(
    apiGatewayEvent({ method: 'POST', path: '/chat', body: { message }, headers: { 'x-user-id': 'alice' } }),
    lambdaContext(),
  );
  const body = JSON.parse(result.body ?? '{}');
  const traceId = /^00-([0-9a-f]{32})-/.exec(String(result.headers?.traceresponse ?? ''))?.[1];
  return { status: result.statusCode, body, traceId, spans: traceId ? receiver.trace(traceId) : [] };
}

const sum = (spans: ReceivedSpan[], key: string) => spans.reduce((n, s) => n + Number(s.attributes[key] ?? 0), 0);

describe('a turn exported as OpenTelemetry spans', () => {
  it.each(['http/json', 'http/protobuf'] as const)(
    '%s: one root span, GenAI attributes, token counts equal to usage, resource from the env',
    async (protocol) => {
      await exportTo({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_SERVICE_NAME: 'tennis-d-test',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,team=courts',
      });
      const { status, body, spans } = await turnD();
      expect(status).toBe(200);
      expect(spans.every((s) => s.protocol === protocol)).toBe(true);
      const root = spans.find((s) => !s.parentSpanId)!;
      expect(root).toMatchObject({
        name: 'POST /chat',
        kind: 2,
        attributes: expect.objectContaining({ 'http.response.status_code': 200, 'tennis.pattern': 'd' }),
      });
      expect(root.resource).toMatchObject({ 'service.name': 'tennis-d-test', 'deployment.environment.name': 'test', team: 'courts' });
      // One child span per trace event, in the same trace, under the root.
      expect(spans.length).toBe(body.trace.length + 1);
      expect(spans.filter((s) => s !== root).every((s) => s.parentSpanId === root.spanId)).toBe(true);

      const llm = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
      expect(llm.length).toBe(body.usage.llm_calls);
      expect(sum(llm, 'gen_ai.usage.input_tokens')).toBe(body.usage.input_tokens);
      expect(sum(llm, 'gen_ai.usage.output_tokens')).toBe(body.usage.output_tokens);
      for (const s of llm) {
        expect(s.kind).toBe(3);
        expect(s.attributes).toMatchObject({
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': expect.any(String),
          'gen_ai.response.model': expect.any(String),
        });
        expect(s.name).toBe(`chat ${s.attributes['gen_ai.request.model']}`);
      }
      const tools = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
      expect(tools.map((t) => t.attributes['gen_ai.tool.name'])).toEqual(
        body.trace.filter((e: { type: string }) => e.type === 'tool').map((e: { name: string }) => e.name),
      );
      // Contents are off by default: no prompts, answers or tool arguments on any span.
      const keys = spans.flatMap((s) => Object.keys(s.attributes));
      for (const k of [
        'gen_ai.input.messages',
        'gen_ai.output.messages',
        'gen_ai.tool.call.arguments',
        'tennis.trace.args',
        'tennis.trace.summary',
      ])
        expect(keys).not.toContain(k);
    },
  );

  it('message contents only when OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true', async () => {
    await exportTo({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
    });
    const { spans } = await turnD();
    const llm = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'chat')!;
    expect(String(llm.attributes['gen_ai.input.messages'])).toContain(MESSAGE);
    const tool = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool')!;
    expect(tool.attributes['gen_ai.tool.call.arguments']).toEqual(expect.any(String));
  });

  it('turning export off changes nothing else: same reply, no traceresponse, nothing sent', async () => {
    const strip = (body: Record<string, unknown>) =>
      JSON.parse(
        JSON.stringify(body, (k, v) =>
          ['session_id', 'request_id', 'booking_id', 'created_at', 'at_ms', 'ms'].includes(k) ? undefined : v,
        ).replace(/bk_[0-9a-f]+/g, 'bk_'),
      );
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const on = await turnD();
    expect(on.traceId).toBeDefined();
    await exportTo({});
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    receiver.spans.length = 0;
    const off = await turnD();
    expect(off.traceId).toBeUndefined();
    expect(receiver.spans).toEqual([]);
    expect(strip(off.body)).toEqual(strip(on.body));
  });
});

describe('a collector that is down or slow', () => {
  let silent: Server;
  let silentUrl: string;
  beforeAll(async () => {
    // Accepts the export and never answers.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('a collector that never answers costs a turn at most the export timeout (OTEL_EXPORTER_OTLP_TIMEOUT), and never fails it', async () => {
    await exportTo({
      OTEL_EXPORTER_OTLP_ENDPOINT: silentUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
    });
    const t0 = performance.now();
    const { status, body } = await turnD();
    const ms = performance.now() - t0;
    expect(status).toBe(200);
    expect(body.booking).not.toBeNull();
    // The collector holds the request forever: only the bound ends the wait (slack for a busy machine).
    expect(ms).toBeLessThan(300 + 10_000);
  });

  it('the flush itself returns within the bound while the collector holds the request', async () => {
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: silentUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TIMEOUT: '400' });
    const work = await startTracedWork({ name: 'POST /chat', kind: 'server', attributes: {} });
    work.trace.step('code', 'one step');
    const t0 = performance.now();
    await work.end();
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(350); // it did wait for the collector...
    expect(ms).toBeLessThan(400 + 2_000); // ...and gave up at the bound (slack for a busy machine)
  });

  it('an unreachable collector never fails a turn', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const { status, body } = await turnD();
      expect(status).toBe(200);
      expect(body.booking).not.toBeNull();
      await new Promise((r) => setImmediate(r));
      // The function's log says why the spans are missing.
      expect(warnings.join('\n')).toMatch(/OpenTelemetry spans not sent: .*ECONNREFUSED/);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('bad export settings', () => {
  it('an unsupported protocol (grpc) exports nothing and never fails a turn', async () => {
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const { status, body, traceId } = await turnD();
      expect(status).toBe(200);
      expect(body.booking).not.toBeNull();
      expect(traceId).toBeUndefined();
      expect(receiver.spans).toEqual([]);
      await new Promise((r) => setImmediate(r));
      expect(warnings.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not supported here; use http\/protobuf or http\/json/);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('trace context handed to a callee', () => {
  const runtime = () => createRuntime(loadConfig({ LLM_MODE: 'offline', LOG_LEVEL: 'SILENT' }));
  const PARENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const PARENT_SPAN = '00f067aa0ba902b7';
  const payload = { message: MESSAGE, earlier: null, offered: [] };

  async function invokeParse(traceparent: unknown): Promise<{ reply: WorkerReply<never>; spans: ReceivedSpan[] }> {
    const handler = createWorkerHandler(parseWorker, { runtime: runtime() });
    const reply = await handler({ ...payload, traceparent }, lambdaContext('pattern-c-parse'));
    return { reply: reply as WorkerReply<never>, spans: [...receiver.spans] };
  }

  it('a worker continues a valid traceparent: same trace id, the caller span as parent', async () => {
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const { reply, spans } = await invokeParse(`00-${PARENT_TRACE}-${PARENT_SPAN}-01`);
    expect(reply.ok).toBe(true);
    const root = spans.find((s) => s.kind === 2)!;
    expect(root).toMatchObject({ traceId: PARENT_TRACE, parentSpanId: PARENT_SPAN, name: 'invoke pattern-c-parse' });
    expect(spans.every((s) => s.traceId === PARENT_TRACE)).toBe(true);
  });

  it("a continued trace links to the Lambda's own X-Ray segment (active tracing)", async () => {
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    try {
      const { spans } = await invokeParse(`00-${PARENT_TRACE}-${PARENT_SPAN}-01`);
      const root = spans.find((s) => s.kind === 2)!;
      expect(root).toMatchObject({ traceId: PARENT_TRACE, parentSpanId: PARENT_SPAN });
      expect(root.links).toEqual([{ traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8' }]);
    } finally {
      delete process.env._X_AMZN_TRACE_ID;
    }
  });

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_SPAN}-01`],
    ['a number', 42],
    ['an object', { a: 1 }],
  ])('a malformed traceparent (%s) starts a new trace and never fails the invoke', async (_label, traceparent) => {
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const { reply, spans } = await invokeParse(traceparent);
    expect(reply.ok).toBe(true);
    const root = spans.find((s) => s.kind === 2)!;
    expect(root.parentSpanId).toBe('');
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.traceId).not.toBe(PARENT_TRACE);
  });

  it('a worker with export off still takes a traceparent off before its strict schema', async () => {
    const { reply, spans } = await invokeParse(`00-${PARENT_TRACE}-${PARENT_SPAN}-01`);
    expect(reply.ok).toBe(true);
    expect(spans).toEqual([]);
  });

  it("H's action group joins the trace named in the session attributes", async () => {
    await exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    const event = {
      messageVersion: '1.0',
      agent: { name: 'a', id: 'A', alias: 'L', version: '1' },
      inputText: '',
      sessionId: 's',
      actionGroup: 'booking',
      function: 'check_availability',
      parameters: [{ name: 'date', type: 'string', value: '2030-01-01' }],
      sessionAttributes: { userId: 'alice', traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-01` },
      promptSessionAttributes: {},
    };
    const out = await actionGroupHandler(event, lambdaContext('pattern-h-action-group'));
    expect(out.messageVersion).toBe('1.0');
    const root = receiver.spans.find((s) => s.kind === 2)!;
    expect(root).toMatchObject({ traceId: PARENT_TRACE, parentSpanId: PARENT_SPAN });
    const tool = receiver.spans.find((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool')!;
    expect(tool).toMatchObject({
      traceId: PARENT_TRACE,
      parentSpanId: root.spanId,
      attributes: expect.objectContaining({ 'gen_ai.tool.name': 'check_availability' }),
    });
  });
});
