/** Error bodies in each vendor's own shape, so the SDKs raise their usual typed errors. */
import type { Vendor } from '../faults';
import type { ErrorKind, ErrorReply } from './common';

const OPENAI_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  not_found: 'invalid_request_error',
  rate_limit: 'rate_limit_exceeded',
  server: 'server_error',
  unavailable: 'server_error',
};

const ANTHROPIC_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  not_found: 'not_found_error',
  rate_limit: 'rate_limit_error',
  server: 'api_error',
  unavailable: 'overloaded_error',
};

/** AWS JSON protocols name the exception in the x-amzn-errortype header. */
const BEDROCK_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'ValidationException',
  not_found: 'ResourceNotFoundException',
  rate_limit: 'ThrottlingException',
  server: 'InternalServerException',
  unavailable: 'ServiceUnavailableException',
};

/** A short wait hint: the SDKs honour it, so retried 429s stay fast in tests. */
const RETRY_HEADERS = { 'retry-after-ms': '20', 'retry-after': '1' };

export function vendorError(vendor: Vendor, kind: ErrorKind, message: string): ErrorReply {
  const headers = kind === 'rate_limit' ? { ...RETRY_HEADERS } : {};
  switch (vendor) {
    case 'openai':
      return {
        headers,
        body: { error: { message, type: OPENAI_TYPES[kind], param: null, code: kind === 'not_found' ? 'not_found' : null } },
      };
    case 'anthropic':
      return { headers, body: { type: 'error', error: { type: ANTHROPIC_TYPES[kind], message } } };
    case 'bedrock':
      return { headers: { ...headers, 'x-amzn-errortype': BEDROCK_TYPES[kind] }, body: { message } };
  }
}
