/**
 * Pattern D, function calling: the model suggests which tool to call; this code runs the loop.
 * It executes each call (validated, with the caller's identity), hands the result back, and decides
 * whether to ask the model again, until the model answers in plain text or the iteration cap is hit.
 */
import type OpenAI from 'openai';
import type {
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import { toolCall, toOpenAIChatTools, type Booking, type BookingService, type BookingToolCall } from '@tennis/booking-service';
import { bookingFrom, runBookingTool, type GroundingGuard, type Pattern, type TraceRecorder, type TurnInput } from '@tennis/runtime';
import { boundedHistory, restoreHistory, type PatternDState } from './history';
import { iterationCapAnswer, systemPrompt } from './prompts';

export interface PatternDDeps {
  openai: OpenAI;
  model: string;
  bookings: BookingService;
  /** Model calls allowed per turn (MAX_MODEL_CALLS). */
  maxModelCalls: number;
  /** Checks the model's answer against what the turn did (GROUNDING_GUARD). */
  grounding: GroundingGuard;
}

export function createPatternD({ openai, model, bookings, maxModelCalls, grounding }: PatternDDeps): Pattern {
  const tools = toOpenAIChatTools();

  /** The model decides: answer, or which tool(s) to call with which arguments. */
  async function askModel(messages: ChatCompletionMessageParam[]): Promise<ChatCompletionMessage> {
    const completion = await openai.chat.completions.create({ model, messages, tools, tool_choice: 'auto' });
    const message = completion.choices[0]?.message;
    if (!message) throw new Error('The model returned no message.');
    return message;
  }

  /** Our code executes the call: arguments validated, user id injected, errors returned to the model. */
  async function executeCall(call: ChatCompletionMessageToolCall, userId: string, trace: TraceRecorder): Promise<BookingToolCall> {
    if (call.type !== 'function') {
      return { name: call.custom.name, outcome: { ok: false, error: { code: 'INVALID_INPUT', message: 'Only function tools are supported.' } } };
    }
    const { name, arguments: args } = call.function;
    return toolCall(name, await runBookingTool(bookings, name, args, { userId, trace, actor: 'loop' }));
  }

  async function turn({ message, userId, state, trace }: TurnInput) {
    // 1. Rebuild the conversation: fresh system prompt (today's date), kept history, the new message.
    const history: ChatCompletionMessageParam[] = [...restoreHistory(state), { role: 'user', content: message }];
    const conversation = () => [{ role: 'system' as const, content: systemPrompt(bookings) }, ...history];
    let booking: Booking | null = null;

    for (let iteration = 1; iteration <= maxModelCalls; iteration++) {
      // 2. The model suggests the next step.
      const reply = await askModel(conversation());

      // 3. Decision point: no tool call means the model has answered, so the loop stops,
      //    once code has checked the answer against what this turn really did.
      if (!reply.tool_calls?.length) {
        const answer = await grounding.ground(reply.content ?? '', { userId, booking }, trace);
        history.push({ role: 'assistant', content: answer });
        return done(answer, booking, history);
      }
      history.push(assistantParam(reply));

      // 4. Execute every suggested call and append its result for the next model call.
      for (const call of reply.tool_calls) {
        const executed = await executeCall(call, userId, trace);
        booking = bookingFrom(executed) ?? booking;
        history.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(executed.outcome) });
      }
    }

    // 5. Cap reached: stop with a bounded answer instead of looping on.
    trace.step('loop', 'iteration cap reached', `${maxModelCalls} model calls`);
    const answer = iterationCapAnswer(maxModelCalls, booking && describe(booking));
    history.push({ role: 'assistant', content: answer });
    return done(answer, booking, history);
  }

  return { turn };
}

function done(response: string, booking: Booking | null, history: ChatCompletionMessageParam[]) {
  const state: PatternDState = { messages: boundedHistory(history) };
  return { response, booking, state };
}

/** The model's reply as a message to send back next time (content and tool calls only). */
function assistantParam(reply: ChatCompletionMessage): ChatCompletionMessageParam {
  return reply.tool_calls?.length
    ? { role: 'assistant', content: reply.content, tool_calls: reply.tool_calls }
    : { role: 'assistant', content: reply.content ?? '' };
}

function describe(booking: Booking): string {
  return `${booking.court} on ${booking.date} at ${booking.time}`;
}
