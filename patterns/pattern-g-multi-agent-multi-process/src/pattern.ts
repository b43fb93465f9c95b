/**
 * Pattern G: a manager agent (this Lambda) whose two tools invoke specialist Lambdas. Each specialist is
 * a full agent with its own model calls: availability on @openai/agents, booking on Anthropic tool use.
 *
 * What crosses the boundary is a zod-validated payload (payloads.ts): the free-text request the manager
 * wrote, plus the caller's user id, which CODE copies from the run context; no model ever chooses it.
 * The specialist's trace comes back with its answer and is merged into the turn, after an `invoke` event.
 * Each specialist ends on its deciding tool call and returns that tool's result, as F's do; the manager
 * writes the one answer the member reads.
 * A failing specialist (function error, crash, timeout) becomes a tool result the manager explains to
 * the member; the turn still answers 200. The availability specialist only reads, so one retry is safe;
 * the booking specialist is never retried here (a re-run could pick and book another slot).
 *
 * REQUIRE_CONFIRMATION: the booking specialist's `book` runs in another Lambda, so it cannot pause the
 * manager's run from there, as F's in-process one does. The manager's `booking_specialist` call pauses instead
 * (needsApproval, as in F): before it, the specialist proposes its slot without booking it; the member approves
 * that slot; the resumed call asks the specialist to book exactly that slot id.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Agent, tool, type RunContext, type Runner } from '@openai/agents';
import type { BookingService } from '@tennis/booking-service';
import { StepFailedError, type GroundingGuard, type Pattern } from '@tennis/runtime';
import { approvalPolicy, prompts, SPECIALIST_TOOLS } from '@tennis/pattern-f/team';
import {
  StateSession,
  createTurnContext,
  groundingGuardrails,
  observeAgent,
  runAgentTurn,
  turnBooking,
  type AgentsTurnContext,
} from '@tennis/runtime/agents';
import { invokeWorker } from '@tennis/runtime/invoke';
import { BookingSpecialistInput, SpecialistInput, SpecialistResult } from './payloads';

export interface SpecialistFunctions {
  availability: string;
  booking: string;
}

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

/** What the manager hears when a specialist Lambda failed: honest about what is known, and what to do. */
function unavailable(topic: 'availability' | 'booking', err: StepFailedError): string {
  const what = topic === 'booking' ? 'The booking service is unavailable right now; no booking was confirmed' : 'The availability service is unavailable right now';
  return `${what} (${err.message}). Please try again in a moment.`;
}

const REQUEST_PARAMETERS = {
  type: 'object' as const,
  properties: { request: { type: 'string', description: 'A self-contained request in absolute terms (YYYY-MM-DD, HH:MM, court).' } },
  required: ['request'],
  additionalProperties: false as const,
};

export function createPatternG({ bookings, runner, lambda, functions, maxModelCalls, grounding, requireConfirmation = false }: PatternGDeps): Pattern {
  // A specialist's answer for a call that asked nothing (no slot proposed), kept for that call's execute.
  const proposals = new WeakMap<AgentsTurnContext, Map<string, string>>();

  /** One specialist Lambda invoke; a failed one becomes the answer the manager explains. */
  const invoke = async (topic: 'availability' | 'booking', payload: SpecialistInput | BookingSpecialistInput, context: AgentsTurnContext) => {
    try {
      return await invokeWorker({
        lambda,
        functionName: functions[topic],
        step: `${topic}-specialist`,
        input: topic === 'booking' ? BookingSpecialistInput : SpecialistInput,
        result: SpecialistResult,
        payload,
        trace: context.trace,
        retryOnce: topic === 'availability' || 'propose' in payload,
      });
    } catch (err) {
      if (err instanceof StepFailedError) return { answer: unavailable(topic, err), booking: null };
      throw err;
    }
  };

  /** Approval step (REQUIRE_CONFIRMATION): the booking specialist picks its slot without booking it; that slot is asked about. */
  const proposeSlot = async ({ request }: { request: string }, context: AgentsTurnContext, callId: string) => {
    const proposal = await invoke('booking', { request, user_id: context.userId, propose: true }, context);
    if (!proposal.proposed_slot_id) proposals.set(context, (proposals.get(context) ?? new Map()).set(callId, proposal.answer));
    return proposal.proposed_slot_id ?? null;
  };

  /** A manager tool that invokes one specialist Lambda. */
  const remoteSpecialist = (topic: 'availability' | 'booking') =>
    tool({
      name: SPECIALIST_TOOLS[topic].toolName,
      description: SPECIALIST_TOOLS[topic].toolDescription,
      parameters: REQUEST_PARAMETERS,
      strict: true,
      needsApproval: approvalPolicy(bookings, topic === 'booking' && requireConfirmation, proposeSlot),
      execute: async (args, runContext?: RunContext<AgentsTurnContext>, details?) => {
        const context = runContext?.context;
        if (!context) throw new Error('The manager runs with an AgentsTurnContext (createTurnContext).');
        const { request } = args as { request: string };
        const callId = details?.toolCall?.callId ?? '';
        // With approval on, the booking specialist books only the slot the member approved, and nothing else.
        const approved = context.asked[callId];
        const unproposed = proposals.get(context)?.get(callId);
        if (topic === 'booking' && requireConfirmation && !approved) return unproposed ?? 'Nothing was booked: no slot was approved.';
        const payload = approved ? { approved_slot_id: approved, user_id: context.userId } : { request, user_id: context.userId };
        const result = await invoke(topic, payload, context);
        if (result.booking) context.booked.push(result.booking);
        return result.answer;
      },
    });

  const manager = observeAgent(
    new Agent<AgentsTurnContext>({
      name: 'Manager',
      instructions: () => `${prompts.manager(bookings)}\n${UNAVAILABLE}`,
      tools: [remoteSpecialist('availability'), remoteSpecialist('booking')],
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
