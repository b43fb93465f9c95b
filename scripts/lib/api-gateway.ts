/**
 * HTTP request <-> API Gateway HTTP API (payload v2) event and result, as AWS builds them, so the
 * demo and the dev server call each pattern's real Lambda handler through the deployed code path.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * The routes every pattern's API declares. Locally anything else still reaches the handler (as
 * "$default"), which answers with its own 404/405 envelope; on AWS the HTTP API has only these two
 * routes, so API Gateway itself answers other paths with {"message":"Not Found"} before any Lambda runs.
 */
const ROUTE_KEYS = new Set(['GET /health', 'POST /chat']);

export interface HttpRequestLike {
  method: string;
  /** Path as the API sees it, e.g. "/chat" (without the dev server's "/d" prefix). */
  path: string;
  /** Query string without the leading "?". */
  query?: string;
  /** Node-style headers: names in any case, values possibly repeated. */
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  sourceIp?: string;
}

/** Lower-cases names and joins repeated values with commas, as API Gateway does; cookies go apart. */
function normaliseHeaders(raw: HttpRequestLike['headers'] = {}): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = Array.isArray(value) ? value : [value];
    if (key === 'cookie') cookies.push(...values.flatMap((v) => v.split(/;\s*/)).filter(Boolean));
    else headers[key] = headers[key] === undefined ? values.join(',') : `${headers[key]},${values.join(',')}`;
  }
  return { headers, cookies };
}

function queryParameters(query: string): Record<string, string> | undefined {
  const params = new URLSearchParams(query);
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) out[key] = params.getAll(key).join(',');
  return Object.keys(out).length ? out : undefined;
}

export function toApiGatewayEvent(req: HttpRequestLike): APIGatewayProxyEventV2 {
  const method = req.method.toUpperCase();
  const { headers, cookies } = normaliseHeaders(req.headers);
  const routeKey = ROUTE_KEYS.has(`${method} ${req.path}`) ? `${method} ${req.path}` : '$default';
  const now = new Date();
  const queryStringParameters = queryParameters(req.query ?? '');
  return {
    version: '2.0',
    routeKey,
    rawPath: req.path,
    rawQueryString: req.query ?? '',
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: req.path, protocol: 'HTTP/1.1', sourceIp: req.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(req.body === undefined || req.body === '' ? {} : { body: req.body }),
    isBase64Encoded: false,
  };
}

export interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * A handler's result as API Gateway would send it. A bare value (not a {statusCode} object) is
 * JSON with status 200, per API Gateway's payload v2 rules.
 */
export function fromApiGatewayResult(result: APIGatewayProxyResultV2): HttpResponseLike {
  if (!isStructured(result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const headers: HttpResponseLike['headers'] = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  return { statusCode: result.statusCode ?? 200, headers, body };
}

function isStructured(result: APIGatewayProxyResultV2): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}
