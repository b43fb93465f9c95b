/**
 * The action-group Lambda's logic: the Bedrock agent sends one event per function call
 * (function-details format), Powertools' BedrockAgentFunctionResolver routes it to the tool, and the
 * answer goes back in the documented response format. The caller is read ONLY from sessionAttributes,
 * which the invoker set from the authenticated request; the model's parameters never name the user.
 */
import { BedrockAgentFunctionResolver, BedrockFunctionResponse } from '@aws-lambda-powertools/event-handler/bedrock-agent';
import type { BedrockAgentFunctionEvent, BedrockAgentFunctionResponse, ResponseState } from '@aws-lambda-powertools/event-handler/types';
import { executeTool, type BookingService, type ToolOutcome } from '@tennis/booking-service';
import { USER_ID_PATTERN, type Logger } from '@tennis/runtime';
import type { Context } from 'aws-lambda';
import { agentFunctions, type AgentFunction } from './agent';

export type { BedrockAgentFunctionEvent, BedrockAgentFunctionResponse };

/** The Lambda handler shape: any event in (Powertools checks it is an action-group event), response out. */
export type ActionGroupHandler = (event: unknown, context: Context) => Promise<BedrockAgentFunctionResponse>;

/** The session attribute carrying the caller's id, set by the invoker's code (never by the model). */
export const USER_ID_ATTRIBUTE = 'userId';

/** The session attribute carrying the turn's W3C trace context, set by the invoker when the turn is exported. */
export const TRACEPARENT_ATTRIBUTE = 'traceparent';

/**
 * REQUIRE_CONFIRMATION: the session attribute naming the slot the member just approved. The invoker's code sets
 * it only on the request that CONFIRMs that slot's held `book` call, and clears it on every other request.
 */
export const APPROVED_SLOT_ATTRIBUTE = 'approvedSlotId';

export interface ActionGroupOptions {
  /**
   * REQUIRE_CONFIRMATION: `book` runs only for the slot the member approved (APPROVED_SLOT_ATTRIBUTE). The agent's
   * own user confirmation asks first; this makes the rule hold in code even when the deployed agent's `book`
   * lacks `requireConfirmation` (the provider cannot declare it): the booking is then refused, never made unasked.
   */
  requireConfirmation?: boolean;
}

type Params = Record<string, unknown>;

const failure = (code: string, message: string) => ({ ok: false, error: { code, message } });

/** The caller from sessionAttributes, or undefined when the session carries no valid one. */
function callerOf(event: BedrockAgentFunctionEvent): string | undefined {
  const userId = event.sessionAttributes[USER_ID_ATTRIBUTE];
  return typeof userId === 'string' && USER_ID_PATTERN.test(userId) ? userId : undefined;
}

/** Only the parameters the function declares: a "user_id" the model adds is dropped, never used. */
function declaredParams(fn: AgentFunction, params: Params): Params {
  return Object.fromEntries(Object.entries(params).filter(([name]) => name in fn.parameters));
}

/** A response that hands the session and prompt attributes back unchanged, as the agent expects. */
function respond(event: BedrockAgentFunctionEvent, body: unknown, responseState?: ResponseState): BedrockFunctionResponse {
  return new BedrockFunctionResponse({
    body: JSON.stringify(body),
    ...(responseState ? { responseState } : {}),
    sessionAttributes: event.sessionAttributes,
    promptSessionAttributes: event.promptSessionAttributes,
  });
}

/**
 * Bad arguments and booking rules (taken, in the past, unknown slot) are REPROMPT: the model reads the
 * error and explains or retries. A session without a caller, or a store outage, is FAILURE: the agent
 * stops the turn (DependencyFailedException) rather than let the model improvise around it.
 */
async function runFunction(
  bookings: BookingService,
  fn: AgentFunction,
  params: Params,
  event: BedrockAgentFunctionEvent,
  options: ActionGroupOptions,
  log?: Logger,
) {
  const userId = callerOf(event);
  if (!userId)
    return respond(event, failure('NO_CALLER', 'This session has no signed-in member, so nothing can be looked up or booked.'), 'FAILURE');
  const approved = event.sessionAttributes[APPROVED_SLOT_ATTRIBUTE];
  if (options.requireConfirmation && fn.name === 'book' && (!approved || approved !== params.slot_id)) {
    return respond(
      event,
      failure('APPROVAL_REQUIRED', 'The member has not approved booking this slot, so nothing was booked. Ask them first.'),
      'REPROMPT',
    );
  }
  let outcome: ToolOutcome;
  try {
    outcome = await executeTool(bookings, fn.name, declaredParams(fn, params), { userId });
  } catch (err) {
    log?.error('action failed', { function: fn.name, error: err instanceof Error ? err.name : String(err) });
    return respond(event, failure('UNAVAILABLE', 'The booking system is unavailable right now; nothing was booked.'), 'FAILURE');
  }
  return outcome.ok ? respond(event, outcome.result) : respond(event, outcome, 'REPROMPT');
}

/** The action group over `bookings`: check_availability and book, as the agent's function schema declares them. */
export function createActionGroup(bookings: BookingService, log?: Logger, options: ActionGroupOptions = {}): ActionGroupHandler {
  const resolver = new BedrockAgentFunctionResolver({
    logger: {
      debug: (m: unknown) => log?.debug(String(m)),
      warn: (m: unknown) => log?.warn(String(m)),
      error: (m: unknown) => log?.error(String(m)),
    },
  });
  for (const fn of agentFunctions()) {
    resolver.tool((params, { event }) => runFunction(bookings, fn, params, event, options, log), {
      name: fn.name,
      description: fn.description,
    });
  }
  return (event, context) => resolver.resolve(event, context);
}
