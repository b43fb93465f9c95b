/** Anthropic Messages: POST /v1/messages. */
import type { JsonSchema, ModelRequest, NeutralMessage, NeutralTool } from '../types';
import {
  flattenText,
  isObject,
  requireArray,
  requireString,
  WireInputError,
  type IdSource,
  type Json,
  type Rendered,
  type TokenUsage,
  type WireFormat,
} from './common';

function blocksOf(content: unknown, field: string): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return requireArray(content, field).filter(isObject);
}

/** One Anthropic message can hold text, tool_use and tool_result blocks; neutral messages split them. */
function toMessages(raw: unknown, i: number): NeutralMessage[] {
  if (!isObject(raw)) throw new WireInputError(`messages[${i}] must be an object`);
  const blocks = blocksOf(raw.content, `messages[${i}].content`);
  const text = flattenText(blocks.filter((b) => b.type === 'text'));
  if (raw.role === 'assistant') {
    const calls = blocks
      .filter((b) => b.type === 'tool_use')
      .map((b) => ({
        id: requireString(b.id, `messages[${i}].content[].id`),
        name: requireString(b.name, `messages[${i}].content[].name`),
        args: isObject(b.input) ? b.input : {},
      }));
    return [{ role: 'assistant', ...(text ? { text } : {}), ...(calls.length ? { toolCalls: calls } : {}) }];
  }
  if (raw.role !== 'user') throw new WireInputError(`messages[${i}].role must be "user" or "assistant"`);
  const results: NeutralMessage[] = blocks
    .filter((b) => b.type === 'tool_result')
    .map((b) => ({
      role: 'tool',
      toolCallId: requireString(b.tool_use_id, `messages[${i}].content[].tool_use_id`),
      content: flattenText(b.content),
      ...(b.is_error === true ? { isError: true } : {}),
    }));
  return [...results, ...(text ? [{ role: 'user' as const, text }] : [])];
}

function anthropicTools(raw: unknown): NeutralTool[] {
  if (raw === undefined) return [];
  // Server tools (web search, bash...) have a `type` and no input_schema; only custom tools are callable here.
  return requireArray(raw, 'tools')
    .filter(isObject)
    .filter((t) => isObject(t.input_schema))
    .map((t) => ({
      name: requireString(t.name, 'tools[].name'),
      ...(typeof t.description === 'string' ? { description: t.description } : {}),
      parameters: t.input_schema as JsonSchema,
    }));
}

function anthropicToolChoice(raw: unknown): ModelRequest['toolChoice'] {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { name: requireString(raw.name, 'tool_choice.name') };
    default:
      throw new WireInputError(`tool_choice.type "${String(raw.type)}" is not one of auto, any, tool, none`);
  }
}

/** Structured outputs: output_config.format = {type:"json_schema", schema}. */
function anthropicOutput(raw: unknown): ModelRequest['output'] {
  const format = isObject(raw) ? raw.format : undefined;
  if (isObject(format) && format.type === 'json_schema' && isObject(format.schema)) {
    return { kind: 'json_schema', schema: format.schema as JsonSchema };
  }
  return undefined;
}

function toRequest(body: Json): ModelRequest {
  const system = flattenText(body.system);
  const toolChoice = anthropicToolChoice(body.tool_choice);
  const output = anthropicOutput(body.output_config);
  if (typeof body.max_tokens !== 'number') throw new WireInputError('max_tokens: Field required');
  return {
    model: requireString(body.model, 'model'),
    messages: [
      ...(system ? [{ role: 'system' as const, text: system }] : []),
      ...requireArray(body.messages, 'messages').flatMap(toMessages),
    ],
    tools: anthropicTools(body.tools),
    ...(output ? { output } : {}),
    ...(toolChoice ? { toolChoice } : {}),
  };
}

function contentBlocks(out: Rendered): Json[] {
  if (out.kind === 'json') return [{ type: 'text', text: out.json }];
  if (out.kind === 'text') return [{ type: 'text', text: out.text }];
  return [
    ...(out.text ? [{ type: 'text', text: out.text }] : []),
    ...out.calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.args })),
  ];
}

function toResponse(out: Rendered, req: ModelRequest, usage: TokenUsage, ids: IdSource): unknown {
  return {
    id: ids.next('msg_offline_'),
    type: 'message',
    role: 'assistant',
    model: req.model,
    content: contentBlocks(out),
    stop_reason: out.kind === 'tool_calls' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

export const anthropicMessages: WireFormat = {
  vendor: 'anthropic',
  api: 'messages',
  callIdPrefix: 'toolu_offline_',
  toRequest,
  toResponse,
  wantsStream: (body) => body.stream === true,
};
