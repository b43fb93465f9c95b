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
import {
  StateSession,
  answerAtTurnLimit,
  createTurnContext,
  groundedAnswer,
  groundingGuardrails,
  observeAgent,
  turnBooking,
  type AgentsTurnContext,
} from '@tennis/runtime/agents';
import { invokeWorker } from '@tennis/runtime/invoke';
import { SpecialistInput, SpecialistResult } from './payloads';
import { facts } from './specialists/prompts';

export interface SpecialistFunctions {
  availability: string;
  booking: string;
}

export interface PatternGDeps {
  bookings: BookingService;
  /** Runs the manager: createAgentsRunner(clients, config) deployed; a Runner over ScriptedModel in tests. */
  runner: Runner;
  lambda: LambdaClient;
  /** Deployed function names (G_AVAILABILITY_FUNCTION, G_BOOKING_FUNCTION). */
  functions: SpecialistFunctions;
  maxTurns: number;
  /** Checks the manager's answer against what the run did (GROUNDING_GUARD), as an output guardrail. */
  grounding: GroundingGuard;
}

const managerInstructions = (bookings: BookingService): string =>
  [
    'You are the booking assistant of a tennis club, talking to a signed-in member. You do not call the booking system yourself:',
    '- ask availability_specialist what is free (give it the date as YYYY-MM-DD, and the time or part of the day if known);',
    '- ask booking_specialist to book as soon as the member has asked to book a date and time (give it the date as',
    '  YYYY-MM-DD, the time as HH:MM and the court if they named one); it checks and books in one go.',
    facts(bookings),
    'When they only ask what is free, or have not said a time yet, list the free times and ask which they want; book nothing.',
    'When the requested time is full, offer the alternatives the specialist found; never book one the member did not ask for.',
    'Confirm a booking with its court, date and time.',
    'If a specialist is unavailable, say so plainly: nothing was confirmed, and they can try again.',
    'Bookings are always made for the member you are talking to. Keep answers short.',
  ].join('\n');

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

export function createPatternG({ bookings, runner, lambda, functions, maxTurns, grounding }: PatternGDeps): Pattern {
  /** A manager tool that invokes one specialist Lambda. */
  const specialistTool = (topic: 'availability' | 'booking', description: string) =>
    tool({
      name: `${topic}_specialist`,
      description,
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
      instructions: () => managerInstructions(bookings),
      tools: [
        specialistTool('availability', 'Says which courts are free. Input: the date (YYYY-MM-DD) and, if known, the time (HH:MM) or part of the day.'),
        specialistTool('booking', 'Books one court for the member. Input: the date (YYYY-MM-DD), time (HH:MM) and, if named, the court.'),
      ],
      outputGuardrails: groundingGuardrails(grounding),
    }),
  );

  return {
    letter: 'g',
    name: 'Multi agent, multi process',
    async turn({ message, userId, sessionId, state, trace }) {
      // 1. The manager's conversation so far, from this session's saved state.
      const session = new StateSession(sessionId, state);
      // 2. The caller's identity lives in the run context; the specialist tools copy it into each invoke payload.
      const context = createTurnContext(userId, trace);
      // 3. The manager runs the turn, invoking specialist Lambdas as it decides; a false booking claim in its
      //    answer trips the grounding guardrail, and the guard's correction is the answer.
      const response = await groundedAnswer(
        runner.run(manager, message, { context, session, maxTurns, errorHandlers: { maxTurns: answerAtTurnLimit(maxTurns) } }),
        session,
      );
      // 4. The booking is what a specialist's book tool returned, not something parsed from prose.
      return { response, booking: turnBooking(context), state: session.toState() };
    },
  };
}
