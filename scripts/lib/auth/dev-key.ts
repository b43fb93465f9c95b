/**
 * The local dev signing key: an RSA key pair made at first use and kept in a gitignored file
 * (.dev-auth/jwt-signing-key.json, or JWT_DEV_KEY_FILE), so `pnpm token` can sign tokens that the
 * dev server's authorizer (AUTH=jwt) verifies against the key's public JWKS. Never used on AWS.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { REPO_ROOT } from '../lambdas';

/** Issuer and audience of dev tokens (what the dev server expects when JWT_ISSUER is not set). */
export const DEV_ISSUER = 'https://tennis.local/dev';
export const DEV_AUDIENCE = 'tennis-local';
export const DEV_ALG = 'RS256';

export const DEFAULT_DEV_KEY_FILE = join(REPO_ROOT, '.dev-auth', 'jwt-signing-key.json');

export function devKeyFile(env: Record<string, string | undefined> = process.env): string {
  return env.JWT_DEV_KEY_FILE?.trim() || DEFAULT_DEV_KEY_FILE;
}

export interface DevKey {
  kid: string;
  file: string;
  /** The public half, as the dev server's authorizer trusts it. */
  jwks: JSONWebKeySet;
  privateKey: Awaited<ReturnType<typeof importJWK>>;
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** Makes the key file unless it exists; two processes racing here end up with the same (first) key. */
async function ensureKeyFile(file: string): Promise<void> {
  try {
    readFileSync(file);
    return;
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
  const { privateKey } = await generateKeyPair(DEV_ALG, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${JSON.stringify({ ...jwk, kid, alg: DEV_ALG, use: 'sig' }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
  }
}

/** The dev key from `file` (made there at first use). */
export async function loadDevKey(file = devKeyFile()): Promise<DevKey> {
  await ensureKeyFile(file);
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (err) {
    throw new Error(`The dev signing key ${file} is not readable JSON (${(err as Error).message}); delete it and a new one is made.`);
  }
  if (jwk.kty !== 'RSA' || !jwk.d || !jwk.kid)
    throw new Error(`The dev signing key ${file} is not an RSA private JWK with a kid; delete it and a new one is made.`);
  const { kty, n, e, kid } = jwk;
  return {
    kid,
    file,
    jwks: { keys: [{ kty, n, e, kid, alg: DEV_ALG, use: 'sig' }] },
    privateKey: await importJWK(jwk, DEV_ALG),
  };
}

export interface DevTokenOptions {
  /** Becomes `sub`: who the API sees as the user. */
  user: string;
  /** A jose time span ("1h", "30m", "2 days"); default one hour. */
  ttl?: string;
  issuer?: string;
  audience?: string;
  /** Extra claims (tests). */
  claims?: Record<string, unknown>;
}

/** A signed RS256 JWT for `user`, as an identity provider would issue it: kid, iss, aud, iat, exp. */
export async function signDevToken(key: DevKey, opts: DevTokenOptions): Promise<string> {
  return new SignJWT({ ...opts.claims })
    .setProtectedHeader({ alg: DEV_ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(opts.user)
    .setIssuer(opts.issuer ?? DEV_ISSUER)
    .setAudience(opts.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.ttl ?? '1h')
    .sign(key.privateKey);
}
