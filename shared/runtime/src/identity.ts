/**
 * Who is asking. The user id only ever comes from the request (a verified JWT, or a header on
 * deployments that trust it), never from a model.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from './config';
import { HttpError } from './errors';

export const ANONYMOUS = 'anonymous';
export const USER_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

/** Case-insensitive header lookup (API Gateway lower-cases names; local callers may not). */
export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** The `sub` claim set by an API Gateway JWT authorizer, if any. */
function jwtSubject(event: APIGatewayProxyEventV2): string | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } | undefined;
  const sub = context?.authorizer?.jwt?.claims?.sub;
  return typeof sub === 'string' && sub.length > 0 ? sub : undefined;
}

/**
 * JWT `sub` wins; else X-User-Id when TRUST_USER_ID_HEADER (validated, 400 if malformed);
 * else "anonymous". With the header untrusted it is ignored, not an error.
 */
export function userIdFrom(event: APIGatewayProxyEventV2, config: Pick<Config, 'trustUserIdHeader'>): string {
  const sub = jwtSubject(event);
  if (sub) return sub;
  if (!config.trustUserIdHeader) return ANONYMOUS;
  const claimed = header(event, 'x-user-id');
  if (claimed === undefined) return ANONYMOUS;
  if (!USER_ID_PATTERN.test(claimed)) {
    throw new HttpError(400, 'invalid_user_id', 'X-User-Id must be 1-64 characters from A-Z a-z 0-9 _ . @ -.');
  }
  return claimed;
}
