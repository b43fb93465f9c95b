/**
 * The local JWT authorizer in front of a real runtime handler (createHandler, identity from the event),
 * through the dev server: the token matrix, claims handed over as API Gateway hands them, GET /health
 * public, and AUTH settings refused with clear messages.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHandler, createRuntime, loadConfig, type Pattern } from '../../shared/runtime/src/index';
import { jwtAuthorizer, localKeys } from '../lib/auth/authorizer';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevKey, signDevToken } from '../lib/auth/dev-key';
import { AuthSettingsError, localAuthorizerFromEnv } from '../lib/auth/local-auth';
import { startDevServer, type DevServer } from '../lib/dev-server';
import type { HostedPattern } from '../lib/pattern-host';
import { matrixKeys, tokenMatrix, type Keys, type MatrixCase } from './token-matrix';

let server: DevServer;
let keys: Keys & { trustedFile: string };
let cases: MatrixCase[];
/** Every event that reached the handler, in order. */
const handled: APIGatewayProxyEventV2[] = [];
const turns: string[] = [];

/** A pattern that only says who it served, so the test sees the identity the runtime derived. */
const whoAmI = (): Pattern => ({
  turn: async ({ userId }) => {
    turns.push(userId);
    return { response: `served ${userId}`, booking: null, state: { user: userId } };
  },
});

beforeAll(async () => {
  keys = await matrixKeys();
  cases = await tokenMatrix(keys, 'inproc');
  // X-User-Id deliberately trusted here: the token's sub must win anyway.
  const runtime = createRuntime(loadConfig({ TRUST_USER_ID_HEADER: 'true', LOG_LEVEL: 'SILENT' }));
  const handler = createHandler('d', whoAmI, { runtime });
  const hosted: HostedPattern = {
    key: 'x',
    name: 'who am I',
    invoke: (event) => {
      handled.push(event);
      return handler(event);
    },
  };
  const authorizer = await localAuthorizerFromEnv({ AUTH: 'jwt', JWT_DEV_KEY_FILE: keys.trustedFile });
  server = await startDevServer({ patterns: [hosted], port: 0, log: () => {}, authorizer: authorizer! });
});

afterAll(async () => {
  await server?.close();
});

