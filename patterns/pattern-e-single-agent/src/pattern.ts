/**
 * Pattern E: a single agent. The @openai/agents Runner owns the loop: the model reads the instructions,
 * calls check_availability and book as it sees fit, reads their results and stops when it has answered.
 * Our code only declares the agent, hands it the conversation and reads back what happened.
 */
import { Agent, type Runner } from '@openai/agents';
import type { BookingService } from '@tennis/booking-service';
import { toAgentsTools } from '@tennis/booking-service/agents';
import { clubFacts, dateContext, type GroundingGuard, type Pattern } from '@tennis/runtime';
import {
  StateSession,
  bookingApproval,
  createTurnContext,
  groundingGuardrails,
  observeAgent,
  runAgentTurn,
  turnBooking,
  type AgentsTurnContext,
} from '@tennis/runtime/agents';

export interface PatternEDeps {
  bookings: BookingService;
  /** Runs the agent: createAgentsRunner(config) in the handler; a Runner over ScriptedModel in tests. */
  runner: Runner;
  /** Model calls allowed per turn (MAX_MODEL_CALLS); past it the turn ends with a bounded answer. */
  maxModelCalls: number;
  /** Checks the agent's answer against what the run did (GROUNDING_GUARD), as an output guardrail. */
  grounding: GroundingGuard;
  /** REQUIRE_CONFIRMATION: `book` pauses the run until the member approves that exact slot. */
  requireConfirmation?: boolean;
}

// The agent's instructions. A function, so "today" is read from the clock on every turn.
const instructions = (bookings: BookingService): string =>
  [
    'You are the court booking assistant of a tennis club, talking to a signed-in member.',
    dateContext(bookings),
    clubFacts(bookings),
    'Turn relative dates and times ("tomorrow", "3pm") into YYYY-MM-DD and 24h HH:MM yourself, from today above.',
    'Call check_availability before booking, and book only a slot_id it returned.',
    'When the member asks to book a time and a court is free then, book it straight away: the first free court unless they named one.',
    'When they only ask what is free, or have not said a time yet, list the free times and ask which they want; book nothing.',
    'When the requested time is full, offer the alternatives check_availability returned and book nothing.',
    'Bookings are always made for the member you are talking to; you cannot book for anyone else, so say so if asked.',
    'Confirm a booking with its court, date and time. Keep answers short.',
  ].join('\n');

export function createPatternE({ bookings, runner, maxModelCalls, grounding, requireConfirmation = false }: PatternEDeps): Pattern {
  // The whole orchestration is this declaration: instructions, two tools (`book` needing the member's
  // approval when REQUIRE_CONFIRMATION is on), and the guard on its answer.
  const agent = observeAgent(
    new Agent<AgentsTurnContext>({
      name: 'Booking agent',
      instructions: () => instructions(bookings),
      tools: toAgentsTools(bookings, bookingApproval(bookings, requireConfirmation)),
      outputGuardrails: groundingGuardrails(grounding),
    }),
  );

  return {
    async turn({ message, userId, sessionId, state, trace, approval }) {
      // 1. The conversation so far, from this session's saved state.
      const session = new StateSession(sessionId, state);
      // 2. The caller's identity travels in the run context; the tools read it from there, never from the model.
      const context = createTurnContext(userId, trace);
      // 3. The agent runs its own loop until it answers, or until maxModelCalls model calls; a false booking
      //    claim in its answer trips the grounding guardrail, and the guard's correction is the answer.
      //    Approval step: a `book` call pauses the run and the answer asks about that slot; the paused run
      //    waits in the session (approval.hold), and the member's yes / no / other message resumes it.
      const run = await runAgentTurn(runner, agent, { message, approval }, { bookings, context, session, maxModelCalls });
      // 4. The booking is what the book tool returned in this run, not something parsed from the answer.
      return { response: run.response, booking: turnBooking(context), state: session.toState(), approval: run.approval };
    },
  };
}
