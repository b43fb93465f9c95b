/**
 * AUTH for local runs (`pnpm dev`, `pnpm demo`): "header" (default, X-User-Id as on a demo stack) or
 * "jwt" (bearer tokens checked like API Gateway's JWT authorizer). Tokens come from the dev key
 * (`pnpm token`) unless JWT_ISSUER names a real identity provider (then JWT_AUDIENCE, and optionally
 * JWKS_URL instead of OpenID discovery).
 */
import { jwtAuthorizer, localKeys, remoteKeys, type LocalAuthorizer } from './authorizer';
import { DEV_AUDIENCE, DEV_ISSUER, devKeyFile, loadDevKey } from './dev-key';

export type Env = Record<string, string | undefined>;

export class AuthSettingsError extends Error {
  override name = 'AuthSettingsError';
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function url(name: string, value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return value;
  } catch {
    // reported below
  }
  throw new AuthSettingsError(`${name}=${JSON.stringify(value)}: expected an http(s) URL`);
}

/** "header" or "jwt" from AUTH (unset: header). */
export function localAuthMode(env: Env = process.env): 'header' | 'jwt' {
  const raw = env.AUTH?.trim().toLowerCase() || 'header';
  if (raw === 'header' || raw === 'jwt') return raw;
  if (raw === 'cognito') {
    throw new AuthSettingsError(
      'AUTH=cognito names the deployed user pool; locally use AUTH=jwt (dev tokens from `pnpm token`, or JWT_ISSUER and JWT_AUDIENCE of your pool).',
    );
  }
  throw new AuthSettingsError(`AUTH=${JSON.stringify(env.AUTH)}: expected header or jwt locally`);
}

/** The authorizer AUTH asks for, or undefined for AUTH=header. Bad settings throw AuthSettingsError. */
export async function localAuthorizerFromEnv(env: Env = process.env): Promise<LocalAuthorizer | undefined> {
  if (localAuthMode(env) === 'header') return undefined;
  const issuer = env.JWT_ISSUER?.trim();
  if (!issuer) {
    const key = await loadDevKey(devKeyFile(env));
    return jwtAuthorizer({
      issuer: DEV_ISSUER,
      audiences: [DEV_AUDIENCE],
      keys: localKeys(key.jwks),
      source: `dev key ${key.file} (pnpm token --user <id>)`,
    });
  }
  url('JWT_ISSUER', issuer);
  const audiences = list(env.JWT_AUDIENCE);
  if (audiences.length === 0)
    throw new AuthSettingsError(
      'JWT_ISSUER is set, so JWT_AUDIENCE must name the accepted audience(s) (comma separated), e.g. the app client id.',
    );
  const jwksUrl = env.JWKS_URL?.trim() ? url('JWKS_URL', env.JWKS_URL.trim()) : undefined;
  return jwtAuthorizer({ issuer, audiences, keys: remoteKeys(issuer, jwksUrl), source: jwksUrl ?? `${issuer} (OpenID discovery)` });
}
