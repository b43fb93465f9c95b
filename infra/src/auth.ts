/**
 * The stack's identity provider for its JWT authorizer (AUTH, see settings.ts): for `cognito` a user
 * pool (users created by an administrator only) and a public app client that signs in with a username
 * and password; for `jwt` the existing provider's issuer and audience. Outputs tell a user how to get
 * a token. `header` has no authorizer.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import type { JwtAuthorizerProps } from './http-api';
import type { AuthSetting } from './settings';

export interface StackAuthProps {
  /** Resource name prefix, e.g. tennis-pattern-d. */
  name: string;
  region: string;
  auth: AuthSetting;
}

/** Creates what AUTH asks for and returns the authorizer's issuer and audience, or undefined for `header`. */
export function stackAuth(scope: Construct, props: StackAuthProps): JwtAuthorizerProps | undefined {
  const { auth } = props;
  new TerraformOutput(scope, 'auth_mode', {
    value: auth.mode,
    description: 'header: X-User-Id (demo only); cognito or jwt: POST /chat needs a bearer token',
  });
  if (auth.mode === 'header') return undefined;
  if (auth.mode === 'jwt') {
    new TerraformOutput(scope, 'jwt_issuer', { value: auth.issuer, description: 'Tokens must carry this iss' });
    new TerraformOutput(scope, 'jwt_audience', {
      value: auth.audience.join(','),
      description: 'Tokens must carry one of these in aud (or client_id)',
    });
    return { issuer: auth.issuer, audience: auth.audience };
  }
  const construct = new Construct(scope, 'cognito');
  const pool = new CognitoUserPool(construct, 'user-pool', {
    name: `${props.name}-users`,
    // Members are added by an administrator (infra/README.md shows the AWS CLI calls); nobody signs up alone.
    adminCreateUserConfig: { allowAdminCreateUserOnly: true },
    passwordPolicy: {
      minimumLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: false,
      temporaryPasswordValidityDays: 7,
    },
    mfaConfiguration: 'OFF',
    // A demo stack must be destroyable in one command.
    deletionProtection: 'INACTIVE',
  });
  const client = new CognitoUserPoolClient(construct, 'app-client', {
    name: `${props.name}-client`,
    userPoolId: pool.id,
    // A public client (curl, a browser): no secret, username and password sign-in plus refresh.
    generateSecret: false,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    preventUserExistenceErrors: 'ENABLED',
    enableTokenRevocation: true,
    accessTokenValidity: 60,
    idTokenValidity: 60,
    refreshTokenValidity: 30,
    tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' }],
  });
  const issuer = `https://${pool.endpoint}`;
  new TerraformOutput(scope, 'user_pool_id', {
    value: pool.id,
    description: 'aws cognito-idp admin-create-user --user-pool-id <this> ...',
  });
  new TerraformOutput(scope, 'user_pool_client_id', {
    value: client.id,
    description: 'The app client to sign in with; also the authorizer audience',
  });
  new TerraformOutput(scope, 'jwt_issuer', { value: issuer, description: 'Tokens must carry this iss' });
  new TerraformOutput(scope, 'get_token_command', {
    value:
      `aws cognito-idp initiate-auth --region ${props.region} --client-id ${client.id} --auth-flow USER_PASSWORD_AUTH ` +
      '--auth-parameters USERNAME=<user>,PASSWORD=<password> --query AuthenticationResult.AccessToken --output text',
    description: 'Prints an access token for POST /chat (Authorization: Bearer <token>)',
  });
  // Cognito access tokens carry the client id in client_id (ID tokens in aud): the authorizer accepts either.
  return { issuer, audience: [client.id] };
}