const chat = (headers: Record<string, string>, body: unknown = { message: 'hello' }) =>
  fetch(`${server.url}/x/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('AUTH=jwt through the dev server and a runtime handler', () => {
  it('lets only valid tokens reach the handler, as their sub; every other case is 401 {"message":"Unauthorized"}', async () => {
    for (const c of cases) {
      const before = handled.length;
      const res = await chat(c.headers);
      const body = (await res.json()) as Record<string, unknown>;
      if (c.user) {
        expect(res.status, c.name).toBe(200);
        expect(body.response, c.name).toBe(`served ${c.user}`);
        expect(handled.length, c.name).toBe(before + 1);
      } else {
        expect(res.status, c.name).toBe(401);
        expect(body, c.name).toEqual({ message: 'Unauthorized' });
        expect(res.headers.get('www-authenticate'), c.name).toBe(`Bearer error="invalid_token" error_description="${c.reason}"`);
        expect(handled.length, `${c.name}: no handler call`).toBe(before);
      }
    }
    expect(turns.every((user) => user.startsWith('alice-inproc'))).toBe(true);
  });

  it('hands the claims over in requestContext.authorizer.jwt, as strings, like API Gateway', async () => {
    const token = await signDevToken(keys.trusted, {
      user: 'carol',
      claims: { 'cognito:groups': ['admins', 'members'], scope: 'chat/write' },
    });
    const res = await chat({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const jwt = (
      handled.at(-1)!.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string>; scopes: string[] | null } } }
    ).authorizer.jwt;
    expect(jwt.claims).toMatchObject({
      sub: 'carol',
      iss: DEV_ISSUER,
      aud: DEV_AUDIENCE,
      'cognito:groups': '[admins members]',
      scope: 'chat/write',
    });
    expect(jwt.claims.exp).toMatch(/^\d+$/);
    expect(jwt.scopes).toEqual(['chat/write']);
  });

  it('binds sessions to the sub: another valid user cannot continue them, whatever X-User-Id says', async () => {
    const alice = `Bearer ${await signDevToken(keys.trusted, { user: 'alice-session' })}`;
    const bob = `Bearer ${await signDevToken(keys.trusted, { user: 'bob-session' })}`;
    const first = (await (await chat({ authorization: alice })).json()) as { session_id: string };
    const stolen = await chat({ authorization: bob, 'x-user-id': 'alice-session' }, { message: 'mine now', session_id: first.session_id });
    expect(stolen.status).toBe(404);
    const resumed = await chat({ authorization: alice, 'x-user-id': 'bob-session' }, { message: 'still me', session_id: first.session_id });
    expect(((await resumed.json()) as { response: string }).response).toBe('served alice-session');
  });

  it('keeps GET /health public and passes no authorizer context there', async () => {
    const before = handled.length;
    const res = await fetch(`${server.url}/x/health`);
    expect(res.status).toBe(200);
    expect(handled.length).toBe(before + 1);
    expect(handled.at(-1)!.requestContext).not.toHaveProperty('authorizer');
  });
});

describe('the local authorizer on its own', () => {
  it('accepts a token only while the clock is inside [nbf, exp)', async () => {
    const key = await loadDevKey((await matrixKeys()).trustedFile);
    const token = await signDevToken(key, { user: 'dora', ttl: '1h' });
    const event = {
      routeKey: 'POST /chat',
      headers: { authorization: `Bearer ${token}` },
      requestContext: { requestId: 'r1' },
    } as unknown as APIGatewayProxyEventV2;
    const at = (offsetMs: number) =>
      jwtAuthorizer({
        issuer: DEV_ISSUER,
        audiences: [DEV_AUDIENCE],
        keys: localKeys(key.jwks),
        source: 'test',
        now: () => new Date(Date.now() + offsetMs),
      });
    expect(await at(0).authorize(event)).toMatchObject({ ok: true, sub: 'dora' });
    expect(await at(2 * 3600_000).authorize(event)).toEqual({ ok: false, reason: 'the token has expired' });
    expect(await at(-3600_000).authorize(event)).toEqual({ ok: false, reason: 'the token was issued in the future' });
  });
});

describe('JWT_ISSUER: a real provider instead of the dev key', () => {
  it('finds the keys through OpenID discovery (or JWKS_URL) and checks iss and aud against the settings', async () => {
    const { trusted } = await matrixKeys();
    const requests: string[] = [];
    const idp = createServer((req, res) => {
      requests.push(req.url ?? '');
      const base = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
      if (req.url === '/tenant/.well-known/openid-configuration')
        res.end(JSON.stringify({ issuer: `${base}/tenant`, jwks_uri: `${base}/tenant/keys` }));
      else if (req.url === '/tenant/keys') res.end(JSON.stringify(trusted.jwks));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    try {
      const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/tenant`;
      const event = (token: string) =>
        ({
          routeKey: 'POST /chat',
          headers: { authorization: `Bearer ${token}` },
          requestContext: { requestId: 'r' },
        }) as unknown as APIGatewayProxyEventV2;
      const viaDiscovery = (await localAuthorizerFromEnv({ AUTH: 'jwt', JWT_ISSUER: issuer, JWT_AUDIENCE: 'web-client' }))!;
      const good = await signDevToken(trusted, { user: 'erin', issuer, audience: 'web-client' });
      expect(await viaDiscovery.authorize(event(good))).toMatchObject({ ok: true, sub: 'erin' });
      expect(requests).toEqual(['/tenant/.well-known/openid-configuration', '/tenant/keys']);
      const devToken = await signDevToken(trusted, { user: 'erin' });
      expect(await viaDiscovery.authorize(event(devToken))).toEqual({ ok: false, reason: 'the token has an invalid issuer' });
      const viaJwksUrl = (await localAuthorizerFromEnv({
        AUTH: 'jwt',
        JWT_ISSUER: issuer,
        JWT_AUDIENCE: 'other-client',
        JWKS_URL: `${issuer}/keys`,
      }))!;
      expect(await viaJwksUrl.authorize(event(good))).toEqual({ ok: false, reason: 'the token has an invalid audience' });
    } finally {
      idp.close();
    }
  });
});

describe('local AUTH settings', () => {
  it('defaults to header (no authorizer) and refuses unknown values or cognito with a clear message', async () => {
    expect(await localAuthorizerFromEnv({})).toBeUndefined();
    expect(await localAuthorizerFromEnv({ AUTH: 'header' })).toBeUndefined();
    await expect(localAuthorizerFromEnv({ AUTH: 'oauth' })).rejects.toThrow(/AUTH="oauth": expected header or jwt/);
    await expect(localAuthorizerFromEnv({ AUTH: 'cognito' })).rejects.toBeInstanceOf(AuthSettingsError);
  });

  it('with JWT_ISSUER needs JWT_AUDIENCE and URLs', async () => {
    await expect(localAuthorizerFromEnv({ AUTH: 'jwt', JWT_ISSUER: 'https://idp.example/' })).rejects.toThrow(/JWT_AUDIENCE/);
    await expect(localAuthorizerFromEnv({ AUTH: 'jwt', JWT_ISSUER: 'not a url', JWT_AUDIENCE: 'a' })).rejects.toThrow(
      /JWT_ISSUER="not a url"/,
    );
    const remote = await localAuthorizerFromEnv({
      AUTH: 'jwt',
      JWT_ISSUER: 'https://idp.example/',
      JWT_AUDIENCE: 'client-1, client-2',
      JWKS_URL: 'http://127.0.0.1:1/jwks.json',
    });
    expect(remote).toMatchObject({
      issuer: 'https://idp.example/',
      audiences: ['client-1', 'client-2'],
      source: 'http://127.0.0.1:1/jwks.json',
    });
  });

  it('says how to recover from a broken dev key file', async () => {
    const { trustedFile } = await matrixKeys();
    writeFileSync(trustedFile, 'not json');
    await expect(loadDevKey(trustedFile)).rejects.toThrow(/delete it and a new one is made/);
  });
});
