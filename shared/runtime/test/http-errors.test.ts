import { describe, expect, it } from 'vitest';
import { APIConnectionTimeoutError, APIError, RateLimitError } from 'openai';
import { createHandler, StepFailedError } from '../src/index';
import { chatEvent, counterPattern, event, parse, silentLogger, testRuntime, type EventSpec } from './helpers';

const JSON_CT = { 'content-type': 'application/json' };
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

interface Case {
  name: string;
  spec: EventSpec;
  status: number;
  code: string;
}

const CASES: Case[] = [
  { name: 'malformed JSON', spec: { body: '{"message": "hi"' }, status: 400, code: 'invalid_json' },
  { name: 'empty body', spec: { body: '' }, status: 400, code: 'invalid_json' },
  { name: 'missing body', spec: { body: null }, status: 400, code: 'invalid_json' },
  { name: 'JSON null body', spec: { body: 'null' }, status: 400, code: 'invalid_body' },
  { name: 'array body', spec: { body: '[{"message":"hi"}]' }, status: 400, code: 'invalid_body' },
  { name: 'string body', spec: { body: '"Book tomorrow"' }, status: 400, code: 'invalid_body' },
  { name: 'number body', spec: { body: '42' }, status: 400, code: 'invalid_body' },
  {
    name: 'text/plain content type',
    spec: { body: '{"message":"hi"}', headers: { 'content-type': 'text/plain' } },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'form content type (curl -d default)',
    spec: { body: 'message=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'missing message', spec: { body: '{}' }, status: 400, code: 'missing_message' },
  { name: 'empty message', spec: { body: '{"message":""}' }, status: 400, code: 'empty_message' },
  { name: 'blank message', spec: { body: '{"message":" \\n\\t "}' }, status: 400, code: 'empty_message' },
  { name: 'message is a number', spec: { body: '{"message":42}' }, status: 400, code: 'invalid_message' },
  { name: 'message is null', spec: { body: '{"message":null}' }, status: 400, code: 'invalid_message' },
  { name: 'message is an array', spec: { body: '{"message":["hi"]}' }, status: 400, code: 'invalid_message' },
  { name: 'message is an object', spec: { body: '{"message":{"text":"hi"}}' }, status: 400, code: 'invalid_message' },
  {
    name: 'message over MAX_MESSAGE_CHARS',
    spec: { body: JSON.stringify({ message: 'a'.repeat(2001) }) },
    status: 413,
    code: 'message_too_long',
  },
  { name: 'unknown field', spec: { body: '{"message":"hi","user_id":"bob"}' }, status: 400, code: 'unknown_field' },
  {
    name: 'body over MAX_BODY_BYTES',
    spec: { body: JSON.stringify({ message: 'hi', pad: 'x'.repeat(20_000) }) },
    status: 413,
    code: 'body_too_large',
  },
  { name: 'base64 garbage', spec: { body: '!!!not base64!!!', isBase64Encoded: true }, status: 400, code: 'invalid_body' },
  {
    name: 'base64 of invalid UTF-8',
    spec: { body: Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'), isBase64Encoded: true },
    status: 400,
    code: 'invalid_body',
  },
  { name: 'base64 of malformed JSON', spec: { body: b64('{"message":'), isBase64Encoded: true }, status: 400, code: 'invalid_json' },
  {
    name: 'oversized base64 body',
    spec: { body: b64(JSON.stringify({ message: 'x'.repeat(17_000) })), isBase64Encoded: true },
    status: 413,
    code: 'body_too_large',
  },
  {
    name: 'session_id too long',
    spec: { body: JSON.stringify({ message: 'hi', session_id: 's'.repeat(65) }) },
    status: 400,
    code: 'invalid_session_id',
  },
  {
    name: 'session_id too short',
    spec: { body: JSON.stringify({ message: 'hi', session_id: 'abc' }) },
    status: 400,
    code: 'invalid_session_id',
  },
  {
    name: 'session_id with bad characters',
    spec: { body: JSON.stringify({ message: 'hi', session_id: '../../etc/passwd' }) },
    status: 400,
    code: 'invalid_session_id',
  },
  { name: 'session_id not a string', spec: { body: '{"message":"hi","session_id":12345678}' }, status: 400, code: 'invalid_session_id' },
  {
    name: 'unknown session id',
    spec: { body: '{"message":"hi","session_id":"s_doesnotexist00"}' },
    status: 404,
    code: 'session_not_found',
  },
  { name: 'X-User-Id with spaces', spec: { headers: { ...JSON_CT, 'x-user-id': 'bob smith' } }, status: 400, code: 'invalid_user_id' },
  { name: 'X-User-Id too long', spec: { headers: { ...JSON_CT, 'x-user-id': 'u'.repeat(65) } }, status: 400, code: 'invalid_user_id' },
  { name: 'X-User-Id empty', spec: { headers: { ...JSON_CT, 'x-user-id': '' } }, status: 400, code: 'invalid_user_id' },
  { name: 'unknown route', spec: { path: '/book' }, status: 404, code: 'not_found' },
  { name: 'root path', spec: { method: 'GET', path: '/' }, status: 404, code: 'not_found' },
  { name: 'GET /chat', spec: { method: 'GET', body: null }, status: 405, code: 'method_not_allowed' },
  { name: 'POST /health', spec: { path: '/health' }, status: 405, code: 'method_not_allowed' },
  { name: 'DELETE /chat', spec: { method: 'DELETE' }, status: 405, code: 'method_not_allowed' },
];

describe('malformed requests through the real handler', () => {
  const handler = createHandler('d', (rt) => counterPattern(rt), { runtime: testRuntime() });

  it.each(CASES)('$name -> $status $code', async ({ spec, status, code }) => {
    const res = parse(await handler(event({ requestId: 'req-bad', ...spec })));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String), request_id: 'req-bad' } });
    expect(res.headers['x-request-id']).toBe('req-bad');
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+:\d+|Error:/);
  });

  it('sends an Allow header with 405', async () => {
    const res = parse(await handler(event({ method: 'GET', path: '/chat', body: null })));
    expect(res.headers.allow).toBe('POST');
  });

  it("accepts curl -d's default form content type when the body is a JSON object", async () => {
    const res = parse(await handler(event({ body: '{"message":"hi"}', headers: { 'content-type': 'application/x-www-form-urlencoded' } })));
    expect(res.status).toBe(200);
  });

  it('accepts a base64-encoded JSON body and a +json content type', async () => {
    const res = parse(
      await handler(
        event({
          body: b64('{"message":"hi"}'),
          isBase64Encoded: true,
          headers: { 'content-type': 'application/vnd.api+json; charset=utf-8' },
        }),
      ),
    );
    expect(res.status).toBe(200);
  });

  it('generates a request id when API Gateway sends none', async () => {
    const res = parse(await handler(event({ path: '/nope', requestId: '' })));
    expect(res.body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(res.body.error.request_id);
  });
});

