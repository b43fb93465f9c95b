/**
 * One distributed trace per turn across processes: C, G and H run as `pnpm dev` runs them (every function
 * in its own process in the local Lambda runtime), exporting to a real OTLP/HTTP receiver on loopback.
 */
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../shared/testkit/src';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalPattern, type LocalPattern } from './local-pattern';

let local: LocalPattern | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await local?.stop();
  await receiver?.close();
  local = undefined;
  receiver = undefined;
});

type Reply = { booking: unknown; usage: { input_tokens: number; output_tokens: number; llm_calls: number }; trace: { type: string }[] };

/** One turn to the running pattern; its spans, by the trace id of the traceresponse header. */
async function chatTraced(letter: 'c' | 'g' | 'h', message: string) {
  const res = await fetch(`${local!.server.url}/${letter}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': 'alice' },
    body: JSON.stringify({ message }),
  });
  const body = (await res.json()) as Reply;
  expect(res.status).toBe(200);
  const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(res.headers.get('traceresponse') ?? '')?.[1];
  expect(traceId).toBeDefined();
  // Every process flushed its spans before it returned, so they are all here once the answer is.
  return { body, traceId: traceId!, spans: receiver!.trace(traceId!) };
}

async function tracedTurn(letter: 'c' | 'g' | 'h', protocol: 'http/json' | 'http/protobuf', message = 'Book tomorrow at 3pm') {
  receiver = await startOtlpReceiver();
  // A generous flush bound: on a busy machine every span must still arrive (the bound itself is tested in otel.test.ts).
  local = await startLocalPattern(letter, {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_TIMEOUT: '15000',
  });
  return chatTraced(letter, message);
}

const services = (spans: ReceivedSpan[]) => [...new Set(spans.map((s) => String(s.resource['service.name'])))].sort();
const byId = (spans: ReceivedSpan[]) => new Map(spans.map((s) => [s.spanId, s]));

/** Every span but the root has its parent in the same trace: one tree, nothing dangling. */
function expectOneTree(spans: ReceivedSpan[]): ReceivedSpan {
  const ids = byId(spans);
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots.map((r) => r.name)).toEqual(['POST /chat']);
  for (const s of spans.filter((x) => x.parentSpanId)) expect(ids.has(s.parentSpanId), `${s.name} has its parent`).toBe(true);
  return roots[0]!;
}

const sum = (spans: ReceivedSpan[], key: string) => spans.reduce((n, s) => n + Number(s.attributes[key] ?? 0), 0);

describe('one OpenTelemetry trace per turn across processes', () => {
  it('C: a booking turn is one trace across the orchestrator and all three step processes (http/protobuf)', async () => {
    const { body, spans } = await tracedTurn('c', 'http/protobuf');
    expect(body.booking).not.toBeNull();
    expect(services(spans)).toEqual(['pattern-c-availability', 'pattern-c-booking', 'pattern-c-orchestrator', 'pattern-c-parse']);
    expectOneTree(spans);
    // Each step's root span is a child of the orchestrator's invoke span for it.
    const ids = byId(spans);
    for (const step of ['parse', 'availability', 'booking']) {
      const workerRoot = spans.find((s) => s.name === `invoke pattern-c-${step}` && s.kind === 2)!;
      const parent = ids.get(workerRoot.parentSpanId)!;
      expect(parent).toMatchObject({ name: `invoke pattern-c-${step}`, kind: 3 });
      expect(parent.resource['service.name']).toBe('pattern-c-orchestrator');
    }
    const llm = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(llm.length).toBe(body.usage.llm_calls);
    expect(sum(llm, 'gen_ai.usage.input_tokens')).toBe(body.usage.input_tokens);
    expect(sum(llm, 'gen_ai.usage.output_tokens')).toBe(body.usage.output_tokens);
    expect(new Set(llm.map((s) => s.attributes['gen_ai.provider.name']))).toEqual(new Set(['openai', 'anthropic', 'aws.bedrock']));
  }, 120_000);

  it('G: each turn spans the manager and the specialists it called, both specialists over a session (http/json)', async () => {
    // The offline manager calls one specialist per turn: the availability question, then the booking.
    const ask = await tracedTurn('g', 'http/json', 'Do you have anything tomorrow afternoon?');
    expect(services(ask.spans)).toEqual(['pattern-g-availability', 'pattern-g-manager']);
    expectOneTree(ask.spans);
    const book = await chatTraced('g', 'Book tomorrow at 3pm');
    expect(book.body.booking).not.toBeNull();
    expect(services(book.spans)).toEqual(['pattern-g-booking', 'pattern-g-manager']);
    expect(book.traceId).not.toBe(ask.traceId);
    expectOneTree(book.spans);
    for (const turn of [ask, book]) {
      const llm = turn.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
      expect(llm.length).toBe(turn.body.usage.llm_calls);
      expect(sum(llm, 'gen_ai.usage.input_tokens')).toBe(turn.body.usage.input_tokens);
      expect(sum(llm, 'gen_ai.usage.output_tokens')).toBe(turn.body.usage.output_tokens);
    }
  }, 120_000);

  it("H: the action group's spans join the invoker's trace", async () => {
    const { body, spans } = await tracedTurn('h', 'http/json');
    expect(body.booking).not.toBeNull();
    expect(services(spans)).toEqual(['pattern-h-action-group', 'pattern-h-invoker']);
    const root = expectOneTree(spans);
    const actions = spans.filter((s) => s.resource['service.name'] === 'pattern-h-action-group' && s.kind === 2);
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a.parentSpanId).toBe(root.spanId);
    const llm = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(llm.length).toBe(body.usage.llm_calls);
    expect(sum(llm, 'gen_ai.usage.input_tokens')).toBe(body.usage.input_tokens);
    expect(sum(llm, 'gen_ai.usage.output_tokens')).toBe(body.usage.output_tokens);
    const tools = spans.filter(
      (s) => s.resource['service.name'] === 'pattern-h-action-group' && s.attributes['gen_ai.operation.name'] === 'execute_tool',
    );
    expect(tools.map((t) => t.attributes['gen_ai.tool.name'])).toContain('book');
  }, 120_000);

  it.each(['c', 'g', 'h'] as const)(
    '%s: turning export off changes nothing else in the reply',
    async (letter) => {
      const strip = (body: unknown) =>
        JSON.parse(
          JSON.stringify(body, (k, v) =>
            ['session_id', 'request_id', 'booking_id', 'created_at', 'at_ms', 'ms'].includes(k) ? undefined : v,
          ).replace(/bk_[0-9a-f]+/g, 'bk_'),
        );
      const on = await tracedTurn(letter, 'http/json');
      await local!.stop();
      local = await startLocalPattern(letter);
      const res = await fetch(`${local.server.url}/${letter}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': 'alice' },
        body: JSON.stringify({ message: 'Book tomorrow at 3pm' }),
      });
      expect(res.headers.get('traceresponse')).toBeNull();
      expect(strip(await res.json())).toEqual(strip(on.body));
    },
    120_000,
  );
});
