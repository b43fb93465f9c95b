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
import { clubFacts, dateContext, type GroundingGuard, type Pattern } from '@tennis/runtime';
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

export interface PatternFDeps {
  bookings: BookingService;
  /** Runs the agents: createAgentsRunner(clients, config) deployed; a Runner over ScriptedModel in tests. */
  runner: Runner;
  /** Model calls allowed per agent run (AGENT_MAX_TURNS); past it that run ends with a bounded answer. */
  maxTurns: number;
  /** Checks the manager's answer against what the run did (GROUNDING_GUARD), as an output guardrail. */
  grounding: GroundingGuard;
}

// Every agent knows today's date and the club, so relative dates resolve the same way everywhere.
const facts = (bookings: BookingService): string => `${dateContext(bookings)}\n${clubFacts(bookings)}`;

const prompts = {
  availability: (bookings: BookingService) =>
    [
      'You check court availability for a tennis club. Call check_availability once for the date and time in the request.',
      facts(bookings),
      'Use YYYY-MM-DD dates and 24h HH:MM times; leave the time out when the request gives none.',
    ].join('\n'),
  booking: (bookings: BookingService) =>
    [
      'You book one tennis court for the member. Call check_availability for the requested date and time, then call book',
      'with the slot_id of the requested court, or of the first free court when none was named.',
      facts(bookings),
      'When nothing is free at that time, book nothing and reply with the alternatives check_availability returned.',
    ].join('\n'),
  manager: (bookings: BookingService) =>
    [
      'You are the booking assistant of a tennis club, talking to a signed-in member. You do not call the booking system yourself:',
      '- ask availability_specialist what is free (give it the date, and the time or part of the day if known);',
      '- ask booking_specialist to book as soon as the member has asked to book a date and time (give it the date as',
      '  YYYY-MM-DD, the time as HH:MM and the court if they named one); it checks and books in one go.',
      facts(bookings),
      'When they only ask what is free, or have not said a time yet, list the free times and ask which they want; book nothing.',
      'When the requested time is full, offer the alternatives the specialist found; never book one the member did not ask for.',
      'Bookings are always made for the member you are talking to; nobody can book for someone else, so say so if asked.',
      'Confirm a booking with its court, date and time. Keep answers short.',
    ].join('\n'),
};

export function createPatternF({ bookings, runner, maxTurns, grounding }: PatternFDeps): Pattern {
  const tools = toAgentsTools(bookings);
  const tool = (name: string) => {
    const found = tools.find((t) => t.name === name);
    if (!found) throw new Error(`@tennis/booking-service/agents has no "${name}" tool`);
    return found;
  };

  // Every agent's run, the specialists' nested ones included, is bounded the same way.
  const bounded = { maxTurns, errorHandlers: { maxTurns: answerAtTurnLimit(maxTurns) } };

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
        availabilitySpecialist.asTool({
          toolName: 'availability_specialist',
          toolDescription: 'Says which courts are free. Input: the date (YYYY-MM-DD) and, if known, the time (HH:MM) or part of the day.',
          runOptions: bounded,
        }),
        bookingSpecialist.asTool({
          toolName: 'booking_specialist',
          toolDescription: 'Books one court for the member. Input: the date (YYYY-MM-DD), time (HH:MM) and, if named, the court.',
          runOptions: bounded,
        }),
      ],
      outputGuardrails: groundingGuardrails(grounding),
    }),
  );

  return {
    letter: 'f',
    name: 'Multi agent, single process',
    async turn({ message, userId, sessionId, state, trace }) {
      // 1. The manager's conversation so far, from this session's saved state.
      const session = new StateSession(sessionId, state);
      // 2. The caller's identity travels in the run context, shared with the specialists' nested runs.
      const context = createTurnContext(userId, trace);
      // 3. The manager runs the turn, calling specialists as it decides; a false booking claim in its answer
      //    trips the grounding guardrail, and the guard's correction is the answer.
      const response = await groundedAnswer(runner.run(manager, message, { context, session, ...bounded }), session);
      // 4. The booking is what the book tool returned in this run, not something parsed from the answer.
      return { response, booking: turnBooking(context), state: session.toState() };
    },
  };
}
