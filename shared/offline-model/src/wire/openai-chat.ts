/** OpenAI Chat Completions: POST /v1/chat/completions. */
import type { JsonSchema, ModelRequest, NeutralMessage, NeutralTool } from '../types';
import {
  flattenText,
  isObject,
  parseArgs,
  requireArray,
  requireString,
  WireInputError,
  type IdSource,
  type Json,
  type Rendered,
  type TokenUsage,
  type WireFormat,
} from './common';

function toMessage(raw: unknown, i: number): NeutralMessage {
  if (!isObject(raw)) throw new WireInputError(`messages[${i}] must be an object`);
  const role = raw.role;
  switch (role) {
    case 'system':
    case 'developer':
      return { role: 'system', text: flattenText(raw.content) };
    case 'user':
      return { role: 'user', text: flattenText(raw.content) };
    case 'assistant': {
      const calls = Array.isArray(raw.tool_calls) ? raw.tool_calls.filter(isObject) : [];
      const text = flattenText(raw.content);
      return {
        role: 'assistant',
        ...(text ? { text } : {}),
        ...(calls.length
          ? {
              toolCalls: calls.map((c) => {
                const fn = isObject(c.function) ? c.function : {};
                return { id: String(c.id ?? ''), name: String(fn.name ?? ''), args: parseArgs(fn.arguments) };
              }),
            }
          : {}),
      };
    }
    case 'tool':
      return {
        role: 'tool',
        toolCallId: requireString(raw.tool_call_id, `messages[${i}].tool_call_id`),
        content: flattenText(raw.content),
      };
    default:
      throw new WireInputError(`messages[${i}].role "${String(role)}" is not one of system, developer, user, assistant, tool`);
  }
}

function chatTools(raw: unknown): NeutralTool[] {
  if (raw === undefined) return [];
  return requireArray(raw, 'tools')
    .filter(isObject)
    .filter((t) => t.type === 'function' && isObject(t.function))
    .map((t) => {
      const fn = t.function as Json;
      return {
        name: requireString(fn.name, 'tools[].function.name'),
        ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
        parameters: (isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} }) as JsonSchema,
      };
    });
}

/** tool_choice: "auto" | "none" | "required" | {type:"function", function:{name}} (Responses: {type:"function", name}). */
export function openaiToolChoice(raw: unknown): ModelRequest['toolChoice'] {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return raw;
  if (isObject(raw)) {
    const name = isObject(raw.function) ? raw.function.name : raw.name;
    if (typeof name === 'string') return { name };
  }
  return undefined;
}

function chatOutput(raw: unknown): ModelRequest['output'] {
  if (!isObject(raw)) return undefined;
  if (raw.type === 'json_object') return { kind: 'json_object' };
  if (raw.type === 'json_schema' && isObject(raw.json_schema)) {
    const js = raw.json_schema;
    return { kind: 'json_schema', ...(typeof js.name === 'string' ? { name: js.name } : {}), schema: (js.schema ?? {}) as JsonSchema };
  }
  return undefined;
}

function toRequest(body: Json): ModelRequest {
  const toolChoice = openaiToolChoice(body.tool_choice);
  const output = chatOutput(body.response_format);
  return {
    model: requireString(body.model, 'model'),
    messages: requireArray(body.messages, 'messages').map(toMessage),
    tools: chatTools(body.tools),
    ...(output ? { output } : {}),
    ...(toolChoice ? { toolChoice } : {}),
  };
}

function toResponse(out: Rendered, req: ModelRequest, usage: TokenUsage, ids: IdSource): unknown {
  const message =
    out.kind === 'tool_calls'
      ? {
          role: 'assistant',
          content: out.text ?? null,
          refusal: null,
          tool_calls: out.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argsJson } })),
        }
      : { role: 'assistant', content: out.kind === 'json' ? out.json : out.text, refusal: null };
  return {
    id: ids.next('chatcmpl-offline-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: out.kind === 'tool_calls' ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

export const openaiChat: WireFormat = {
  vendor: 'openai',
  api: 'chat.completions',
  callIdPrefix: 'call_offline_',
  toRequest,
  toResponse,
  wantsStream: (body) => body.stream === true,
};
