/** OpenAI Responses: POST /v1/responses (the default API of @openai/agents). */
import type { JsonSchema, ModelRequest, NeutralMessage, NeutralTool, NeutralToolCall } from '../types';
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
import { openaiToolChoice } from './openai-chat';

function roleMessage(item: Json, i: number): NeutralMessage {
  const text = flattenText(item.content);
  switch (item.role) {
    case 'system':
    case 'developer':
      return { role: 'system', text };
    case 'user':
      return { role: 'user', text };
    case 'assistant':
      return { role: 'assistant', text };
    default:
      throw new WireInputError(`input[${i}].role "${String(item.role)}" is not one of system, developer, user, assistant`);
  }
}

/** Folds a function_call item into the assistant message before it, as one assistant turn. */
function addCall(messages: NeutralMessage[], call: NeutralToolCall): void {
  const last = messages.at(-1);
  if (last?.role === 'assistant') last.toolCalls = [...(last.toolCalls ?? []), call];
  else messages.push({ role: 'assistant', toolCalls: [call] });
}

function inputMessages(input: unknown): NeutralMessage[] {
  if (typeof input === 'string') return [{ role: 'user', text: input }];
  const messages: NeutralMessage[] = [];
  requireArray(input, 'input').forEach((item, i) => {
    if (!isObject(item)) throw new WireInputError(`input[${i}] must be an object`);
    if (item.type === 'function_call') {
      addCall(messages, {
        id: requireString(item.call_id, `input[${i}].call_id`),
        name: requireString(item.name, `input[${i}].name`),
        args: parseArgs(item.arguments),
      });
    } else if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', toolCallId: requireString(item.call_id, `input[${i}].call_id`), content: flattenText(item.output) });
    } else if (item.type === undefined || item.type === 'message') {
      messages.push(roleMessage(item, i));
    }
    // Other item types (reasoning, web search results...) carry nothing the offline model reads.
  });
  return messages;
}

function responsesTools(raw: unknown): NeutralTool[] {
  if (raw === undefined) return [];
  return requireArray(raw, 'tools')
    .filter(isObject)
    .filter((t) => t.type === 'function')
    .map((t) => ({
      name: requireString(t.name, 'tools[].name'),
      ...(typeof t.description === 'string' ? { description: t.description } : {}),
      parameters: (isObject(t.parameters) ? t.parameters : { type: 'object', properties: {} }) as JsonSchema,
    }));
}

function responsesOutput(text: unknown): ModelRequest['output'] {
  const format = isObject(text) ? text.format : undefined;
  if (!isObject(format)) return undefined;
  if (format.type === 'json_object') return { kind: 'json_object' };
  if (format.type === 'json_schema') {
    return {
      kind: 'json_schema',
      ...(typeof format.name === 'string' ? { name: format.name } : {}),
      schema: (format.schema ?? {}) as JsonSchema,
    };
  }
  return undefined;
}

function toRequest(body: Json): ModelRequest {
  const instructions = typeof body.instructions === 'string' && body.instructions ? body.instructions : undefined;
  const toolChoice = openaiToolChoice(body.tool_choice);
  const output = responsesOutput(body.text);
  return {
    model: requireString(body.model, 'model'),
    messages: [...(instructions ? [{ role: 'system' as const, text: instructions }] : []), ...inputMessages(body.input)],
    tools: responsesTools(body.tools),
    ...(output ? { output } : {}),
    ...(toolChoice ? { toolChoice } : {}),
  };
}

function outputItems(out: Rendered, ids: IdSource): Json[] {
  const message = (text: string): Json => ({
    type: 'message',
    id: ids.next('msg_offline_'),
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  });
  if (out.kind === 'json') return [message(out.json)];
  if (out.kind === 'text') return [message(out.text)];
  return [
    ...(out.text ? [message(out.text)] : []),
    ...out.calls.map((c) => ({
      type: 'function_call',
      id: ids.next('fc_offline_'),
      call_id: c.id,
      name: c.name,
      arguments: c.argsJson,
      status: 'completed',
    })),
  ];
}

function toResponse(out: Rendered, req: ModelRequest, usage: TokenUsage, ids: IdSource, body: Json): unknown {
  return {
    id: ids.next('resp_offline_'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model: req.model,
    output: outputItems(out, ids),
    usage: {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input + usage.output,
    },
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    metadata: {},
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    temperature: null,
    top_p: null,
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    text: body.text ?? { format: { type: 'text' } },
  };
}

export const openaiResponses: WireFormat = {
  vendor: 'openai',
  api: 'responses',
  callIdPrefix: 'call_offline_',
  toRequest,
  toResponse,
  wantsStream: (body) => body.stream === true,
};