function failingHandler(error: unknown, lines: string[] = []) {
  const rt = { ...testRuntime(), logger: silentLogger(lines) };
  return createHandler(
    'd',
    (r) =>
      counterPattern(r, async () => {
        throw error;
      }),
    { runtime: rt },
  );
}

const headers = new Headers({ 'x-request-id': 'upstream-1' });

describe('provider failures', () => {
  const PROVIDER_CASES = [
    {
      name: 'openai 429',
      error: new RateLimitError(429, { message: 'Rate limit reached for gpt-5-mini in org-SECRET' }, undefined, headers),
      status: 503,
      code: 'upstream_unavailable',
    },
    {
      name: 'openai 500',
      error: APIError.generate(500, { message: 'The server had an error (raw upstream text)' }, undefined, headers),
      status: 502,
      code: 'bad_upstream',
    },
    { name: 'openai timeout', error: new APIConnectionTimeoutError(), status: 504, code: 'upstream_timeout' },
    {
      name: 'fetch AbortError',
      error: Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }),
      status: 504,
      code: 'upstream_timeout',
    },
    {
      name: 'Bedrock ThrottlingException',
      error: Object.assign(new Error('Too many tokens'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }),
      status: 503,
      code: 'upstream_unavailable',
    },
    {
      name: 'AWS 500',
      error: Object.assign(new Error('InternalServerException: boom'), {
        name: 'InternalServerException',
        $metadata: { httpStatusCode: 500 },
      }),
      status: 502,
      code: 'bad_upstream',
    },
  ];

  it.each(PROVIDER_CASES)('$name -> $status with a clear message and no raw text', async ({ error, status, code }) => {
    const lines: string[] = [];
    const res = parse(await failingHandler(error, lines)(chatEvent({ message: 'hi' })));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).not.toContain((error as Error).message);
    expect(JSON.stringify(res.body)).not.toMatch(/SECRET|raw upstream|\bat \S+:\d+|Error:/);
    // The raw error is logged instead.
    expect(lines.some((l) => l.startsWith('ERROR') && l.includes(JSON.stringify((error as Error).message).slice(1, -1)))).toBe(true);
  });

  it('StepFailedError names the step, keeps the cause status, and defaults to 502', async () => {
    const rate = parse(
      await failingHandler(new StepFailedError('select', new RateLimitError(429, undefined, 'slow down', headers)))(
        chatEvent({ message: 'hi' }),
      ),
    );
    expect(rate.status).toBe(503);
    expect(rate.body.error.message).toBe("Step 'select' failed: The model provider is rate limiting requests; retry shortly.");
    const bad = parse(
      await failingHandler(new StepFailedError('parse', new SyntaxError('Unexpected token } in JSON')))(chatEvent({ message: 'hi' })),
    );
    expect(bad.status).toBe(502);
    expect(bad.body.error.message).toBe("Step 'parse' failed: it returned an unusable answer.");
  });

  it('an unknown error is a plain 500 without its text', async () => {
    const res = parse(
      await failingHandler(new TypeError("Cannot read properties of undefined (reading 'x')"))(chatEvent({ message: 'hi' })),
    );
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'internal_error', message: expect.stringContaining('request id'), request_id: 'req-test-1' });
    expect(JSON.stringify(res.body)).not.toContain('Cannot read');
  });

  it('a failing turn saves nothing: the session keeps its previous state', async () => {
    const rt = testRuntime();
    let fail = false;
    const handler = createHandler(
      'd',
      (r) =>
        counterPattern(r, async (input) => {
          if (input.state) (input.state as { count: number }).count = 99;
          if (fail) throw new APIConnectionTimeoutError();
        }),
      { runtime: rt },
    );
    const first = parse(await handler(chatEvent({ message: 'hi' })));
    fail = true;
    expect(parse(await handler(chatEvent({ message: 'again', session_id: first.body.session_id }))).status).toBe(504);
    expect(await rt.sessions.get(first.body.session_id)).toMatchObject({ version: 1, state: { count: 1, last: 'hi' } });
  });
});

describe('pattern build failures', () => {
  it('reports a bad config as 500 config_error naming the variable, and retries the build next time', async () => {
    let attempts = 0;
    const handler = createHandler(
      'd',
      (rt) => {
        attempts++;
        if (attempts === 1) throw new Error('SDK exploded at startup');
        return counterPattern(rt);
      },
      { runtime: testRuntime() },
    );
    const first = parse(await handler(chatEvent({ message: 'hi' })));
    expect(first.status).toBe(500);
    expect(first.body.error).toMatchObject({ code: 'config_error', message: 'Pattern D failed to start; see the service log.' });
    expect(attempts).toBe(1);
    expect(parse(await handler(chatEvent({ message: 'hi' }))).status).toBe(200);
    expect(attempts).toBe(2);

    const badEnv = createHandler('d', (rt) => counterPattern(rt), { env: { CLUB_TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'SILENT' } });
    const res = parse(await badEnv(chatEvent({ message: 'hi' })));
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('config_error');
    expect(res.body.error.message).toContain('CLUB_TIMEZONE="Mars/Olympus": expected an IANA time zone');
  });
});
