/**
 * The local stand-in for API Gateway's HTTP API JWT authorizer (AUTH=jwt): it checks the bearer token
 * before any handler runs, by the rules API Gateway documents, and hands the handler the same event
 * API Gateway would, claims in requestContext.authorizer.jwt. jose does the cryptography.
 *
 * Rules: the Authorization header holds the token alone or after "Bearer "; the token names a `kid`
 * found in the JWKS and is signed with an RSA algorithm (RS256/384/512); `iss` equals the issuer; `aud`
 * (or, only when there is no `aud`, `client_id`, as Cognito access tokens carry) is one of the
 * audiences; `exp` is in the future, `nbf` and `iat` are not. Anything else is 401 {"message":"Unauthorized"}.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

/** "RSA-based algorithms only", as API Gateway's JWT authorizer. */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/** The routes the deployed API puts behind the authorizer (infra/src/http-api.ts); GET /health stays public. */
export const AUTHORIZED_ROUTES: ReadonlySet<string> = new Set(['POST /chat']);

export interface JwtAuthorizerOptions {
  issuer: string;
  audiences: string[];
  /** The issuer's keys: a fixed set (the dev key), or a remote JWKS. */
  keys: JWTVerifyGetKey;
  /** What the dev server prints about where keys come from. */
  source: string;
  /** For tests: the time tokens are checked at (default now). */
  now?: () => Date;
}

export type AuthDecision = { ok: true; event: APIGatewayProxyEventV2; sub: string } | { ok: false; reason: string };

export interface LocalAuthorizer {
  issuer: string;
  audiences: string[];
  source: string;
  /** Checks a POST /chat event; on success returns it with the token's claims added as API Gateway adds them. */
  authorize(event: APIGatewayProxyEventV2): Promise<AuthDecision>;
}

export function localKeys(jwks: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(jwks);
}

/** The issuer's JWKS: JWKS_URL when given, else the jwks_uri of its OpenID discovery document (as API Gateway finds it). */
export function remoteKeys(issuer: string, jwksUrl?: string): JWTVerifyGetKey {
  if (jwksUrl) return createRemoteJWKSet(new URL(jwksUrl));
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`OpenID discovery at ${url} answered HTTP ${res.status}`);
    const { jwks_uri } = (await res.json()) as { jwks_uri?: unknown };
    if (typeof jwks_uri !== 'string') throw new Error(`OpenID discovery at ${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(jwks_uri));
  };
  return async (header, token) => {
    const get = await (keys ??= discover().catch((err: unknown) => {
      keys = undefined;
      throw err;
    }));
    return get(header, token);
  };
}

function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const value = event.headers?.authorization?.trim();
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (match) return match[1];
  return /\s/.test(value) ? undefined : value;
}

/** Claims as API Gateway passes them to the integration: strings, arrays as "[a b]". */
function claimStrings(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function scopesOf(payload: JWTPayload): string[] | null {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  return Array.isArray(raw) ? raw.map(String) : null;
}

/** Why jose refused a token, in words for the www-authenticate header and the dev server's log. */
function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'the token is not valid yet';
    if (err.claim === 'iss') return 'the token has an invalid issuer';
    if (err.claim === 'exp') return 'the token has no expiry';
    return `the token's ${err.claim} claim is invalid`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return 'the signing algorithm is not allowed';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no trusted key matches the token';
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid) return 'the token is malformed';
  return `the token could not be verified (${err instanceof Error ? err.message : String(err)})`;
}

function audienceOk(payload: JWTPayload, audiences: string[]): boolean {
  if (payload.aud !== undefined) {
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return aud.some((a) => audiences.includes(a));
  }
  return typeof payload.client_id === 'string' && audiences.includes(payload.client_id);
}

export function jwtAuthorizer(opts: JwtAuthorizerOptions): LocalAuthorizer {
  const now = opts.now ?? (() => new Date());
  const check = async (token: string): Promise<JWTPayload | string> => {
    let kid: string | undefined;
    try {
      ({ kid } = decodeProtectedHeader(token));
    } catch {
      return 'the token is malformed';
    }
    if (!kid) return 'the token has no kid';
    const at = now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, opts.keys, {
        issuer: opts.issuer,
        algorithms: ALLOWED_ALGORITHMS,
        requiredClaims: ['exp'],
        currentDate: at,
      }));
    } catch (err) {
      return reasonOf(err);
    }
    if (!audienceOk(payload, opts.audiences)) return 'the token has an invalid audience';
    if (typeof payload.iat === 'number' && payload.iat > at.getTime() / 1000) return 'the token was issued in the future';
    if (typeof payload.sub !== 'string' || payload.sub === '') return 'the token has no sub';
    return payload;
  };
  return {
    issuer: opts.issuer,
    audiences: opts.audiences,
    source: opts.source,
    authorize: async (event) => {
      const token = bearerToken(event);
      if (!token) return { ok: false, reason: 'no bearer token in the Authorization header' };
      const verdict = await check(token);
      if (typeof verdict === 'string') return { ok: false, reason: verdict };
      const authorizer = { jwt: { claims: claimStrings(verdict), scopes: scopesOf(verdict) } };
      return {
        ok: true,
        sub: verdict.sub!,
        event: { ...event, requestContext: { ...event.requestContext, authorizer } } as APIGatewayProxyEventV2,
      };
    },
  };
}

/** API Gateway's answer to a rejected token: 401 with its own body; the reason goes in WWW-Authenticate. */
export function unauthorizedResult(reason: string, requestId: string): APIGatewayProxyStructuredResultV2 {
  const description = reason.replace(/["\\]/g, "'");
  return {
    statusCode: 401,
    headers: {
      'content-type': 'application/json',
      'www-authenticate': `Bearer error="invalid_token" error_description="${description}"`,
      'apigw-requestid': requestId,
    },
    body: JSON.stringify({ message: 'Unauthorized' }),
  };
}

/**
 * What API Gateway does in front of the integration: routes under the authorizer get the token checked,
 * and either the event with its claims or the 401 result comes back.
 */
export async function gate(
  authorizer: LocalAuthorizer | undefined,
  event: APIGatewayProxyEventV2,
): Promise<{ event: APIGatewayProxyEventV2 } | { rejected: APIGatewayProxyStructuredResultV2; reason: string }> {
  if (!authorizer || !AUTHORIZED_ROUTES.has(event.routeKey)) return { event };
  const decision = await authorizer.authorize(event);
  if (decision.ok) return { event: decision.event };
  return { rejected: unauthorizedResult(decision.reason, event.requestContext.requestId), reason: decision.reason };
}
