/**
 * The agent team pattern F and pattern G share: every prompt and the specialist tools' names and
 * descriptions (prompts.ts), and the run options that bound every agent run. F runs the specialists in
 * its own process (agents as tools); G imports this module and runs them in Lambdas of their own.
 */
import type { BookingService } from '@tennis/booking-service';
import { answerAtTurnLimit, askBeforeBooking, type AgentsTurnContext } from '@tennis/runtime/agents';

export { prompts, SPECIALIST_TOOLS } from './prompts';

/** Every agent run, the manager's and each specialist's, is bounded the same way (MAX_MODEL_CALLS). */
export const runOptions = (maxModelCalls: number) => ({
  maxTurns: maxModelCalls,
  errorHandlers: { maxTurns: answerAtTurnLimit(maxModelCalls) },
});

/**
 * REQUIRE_CONFIRMATION, the same rule in both teams: the call that books pauses the manager's run until the
 * member approves the slot `slotOf` names (F: its booking specialist's `book` call, in the nested run; G: the
 * manager's booking_specialist call, whose remote specialist proposed the slot). False when approval is off.
 */
export function approvalPolicy<A>(
  bookings: BookingService,
  requireConfirmation: boolean,
  slotOf: (args: A, context: AgentsTurnContext, callId: string) => Promise<string | null> | string | null,
) {
  return requireConfirmation ? askBeforeBooking(bookings, slotOf) : false;
}
