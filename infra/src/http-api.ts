/**
 * The public HTTP API: POST /chat and GET /health on one Lambda, payload 2.0, throttled, with CORS.
 * With a JWT authorizer, POST /chat needs a valid bearer token; GET /health stays public.
 */
import { Construct } from 'constructs';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';

/** `authorized`: behind the JWT authorizer when the stack has one (the local dev server's AUTHORIZED_ROUTES match). */
export const ROUTES = [
  { id: 'chat', method: 'POST', path: '/chat', authorized: true },
  { id: 'health', method: 'GET', path: '/health', authorized: false },
] as const;

/** What API Gateway checks a bearer token against: `iss` equal to issuer, `aud` (or `client_id`) one of audience. */
export interface JwtAuthorizerProps {
  issuer: string;
  audience: string[];
}

export interface HttpApiProps {
  name: string;
  handler: LambdaFunction;
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  corsAllowOrigins: string[];
  logRetentionDays: number;
  /** No authorizer: every route is public and the handler decides who the user is (AUTH=header). */
  jwtAuthorizer?: JwtAuthorizerProps;
}

// One JSON line per request: enough to correlate with the Lambda's logs by requestId.
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new Apigatewayv2Api(this, 'api', {
      name: props.name,
      protocolType: 'HTTP',
      corsConfiguration: {
        allowOrigins: props.corsAllowOrigins,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['content-type', 'authorization', 'x-user-id'],
        maxAge: 3600,
      },
    });
    const integration = new Apigatewayv2Integration(this, 'integration', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: props.handler.invokeArn,
      payloadFormatVersion: '2.0',
    });
    const authorizer = props.jwtAuthorizer
      ? new Apigatewayv2Authorizer(this, 'jwt-authorizer', {
          apiId: this.api.id,
          name: `${props.name}-jwt`,
          authorizerType: 'JWT',
          identitySources: ['$request.header.Authorization'],
          jwtConfiguration: { issuer: props.jwtAuthorizer.issuer, audience: props.jwtAuthorizer.audience },
        })
      : undefined;
    for (const route of ROUTES) {
      new Apigatewayv2Route(this, `route-${route.id}`, {
        apiId: this.api.id,
        routeKey: `${route.method} ${route.path}`,
        target: `integrations/${integration.id}`,
        ...(authorizer && route.authorized ? { authorizationType: 'JWT', authorizerId: authorizer.id } : {}),
      });
      // One permission per route: the API can call the function only through these two routes.
      new LambdaPermission(this, `permission-${route.id}`, {
        statementId: `AllowApiGateway-${route.id}`,
        action: 'lambda:InvokeFunction',
        functionName: props.handler.functionName,
        principal: 'apigateway.amazonaws.com',
        sourceArn: `${this.api.executionArn}/*/${route.method}${route.path}`,
      });
    }
    const accessLogs = new CloudwatchLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${props.name}`,
      retentionInDays: props.logRetentionDays,
    });
    new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingBurstLimit: props.throttlingBurstLimit,
        throttlingRateLimit: props.throttlingRateLimit,
      },
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
    });
  }
}
