/**
 * Builders for scripted vendor replies in each SDK's real wire format (what the HTTP API returns),
 * for use with fakeFetch. Token counts are small fixed numbers so usage totals are checkable.
 */
import type { ScriptedReply } from './fake-fetch';

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${++counter}`;

const OPENAI_USAGE = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
const ANTHROPIC_USAGE = { input_tokens: 100, output_tokens: 20 };

type FinishReason = 'stop' | 'tool_calls';

function openaiCompletion(message: Record<string, unknown>, finish_reason: FinishReason): ScriptedReply {
  return {
    status: 200,
    body: {
      id: nextId('chatcmpl_fake'),
      object: 'chat.completion',
      created: 1_795_000_000,
      model: 'gpt-fake',
      choices: [{ index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason, logprobs: null }],
      usage: OPENAI_USAGE,
    },
  };
}

/** An OpenAI Chat Completions answer with plain text. */
export function openaiText(text: string): ScriptedReply {
  return openaiCompletion({ content: text }, 'stop');
}

/** An OpenAI structured-output answer (what chat.completions.parse reads): the JSON value as content. */
export function openaiJson(value: unknown): ScriptedReply {
  return openaiCompletion({ content: JSON.stringify(value) }, 'stop');
}

/** An OpenAI answer asking for tool calls. `args` may be a raw string to script malformed arguments. */
export function openaiToolCalls(calls: Array<{ name: string; args: Record<string, unknown> | string }>): ScriptedReply {
  const tool_calls = calls.map((c) => ({
    id: nextId('call_fake'),
    type: 'function',
    function: { name: c.name, arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args) },
  }));
  return openaiCompletion({ content: null, tool_calls }, 'tool_calls');
}

function anthropicMessage(content: unknown[], stop_reason: 'end_turn' | 'tool_use'): ScriptedReply {
  return {
    status: 200,
    body: {
      id: nextId('msg_fake'),
      type: 'message',
      role: 'assistant',
      model: 'claude-fake',
      content,
      stop_reason,
      stop_sequence: null,
      usage: ANTHROPIC_USAGE,
    },
  };
}

/** An Anthropic Messages answer with plain text. */
export function anthropicText(text: string): ScriptedReply {
  return anthropicMessage([{ type: 'text', text }], 'end_turn');
}

/** An Anthropic Messages answer calling one tool. */
export function anthropicToolUse(name: string, input: Record<string, unknown>): ScriptedReply {
  return anthropicMessage([{ type: 'tool_use', id: nextId('toolu_fake'), name, input }], 'tool_use');
}
