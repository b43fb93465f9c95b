/**
 * The bad-input matrix for the local JWT authorizer: one valid token and every way a token or an
 * Authorization header can be wrong. Each case is the request headers to send and whether API
 * Gateway's JWT authorizer would let it through.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevKey, type DevKey } from '../lib/auth/dev-key';

export interface MatrixCase {
  name: string;
  headers: Record<string, string>;
  /** The user the handler must see, for the cases that pass; undefined: 401 and no handler call. */
  user?: string;
  /** Why the authorizer refuses it (WWW-Authenticate error_description). */
  reason?: string;
}

export interface Keys {
  trusted: DevKey;
  /** A second dev key the server does not trust. */
  other: DevKey;
}

/** The trusted key in a fresh temp file (what JWT_DEV_KEY_FILE points the server at) and an untrusted one. */
export async function matrixKeys(): Promise<Keys & { trustedFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tennis-jwt-'));
  const trustedFile = join(dir, 'trusted.json');
  return { trusted: await loadDevKey(trustedFile), other: await loadDevKey(join(dir, 'other.json')), trustedFile };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Claims extends JWTPayload {
  client_id?: string;
}

function claims(user: string, overrides: Claims = {}): Claims {
  const iat = nowSeconds();
  return { sub: user, iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat, exp: iat + 600, ...overrides };
}

/** RS256 with `key`, under the header's kid (default: the key's own). */
async function sign(key: DevKey, payload: Claims, header: { kid?: string | null } = {}): Promise<string> {
  const kid = header.kid === undefined ? key.kid : header.kid;
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid === null ? {} : { kid }) }).sign(key.privateKey);
}

/** The public key's PEM text used as an HMAC secret: the classic RS256 -> HS256 confusion attack. */
async function hs256WithPublicKey(key: DevKey, payload: Claims): Promise<string> {
  const jwk = key.jwks.keys[0]!;
  const publicPem = await exportSPKI((await importJWK(jwk, 'RS256', { extractable: true })) as Parameters<typeof exportSPKI>[0]);
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(new TextEncoder().encode(publicPem));
}

/** An ES256 token under the trusted kid: validly signed, but not with an RSA algorithm. */
async function otherAlgorithm(payload: Claims, kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every case for users named after `tag` (so parallel runs never share a user). */
export async function tokenMatrix(keys: Keys, tag: string): Promise<MatrixCase[]> {
  const user = `alice-${tag}`;
  const { trusted, other } = keys;
  const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: trusted.kid })}.${b64(claims(user))}.`;
  const valid = await sign(trusted, claims(user));
  return [
    { name: 'valid', headers: bearer(valid), user },
    { name: 'valid, token without the Bearer prefix', headers: { authorization: valid }, user },
    {
      name: 'valid access token: client_id instead of aud',
      headers: bearer(await sign(trusted, claims(`${user}-access`, { aud: undefined, client_id: DEV_AUDIENCE }))),
      user: `${user}-access`,
    },
    { name: 'valid token plus a forged X-User-Id', headers: { ...bearer(valid), 'x-user-id': 'mallory' }, user },
    {
      name: 'expired',
      headers: bearer(await sign(trusted, claims(user, { iat: nowSeconds() - 7200, exp: nowSeconds() - 60 }))),
      reason: 'the token has expired',
    },
    {
      name: 'not yet valid (nbf in the future)',
      headers: bearer(await sign(trusted, claims(user, { nbf: nowSeconds() + 600 }))),
      reason: 'the token is not valid yet',
    },
    {
      name: 'issued in the future (iat)',
      headers: bearer(await sign(trusted, claims(user, { iat: nowSeconds() + 600, exp: nowSeconds() + 1200 }))),
      reason: 'the token was issued in the future',
    },
    { name: 'no exp', headers: bearer(await sign(trusted, claims(user, { exp: undefined }))), reason: 'the token has no expiry' },
    {
      name: 'wrong issuer',
      headers: bearer(await sign(trusted, claims(user, { iss: 'https://evil.example/' }))),
      reason: 'the token has an invalid issuer',
    },
    {
      name: 'wrong audience',
      headers: bearer(await sign(trusted, claims(user, { aud: 'some-other-api' }))),
      reason: 'the token has an invalid audience',
    },
    {
      name: 'wrong client_id and no aud',
      headers: bearer(await sign(trusted, claims(user, { aud: undefined, client_id: 'some-other-client' }))),
      reason: 'the token has an invalid audience',
    },
    { name: 'signed by another key', headers: bearer(await sign(other, claims(user))), reason: 'no trusted key matches the token' },
    {
      name: "signed by another key under the trusted key's kid",
      headers: bearer(await sign(other, claims(user), { kid: trusted.kid })),
      reason: 'signature verification failed',
    },
    { name: 'no kid', headers: bearer(await sign(trusted, claims(user), { kid: null })), reason: 'the token has no kid' },
    { name: 'alg: none', headers: bearer(unsigned), reason: 'the signing algorithm is not allowed' },
    {
      name: 'HS256 signed with the public key (algorithm confusion)',
      headers: bearer(await hs256WithPublicKey(trusted, claims(user))),
      reason: 'the signing algorithm is not allowed',
    },
    {
      name: 'ES256 (not an allowed algorithm)',
      headers: bearer(await otherAlgorithm(claims(user), trusted.kid)),
      reason: 'the signing algorithm is not allowed',
    },
    {
      name: 'payload altered after signing',
      headers: bearer(alterPayload(valid, claims('mallory'))),
      reason: 'signature verification failed',
    },
    { name: 'missing Authorization', headers: {}, reason: 'no bearer token in the Authorization header' },
    {
      name: 'missing Authorization, X-User-Id only',
      headers: { 'x-user-id': user },
      reason: 'no bearer token in the Authorization header',
    },
    { name: 'Authorization: Bearer with no token', headers: { authorization: 'Bearer' }, reason: 'the token is malformed' },
    { name: 'Authorization: Bearer garbage', headers: { authorization: 'Bearer not-a-jwt' }, reason: 'the token is malformed' },
    {
      name: 'Authorization: Basic credentials',
      headers: { authorization: `Basic ${Buffer.from(`${user}:pw`).toString('base64')}` },
      reason: 'no bearer token in the Authorization header',
    },
    {
      name: 'Authorization: two tokens',
      headers: { authorization: `Bearer ${valid} ${valid}` },
      reason: 'no bearer token in the Authorization header',
    },
  ];
}

function alterPayload(token: string, payload: Claims): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64(payload)}.${signature}`;
}
