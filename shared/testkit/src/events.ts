/**
 * Real API Gateway HTTP API (payload v2) events and a Lambda context, as AWS delivers them,
 * so tests go through the same handler code path as a deployed function.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

let requestCounter = 0;

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  /** Sent as-is (a string) or JSON-encoded (anything else). */
  body?: unknown;
  headers?: Record<string, string>;
}

export function apiGatewayEvent(spec: HttpRequestSpec): APIGatewayProxyEventV2 {
  const requestId = `test-req-${++requestCounter}`;
  const now = Date.now();
  const body = spec.body === undefined || typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    version: '2.0',
    routeKey: `${spec.method} ${spec.path}`,
    rawPath: spec.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'testapi',
      domainName: 'testapi.execute-api.local',
      domainPrefix: 'testapi',
      http: { method: spec.method, path: spec.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'testkit' },
      requestId,
      routeKey: `${spec.method} ${spec.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  };
}

export function lambdaContext(functionName = 'tennis-test'): Context {
  const unsupported = () => {
    throw new Error('Legacy Lambda callbacks (done/fail/succeed) are not supported in tests');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `test-lambda-${++requestCounter}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
