/**
 * What pattern H's Bedrock agent is: its instruction, its one action group and that group's function
 * schema. Infra creates the agent from these in AWS; the offline agent runtime hosts the same definition.
 */
import { toBedrockAgentFunctionSchema } from '@tennis/booking-service';

/** The action group's name, as the agent sends it in every action-group event. */
export const ACTION_GROUP = 'booking';

/** Ids the invoker uses when no deployed agent is configured (offline). */
export const OFFLINE_AGENT_ID = 'OFFLINEAGT';
export const OFFLINE_AGENT_ALIAS_ID = 'OFFLINEALS';

// Dates arrive as a prompt session attribute (see pattern.ts): a Bedrock agent has no clock of its own.
export const AGENT_INSTRUCTION = [
  'You are the court booking assistant of a tennis club, talking to a signed-in member.',
  'Use check_availability to find free slots (absolute dates YYYY-MM-DD, 24h times HH:MM) and book to book one slot by its slot_id.',
  "Turn relative dates and times ('tomorrow', '3pm') into absolute ones from the current date and time you are given.",
  'When the member asks to book a time and a court is free then, book it: the first free court unless they named one.',
  'When they only ask what is free, or have not said a time yet, list the free times and ask which they want; book nothing.',
  'When the requested time is full, offer the alternatives check_availability returned and book nothing.',
  'Never ask who the member is and never book for anyone else: the system knows the caller.',
  'Confirm a booking with its court, date and time. Keep answers short.',
].join(' ');

export type RequireConfirmation = 'ENABLED' | 'DISABLED';

type SharedFunction = ReturnType<typeof toBedrockAgentFunctionSchema>['functions'][number];

/** One function of the action group, as CreateAgentActionGroup's functionSchema declares it. */
export interface AgentFunction extends SharedFunction {
  /** ENABLED: the agent asks the user to confirm before it runs the function (returnControl USER_CONFIRMATION). */
  requireConfirmation: RequireConfirmation;
}

/**
 * The action group's functions: the shared tools converted once (toBedrockAgentFunctionSchema), with
 * user confirmation on `book` when `requireConfirmation` is set (REQUIRE_CONFIRMATION=true).
 */
export function agentFunctions({ requireConfirmation = false } = {}): AgentFunction[] {
  return toBedrockAgentFunctionSchema().functions.map((fn) => ({
    ...fn,
    requireConfirmation: requireConfirmation && fn.name === 'book' ? 'ENABLED' : 'DISABLED',
  }));
}
