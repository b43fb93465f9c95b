/**
 * Pattern G: a manager agent (this Lambda) whose two tools invoke specialist Lambdas. Each specialist is
 * a full agent with its own model calls: availability on @openai/agents, booking on Anthropic tool use.
 *
 * What crosses the boundary is a zod-validated payload (payloads.ts): the free-text request the manager
 * wrote, plus the caller's user id, which CODE copies from the run context; no model ever chooses it.
 * The specialist's trace comes back with its answer and is merged into the turn, after an `invoke` event.
 * Each specialist ends on its deciding tool call and returns that tool's result, as F's do; the manager
 * writes the one answer the member reads. A failing specialist (function error, crash, timeout) becomes a
 * tool result the manager explains; the turn still answers 200 (remote-specialists.ts).
 *
 * REQUIRE_CONFIRMATION: the booking specialist's `book` runs in another Lambda, so it cannot pause the
 * manager's run from there, as F's in-process one does. The manager's `booking_specialist` call pauses instead
 * (needsApproval, as in F): before it, the specialist proposes its slot without booking it; the member approves
 * that slot; the resumed call asks the specialist to book exactly that slot id.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Agent, type Runner } from '@openai/agents';
import type { BookingService } from '@tennis/booking-service';
import type { GroundingGuard, Pattern } from '@tennis/runtime';
import { prompts } from '@tennis/pattern-f/team';
import {
  StateSession,
  createTurnContext,
  groundingGuardrails,
  observeAgent,
  runAgentTurn,
  turnBooking,
  type AgentsTurnContext,
} from '@tennis/runtime/agents';
import { remoteSpecialists, type SpecialistFunctions } from './remote-specialists';

export interface PatternGDeps {
  bookings: BookingService;
  /** Runs the manager: createAgentsRunner(config) in the handler; a Runner over ScriptedModel in tests. */
  runner: Runner;
  lambda: LambdaClient;
  /** Deployed function names (G_AVAILABILITY_FUNCTION, G_BOOKING_FUNCTION). */
  functions: SpecialistFunctions;
  /** Model calls allowed per agent run (MAX_MODEL_CALLS); past it that run ends with a bounded answer. */
  maxModelCalls: number;
  /** Checks the manager's answer against what the run did (GROUNDING_GUARD), as an output guardrail. */
  grounding: GroundingGuard;
  /** REQUIRE_CONFIRMATION: the manager's booking_specialist call pauses the run until the member approves the proposed slot. */
  requireConfirmation?: boolean;
}

/** The one line G's manager prompt adds to F's: a specialist Lambda can fail where an in-process call cannot. */
const UNAVAILABLE = 'If a specialist is unavailable, say so plainly: nothing was confirmed, and they can try again.';

export function createPatternG({
  bookings,
  runner,
  lambda,
  functions,
  maxModelCalls,
  grounding,
  requireConfirmation = false,
}: PatternGDeps): Pattern {
  // The specialists run in Lambdas of their own: the manager's two tools invoke them (remote-specialists.ts).
  const specialists = remoteSpecialists({ bookings, lambda, functions, requireConfirmation });

  const manager = observeAgent(
    new Agent<AgentsTurnContext>({
      name: 'Manager',
      instructions: () => `${prompts.manager(bookings)}\n${UNAVAILABLE}`,
      tools: [specialists.availability, specialists.booking],
      outputGuardrails: groundingGuardrails(grounding),
    }),
  );

  return {
    async turn({ message, userId, sessionId, state, trace, approval }) {
      // 1. The manager's conversation so far, from this session's saved state.
      const session = new StateSession(sessionId, state);
      // 2. The caller's identity lives in the run context; the specialist tools copy it into each invoke payload.
      const context = createTurnContext(userId, trace);
      // 3. The manager runs the turn, calling specialists as it decides; a false booking claim in its answer
      //    trips the grounding guardrail, and the guard's correction is the answer.
      //    Approval step: the booking_specialist call pauses the manager's whole run and the answer asks
      //    about the proposed slot; the paused run waits in the session, and the member's reply resumes it.
      const run = await runAgentTurn(runner, manager, { message, approval }, { bookings, context, session, maxModelCalls });
      // 4. The booking is what the book tool returned in this run, not something parsed from the answer.
      return { response: run.response, booking: turnBooking(context), state: session.toState(), approval: run.approval };
    },
  };
}
