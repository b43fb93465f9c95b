/**
 * A small Anthropic Messages tool loop over the booking tools, for code that lets Claude call tools
 * (pattern C's availability step, pattern G's booking specialist). The model asks, this code runs the
 * tool with the caller's identity (runBookingTool), feeds the result back, and stops when the model
 * answers, when a tool call settles the matter (`stopWhen`), or when the iteration budget is spent.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AnthropicMessages } from './clients/anthropic';
import {
  toAnthropicTools,
  toolCall,
  type BookingService,
  type BookingToolCall,
  type BookingToolName,
  type ToolOutcome,
} from '@tennis/booking-service';
import { runBookingTool } from './tool-call';
import type { TraceRecorder } from './trace';

export interface AnthropicToolLoopOptions {
  client: AnthropicMessages;
  model: string;
  system: string;
  /** The request, as the first user message. */
  prompt: string;
  /** Which booking tools the model may call. */
  tools: readonly BookingToolName[];
  bookings: BookingService;
  /** The caller; injected into every tool call, never read from the model. */
  userId: string;
  trace: TraceRecorder;
  /** Trace actor for the tool calls. */
  actor: string;
  /** Model calls allowed (MAX_MODEL_CALLS); past it the loop stops with stoppedAtLimit. */
  maxModelCalls: number;
  /**
   * Ends the loop after a tool call it accepts: that call's result, exactly as the model would have read it,
   * is the answer, so no model call is spent rephrasing it (like @openai/agents' stopAtToolNames).
   */
  stopWhen?: (call: ToolCallRecord) => boolean;
  /**
   * Holds a tool call instead of running it: the loop ends before that call, which it returns as `held`
   * (e.g. a `book` call that waits for a human's approval). Checked before any call of that model response runs.
   */
  holdWhen?: (name: string) => boolean;
}

/** A tool call the loop ran, typed by its name (`call.name === 'book' && call.outcome.ok` gives a Booking). */
export type ToolCallRecord = BookingToolCall;

export interface AnthropicToolLoopResult {
  /** The model's final text, or the result of the stopWhen call as JSON ('' when it stopped at the iteration limit). */
  answer: string;
  /** Every tool call the loop ran, in order. */
  calls: ToolCallRecord[];
  stoppedAtLimit: boolean;
  /** The tool call holdWhen held, not run. */
  held?: { name: string; input: unknown };
}

const textOf = (content: Anthropic.ContentBlock[]): string =>
  content
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('')
    .trim();

export async function runAnthropicToolLoop(opts: AnthropicToolLoopOptions): Promise<AnthropicToolLoopResult> {
  const tools = toAnthropicTools().filter((tool) => (opts.tools as readonly string[]).includes(tool.name));
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: opts.prompt }];
  const calls: ToolCallRecord[] = [];
  for (let i = 0; i < opts.maxModelCalls; i++) {
    const res = await opts.client.messages.create({ model: opts.model, max_tokens: 1024, system: opts.system, messages, tools });
    messages.push({ role: 'assistant', content: res.content });
    const uses = res.content.filter((block) => block.type === 'tool_use');
    if (res.stop_reason !== 'tool_use' || uses.length === 0) return { answer: textOf(res.content), calls, stoppedAtLimit: false };
    const held = uses.find((use) => tools.some((t) => t.name === use.name) && opts.holdWhen?.(use.name));
    if (held) return { answer: '', calls, stoppedAtLimit: false, held: { name: held.name, input: held.input } };
    const results: Anthropic.ToolResultBlockParam[] = [];
    let stopAnswer: string | undefined;
    for (const use of uses) {
      // A tool the model was not offered is refused like bad input, so it cannot reach `book` by naming it.
      const outcome: ToolOutcome = tools.some((t) => t.name === use.name)
        ? await runBookingTool(opts.bookings, use.name, use.input, { userId: opts.userId, trace: opts.trace, actor: opts.actor })
        : { ok: false, error: { code: 'INVALID_INPUT', message: `Tool "${use.name}" is not available here.` } };
      const call = toolCall(use.name, outcome);
      calls.push(call);
      const content = JSON.stringify(outcome);
      results.push({ type: 'tool_result', tool_use_id: use.id, content, is_error: !outcome.ok });
      if (opts.stopWhen?.(call)) stopAnswer ??= content;
    }
    if (stopAnswer !== undefined) return { answer: stopAnswer, calls, stoppedAtLimit: false };
    messages.push({ role: 'user', content: results });
  }
  return { answer: '', calls, stoppedAtLimit: true };
}
