/**
 * What an InvokeAgent failure means for the caller. The raw AWS message is only logged (by the
 * runtime); the caller gets a status and a message saying what to do.
 */
import { classifyUpstream, HttpError, UpstreamError, type UpstreamKind } from '@tennis/runtime';
import type { Booking } from '@tennis/booking-service';

const AGENT_ERRORS: Record<string, [UpstreamKind, string]> = {
  ThrottlingException: ['upstream_unavailable', 'The Bedrock agent is throttling requests; retry shortly.'],
  ServiceQuotaExceededException: ['upstream_unavailable', 'The Bedrock agent is over its service quota; retry shortly.'],
  ModelNotReadyException: ['upstream_unavailable', "The Bedrock agent's model is not ready yet; retry shortly."],
  ResourceNotFoundException: [
    'upstream_unavailable',
    'The Bedrock agent or its alias was not found: check BEDROCK_AGENT_ID and BEDROCK_AGENT_ALIAS_ID, and that the alias is prepared.',
  ],
  AccessDeniedException: [
    'bad_upstream',
    'The invoker is not allowed to call this Bedrock agent: check bedrock:InvokeAgent on the alias in its IAM policy.',
  ],
  // Our own validation runs first (message size, session id), so a rejected request is our bug or stale config, not the user's.
  ValidationException: ['bad_upstream', 'The Bedrock agent rejected the request (a stale confirmation or an agent configuration problem).'],
  DependencyFailedException: ['bad_upstream', "The agent's action group failed, so the agent stopped."],
  BadGatewayException: ['bad_upstream', 'The Bedrock agent could not reach one of its resources.'],
  InternalServerException: ['bad_upstream', 'The Bedrock agent failed.'],
};

/** "A booking was made before the failure": a booking made before the stream broke still stands. */
function bookingNote(booking: Booking | null): string {
  return booking
    ? ` A booking was made before the failure and stands: ${booking.court} on ${booking.date} at ${booking.time} (${booking.booking_id}).`
    : '';
}

/**
 * Maps an InvokeAgent error (at the request, or mid-stream) to the HTTP error to answer with.
 * Anything unrecognised goes through the runtime's generic classifier, else is rethrown as is (500).
 */
export function agentError(
  err: unknown,
  { midStream = false, booking = null }: { midStream?: boolean; booking?: Booking | null } = {},
): unknown {
  const name = err instanceof Error ? err.name : '';
  if (name === 'ConflictException')
    return new HttpError(409, 'session_busy', 'This conversation is busy with another request; retry.', {}, { cause: err });
  const known = AGENT_ERRORS[name];
  const upstream = known ? new UpstreamError(known[0], known[1], { cause: err }) : classifyUpstream(err);
  if (!upstream) return err;
  const where = midStream ? ' (while the agent was answering)' : '';
  return new UpstreamError(upstream.kind, `${upstream.message}${where}${bookingNote(booking)}`, { cause: err });
}
