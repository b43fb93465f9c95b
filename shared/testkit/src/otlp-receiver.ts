/**
 * A tiny OTLP/HTTP trace receiver on loopback: POST /v1/traces in http/json or http/protobuf, decoded to flat
 * spans. The tests' collector, and the dev server's when the playground draws a turn's spans.
 * Only what a trace viewer needs is decoded: ids, names, kinds, times, attributes, status, resource.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AttributeValue = string | number | boolean;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: number;
  links: { traceId: string; spanId: string }[];
  resource: Record<string, AttributeValue>;
  /** How it arrived. */
  protocol: 'http/json' | 'http/protobuf';
}

// ---- http/json ----

type JsonValue = { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number };
type JsonKv = { key: string; value?: JsonValue };

function jsonValue(v: JsonValue | undefined): AttributeValue | undefined {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  return undefined;
}

function jsonAttributes(list: JsonKv[] | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) {
    const v = jsonValue(kv.value);
    if (v !== undefined) out[kv.key] = v;
  }
  return out;
}

const nanosToMs = (v: string | number | bigint | undefined) => Number(BigInt(v ?? 0) / 1000n) / 1000;

function decodeJson(text: string): ReceivedSpan[] {
  const body = JSON.parse(text) as {
    resourceSpans?: { resource?: { attributes?: JsonKv[] }; scopeSpans?: { spans?: Record<string, unknown>[] }[] }[];
  };
  const spans: ReceivedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = jsonAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: String(s.traceId ?? ''),
          spanId: String(s.spanId ?? ''),
          parentSpanId: String(s.parentSpanId ?? ''),
          name: String(s.name ?? ''),
          kind: Number(s.kind ?? 0),
          startMs: nanosToMs(s.startTimeUnixNano as string),
          endMs: nanosToMs(s.endTimeUnixNano as string),
          attributes: jsonAttributes(s.attributes as JsonKv[]),
          status: Number((s.status as { code?: number } | undefined)?.code ?? 0),
          links: ((s.links as { traceId: string; spanId: string }[] | undefined) ?? []).map((l) => ({
            traceId: l.traceId,
            spanId: l.spanId,
          })),
          resource,
          protocol: 'http/json',
        });
      }
    }
  }
  return spans;
}

// ---- http/protobuf: the wire format, read field by field ----

type Field = { no: number; wire: number; value: bigint | Uint8Array };

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
      shift += 7n;
    }
  };
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 1) {
      yield { no, wire, value: view.getBigUint64(pos, true) };
      pos += 8;
    } else if (wire === 2) {
      const len = Number(varint());
      yield { no, wire, value: buf.subarray(pos, pos + len) };
      pos += len;
    } else if (wire === 5) {
      yield { no, wire, value: BigInt(view.getUint32(pos, true)) };
      pos += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

const bytes = (f: Field) => f.value as Uint8Array;
const str = (f: Field) => new TextDecoder().decode(bytes(f));
const hex = (f: Field) => Buffer.from(bytes(f)).toString('hex');

function pbValue(buf: Uint8Array): AttributeValue | undefined {
  for (const f of fields(buf)) {
    if (f.no === 1) return str(f);
    if (f.no === 2) return f.value === 1n;
    if (f.no === 3) return Number(BigInt.asIntN(64, f.value as bigint));
    if (f.no === 4) return new DataView(new BigUint64Array([f.value as bigint]).buffer).getFloat64(0, true);
  }
  return undefined;
}

function pbKeyValue(buf: Uint8Array, into: Record<string, AttributeValue>): void {
  let key = '';
  let value: AttributeValue | undefined;
  for (const f of fields(buf)) {
    if (f.no === 1) key = str(f);
    if (f.no === 2) value = pbValue(bytes(f));
  }
  if (value !== undefined) into[key] = value;
}

function pbSpan(buf: Uint8Array, resource: Record<string, AttributeValue>): ReceivedSpan {
  const span: ReceivedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startMs: 0,
    endMs: 0,
    attributes: {},
    status: 0,
    links: [],
    resource,
    protocol: 'http/protobuf',
  };
  for (const f of fields(buf)) {
    if (f.no === 1) span.traceId = hex(f);
    else if (f.no === 2) span.spanId = hex(f);
    else if (f.no === 4) span.parentSpanId = hex(f);
    else if (f.no === 5) span.name = str(f);
    else if (f.no === 6) span.kind = Number(f.value);
    else if (f.no === 7) span.startMs = nanosToMs(f.value as bigint);
    else if (f.no === 8) span.endMs = nanosToMs(f.value as bigint);
    else if (f.no === 9) pbKeyValue(bytes(f), span.attributes);
    else if (f.no === 13) {
      const link = { traceId: '', spanId: '' };
      for (const l of fields(bytes(f))) {
        if (l.no === 1) link.traceId = hex(l);
        if (l.no === 2) link.spanId = hex(l);
      }
      span.links.push(link);
    } else if (f.no === 15) for (const s of fields(bytes(f))) if (s.no === 3) span.status = Number(s.value);
  }
  return span;
}

function decodeProtobuf(buf: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of fields(buf)) {
    if (rs.no !== 1) continue;
    const resource: Record<string, AttributeValue> = {};
    const scopes: Uint8Array[] = [];
    for (const f of fields(bytes(rs))) {
      if (f.no === 1) for (const r of fields(bytes(f))) if (r.no === 1) pbKeyValue(bytes(r), resource);
      if (f.no === 2) scopes.push(bytes(f));
    }
    for (const scope of scopes) for (const f of fields(scope)) if (f.no === 2) spans.push(pbSpan(bytes(f), resource));
  }
  return spans;
}

/** Decodes one OTLP/HTTP trace export body by its content type. */
export function decodeOtlpTraces(contentType: string, body: Buffer): ReceivedSpan[] {
  return contentType.includes('json') ? decodeJson(body.toString('utf8')) : decodeProtobuf(new Uint8Array(body));
}

export interface OtlpReceiver {
  /** The base URL to put in OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans: ReceivedSpan[];
  /** Spans of one trace, in start order. */
  trace(traceId: string): ReceivedSpan[];
  close(): Promise<void>;
}

/** Handles POST /v1/traces on an existing server; returns false for any other request. */
export function otlpHandler(spans: ReceivedSpan[], max = 10_000) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://local').pathname !== '/v1/traces') return false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const type = req.headers['content-type'] ?? '';
      try {
        spans.push(...decodeOtlpTraces(type, Buffer.concat(chunks)));
        if (spans.length > max) spans.splice(0, spans.length - max);
        res
          .writeHead(200, { 'content-type': type.includes('json') ? 'application/json' : 'application/x-protobuf' })
          .end(type.includes('json') ? '{}' : '');
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : 'bad body');
      }
    });
    return true;
  };
}

/** Starts a receiver on 127.0.0.1 (a free port unless given). */
export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const handle = otlpHandler(spans);
  const server: Server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    spans,
    trace: (traceId) => spans.filter((s) => s.traceId === traceId).sort((a, b) => a.startMs - b.startMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
