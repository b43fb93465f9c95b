/**
 * Synth of each AUTH value: the JWT authorizer is on POST /chat and never on GET /health, the HTTP
 * function stops trusting X-User-Id behind it, cognito stacks get their user pool and client, and the
 * IAM and secret checks still pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdasOf, PATTERNS } from '../../scripts/lib/lambdas';
import { scanPolicies } from './helpers/policy-scan';
import { functionByName, only, refName, resources, synthAll, type Json, type SynthResult } from './helpers/synth';
import type { AuthSetting } from '../src/settings';

const JWT: AuthSetting = { mode: 'jwt', issuer: 'https://login.example.com/tenant-1/', audience: ['tennis-api', 'tennis-web'] };
const SETTINGS: Record<AuthSetting['mode'], AuthSetting> = { header: { mode: 'header' }, cognito: { mode: 'cognito' }, jwt: JWT };

const synths = new Map<string, SynthResult>();
beforeAll(() => {
  for (const [mode, auth] of Object.entries(SETTINGS)) {
    synths.set(mode, synthAll({ auth, trustUserIdHeader: auth.mode === 'header' }));
  }
});
afterAll(() => {
  for (const synth of synths.values()) synth.dispose();
});

function routes(stack: Json): Record<string, Json> {
  return Object.fromEntries(resources(stack, 'aws_apigatewayv2_route').map(([, r]) => [r.route_key, r]));
}

const httpFunction = (stack: Json, pattern: string) =>
  functionByName(stack, `tennis-${lambdasOf(pattern as never).find((s) => s.role === 'http')!.name}`)[1];

describe.each(PATTERNS)('pattern-%s', (pattern) => {
  it('AUTH=header: no authorizer, no user pool, every route public, X-User-Id trusted', () => {
    const stack = synths.get('header')!.stack(pattern);
    expect(resources(stack, 'aws_apigatewayv2_authorizer')).toEqual([]);
    expect(resources(stack, 'aws_cognito_user_pool')).toEqual([]);
    for (const route of Object.values(routes(stack))) expect(route.authorization_type).toBeUndefined();
    expect(httpFunction(stack, pattern).environment.variables.TRUST_USER_ID_HEADER).toBe('true');
    expect(stack.output.auth_mode.value).toBe('header');
  });

  it.each(['cognito', 'jwt'])('AUTH=%s: the JWT authorizer guards POST /chat only; X-User-Id is not trusted', (mode) => {
    const stack = synths.get(mode)!.stack(pattern);
    const [authorizerName, authorizer] = only(stack, 'aws_apigatewayv2_authorizer');
    expect(authorizer).toMatchObject({ authorizer_type: 'JWT', identity_sources: ['$request.header.Authorization'] });
    const { 'POST /chat': chat, 'GET /health': health } = routes(stack);
    expect(chat).toMatchObject({ authorization_type: 'JWT', authorizer_id: `\${aws_apigatewayv2_authorizer.${authorizerName}.id}` });
    expect(health.authorization_type).toBeUndefined();
    expect(health.authorizer_id).toBeUndefined();
    expect(httpFunction(stack, pattern).environment.variables.TRUST_USER_ID_HEADER).toBe('false');
    expect(stack.output.auth_mode.value).toBe(mode);
  });

  it("AUTH=cognito: issuer is the stack's user pool, audience its public app client; outputs tell how to get a token", () => {
    const stack = synths.get('cognito')!.stack(pattern);
    const [poolName, pool] = only(stack, 'aws_cognito_user_pool');
    const [clientName, client] = only(stack, 'aws_cognito_user_pool_client');
    expect(pool.admin_create_user_config).toEqual({ allow_admin_create_user_only: true });
    expect(refName(client.user_pool_id, 'aws_cognito_user_pool')).toBe(poolName);
    expect(client).toMatchObject({ generate_secret: false, explicit_auth_flows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const [, authorizer] = only(stack, 'aws_apigatewayv2_authorizer');
    expect(authorizer.jwt_configuration).toEqual({
      issuer: `https://\${aws_cognito_user_pool.${poolName}.endpoint}`,
      audience: [`\${aws_cognito_user_pool_client.${clientName}.id}`],
    });
    expect(stack.output.user_pool_id.value).toBe(`\${aws_cognito_user_pool.${poolName}.id}`);
    expect(stack.output.user_pool_client_id.value).toBe(`\${aws_cognito_user_pool_client.${clientName}.id}`);
    expect(stack.output.get_token_command.value).toContain('--auth-flow USER_PASSWORD_AUTH');
  });

  it('AUTH=jwt: issuer and audience come from JWT_ISSUER and JWT_AUDIENCE; no user pool', () => {
    const stack = synths.get('jwt')!.stack(pattern);
    expect(resources(stack, 'aws_cognito_user_pool')).toEqual([]);
    expect(only(stack, 'aws_apigatewayv2_authorizer')[1].jwt_configuration).toEqual({ issuer: JWT.issuer, audience: JWT.audience });
    expect(stack.output.jwt_issuer.value).toBe(JWT.issuer);
  });

  it.each(Object.keys(SETTINGS))('AUTH=%s: the IAM scan finds nothing and no secret value is written', (mode) => {
    const stack = synths.get(mode)!.stack(pattern);
    expect(scanPolicies(stack)).toEqual([]);
    expect(resources(stack, 'aws_secretsmanager_secret_version')).toEqual([]);
  });
});
