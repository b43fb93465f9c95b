/**
 * Pattern F: several agents in one process. A manager agent talks to the member and calls two specialists
 * as tools: an availability specialist (check_availability) that answers "what is free?", and a booking
 * specialist (check_availability, then book) that carries out "book this".
 *
 * Agents-as-tools, not handoffs: the manager stays in charge of every turn, so a follow-up turn always
 * starts with it and it routes again with the whole conversation in view; no "who was talking last" state
 * to keep. The specialists end their run on their deciding tool call (toolUseBehavior) and return that
 * tool's result to the manager as is, so no model call is spent rephrasing it.
 */
import { Agent, type Runner } from '@openai/agents';
import type { BookingService } from '@tennis/booking-service';
import { toAgentsTools } from '@tennis/booking-service/agents';
import type { GroundingGuard, Pattern } from '@tennis/runtime';
import {
  StateSession,
  bookSlot,
  createTurnContext,
  groundingGuardrails,
  observeAgent,
  runAgentTurn,
  turnBooking,
  type AgentsTurnContext,
} from '@tennis/runtime/agents';
import { approvalPolicy, prompts, runOptions, SPECIALIST_TOOLS } from './team';

export interface PatternFDeps {
  bookings: BookingService;
  /** Runs the agents: createAgentsRunner(config) in the handler; a Runner over ScriptedModel in tests. */
  runner: Runner;
  /** Model calls allowed per agent run (MAX_MODEL_CALLS); past it that run ends with a bounded answer. */
  maxModelCalls: number;
  /** Checks the manager's answer against what the run did (GROUNDING_GUARD), as an output guardrail. */
  grounding: GroundingGuard;
  /** REQUIRE_CONFIRMATION: the booking specialist's `book` pauses the manager's run until the member approves that exact slot. */
  requireConfirmation?: boolean;
}

export function createPatternF({ bookings, runner, maxModelCalls, grounding, requireConfirmation = false }: PatternFDeps): Pattern {
  // With approval on (team.ts), `book` pauses the manager's run until the member approves its slot.
  const tools = toAgentsTools(bookings, { needsApproval: { book: approvalPolicy(bookings, requireConfirmation, bookSlot) } });
  const tool = (name: string) => {
    const found = tools.find((t) => t.name === name);
    if (!found) throw new Error(`@tennis/booking-service/agents has no "${name}" tool`);
    return found;
  };

  // Every agent run is bounded the same way (team.ts): each specialist's here, the manager's in runAgentTurn.
  const bounded = runOptions(maxModelCalls);

  // The agents, declared as data: two specialists, each ending its run on its deciding tool, and the manager.
  const availabilitySpecialist = observeAgent(
    new Agent<AgentsTurnContext>({
      name: 'Availability specialist',
      instructions: () => prompts.availability(bookings),
      tools: [tool('check_availability')],
      toolUseBehavior: 'stop_on_first_tool',
    }),
  );
  const bookingSpecialist = observeAgent(
    new Agent<AgentsTurnContext>({
      name: 'Booking specialist',
      instructions: () => prompts.booking(bookings),
      tools: [tool('check_availability'), tool('book')],
      toolUseBehavior: { stopAtToolNames: ['book'] },
    }),
  );
  const manager = observeAgent(
    new Agent<AgentsTurnContext>({
      name: 'Manager',
      instructions: () => prompts.manager(bookings),
      tools: [
        availabilitySpecialist.asTool({ ...SPECIALIST_TOOLS.availability, runOptions: bounded }),
        bookingSpecialist.asTool({ ...SPECIALIST_TOOLS.booking, runOptions: bounded }),
      ],
      outputGuardrails: groundingGuardrails(grounding),
    }),
  );

  return {
    async turn({ message, userId, sessionId, state, trace, approval }) {
      // 1. The manager's conversation so far, from this session's saved state.
      const session = new StateSession(sessionId, state);
      // 2. The caller's identity travels in the run context, shared with the specialists' nested runs.
      const context = createTurnContext(userId, trace);
      // 3. The manager runs the turn, calling specialists as it decides; a false booking claim in its answer
      //    trips the grounding guardrail, and the guard's correction is the answer.
      //    Approval step: the specialist's `book` call pauses the manager's whole run and the answer asks
      //    about that slot; the paused run waits in the session, and the member's reply resumes it.
      const run = await runAgentTurn(runner, manager, { message, approval }, { bookings, context, session, maxModelCalls });
      // 4. The booking is what the book tool returned in this run, not something parsed from the answer.
      return { response: run.response, booking: turnBooking(context), state: session.toState(), approval: run.approval };
    },
  };
}
