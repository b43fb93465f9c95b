/**
 * The availability specialist: an @openai/agents agent with check_availability, run in its own Lambda, with
 * F's prompt and run options (@tennis/pattern-f/team).
 * It has its own model calls and its own trace, which the manager merges into the turn. Like F's, it ends
 * its run on its deciding tool call and answers with that tool's result, so no model call is spent
 * rephrasing what the manager will put in its own words anyway.
 */
import { Agent, type Runner } from '@openai/agents';
import type { BookingService } from '@tennis/booking-service';
import { toAgentsTools } from '@tennis/booking-service/agents';
import type { TraceRecorder } from '@tennis/runtime';
import { prompts, runOptions } from '@tennis/pattern-f/team';
import { createTurnContext, observeAgent, type AgentsTurnContext } from '@tennis/runtime/agents';
import type { SpecialistInput, SpecialistResult } from '../payloads';

export interface AvailabilitySpecialistDeps {
  bookings: BookingService;
  runner: Runner;
  /** Model calls allowed per run (MAX_MODEL_CALLS). */
  maxModelCalls: number;
}

export function createAvailabilitySpecialist({ bookings, runner, maxModelCalls }: AvailabilitySpecialistDeps) {
  const checkAvailability = toAgentsTools(bookings).filter((t) => t.name === 'check_availability');
  const agent = observeAgent(
    new Agent<AgentsTurnContext>({
      name: 'Availability specialist',
      instructions: () => prompts.availability(bookings),
      tools: checkAvailability,
      toolUseBehavior: 'stop_on_first_tool',
    }),
  );
  return async ({ request, user_id }: SpecialistInput, trace: TraceRecorder): Promise<SpecialistResult> => {
    const result = await runner.run(agent, request, { context: createTurnContext(user_id, trace), ...runOptions(maxModelCalls) });
    return { answer: String(result.finalOutput ?? ''), booking: null };
  };
}
