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
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Agent, tool, type RunContext, type Runner } from '@openai/agents';
import type { BookingService } from '@tennis/booking-service';
import { StepFailedError, type GroundingGuard, type Pattern } from '@tennis/runtime';
import { prompts, runOptions, SPECIALIST_TOOLS } from '@tennis/pattern-f/team';
import {
  StateSession,
  createTurnContext,
  groundedAnswer,
  groundingGuardrails,
  observeAgent,
  turnBooking,
  type AgentsTurnContext,
} from '@tennis/runtime/agents';
import { invokeWorker } from '@tennis/runtime/invoke';
import { SpecialistInput, SpecialistResult } from './payloads';

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

export function createPatternG({ bookings, runner, lambda, functions, maxModelCalls, grounding }: PatternGDeps): Pattern {
  // Every agent run is bounded the same way (team.ts): the manager's here, each specialist's where it runs.
  const bounded = runOptions(maxModelCalls);

  /** A manager tool that invokes one specialist Lambda. */
  const remoteSpecialist = (topic: 'availability' | 'booking') =>
    tool({
      name: SPECIALIST_TOOLS[topic].toolName,
      description: SPECIALIST_TOOLS[topic].toolDescription,
      parameters: REQUEST_PARAMETERS,
      strict: true,
      execute: async (args, runContext?: RunContext<AgentsTurnContext>) => {
        const context = runContext?.context;
        if (!context) throw new Error('The manager runs with an AgentsTurnContext (createTurnContext).');
        const { request } = args as { request: string };
        try {
          const result = await invokeWorker({
            lambda,
            functionName: functions[topic],
            step: `${topic}-specialist`,
            input: SpecialistInput,
            result: SpecialistResult,
            payload: { request, user_id: context.userId },
            trace: context.trace,
            retryOnce: topic === 'availability',
          });
          if (result.booking) context.booked.push(result.booking);
          return result.answer;
        } catch (err) {
          if (err instanceof StepFailedError) return unavailable(topic, err);
          throw err;
        }
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
    async turn({ message, userId, sessionId, state, trace }) {
      // 1. The manager's conversation so far, from this session's saved state.
      const session = new StateSession(sessionId, state);
      // 2. The caller's identity lives in the run context; the specialist tools copy it into each invoke payload.
      const context = createTurnContext(userId, trace);
      // 3. The manager runs the turn, calling specialists as it decides; a false booking claim in its answer
      //    trips the grounding guardrail, and the guard's correction is the answer.
      const response = await groundedAnswer(runner.run(manager, message, { context, session, ...bounded }), session);
      // 4. The booking is what the book tool returned in this run, not something parsed from the answer.
      return { response, booking: turnBooking(context), state: session.toState() };
    },
  };
}
