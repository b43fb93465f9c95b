/**
 * The offline model's neutral view of a chat request, shared by the "brain" (what a competent
 * model would decide) and the wire-format adapters (OpenAI Chat Completions / Responses,
 * Anthropic Messages, Bedrock Converse), which translate to and from these types.
 */

/** A JSON Schema object as vendors send it (subset we read). */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
  anyOf?: JsonSchema[];
  [k: string]: unknown;
};

export interface NeutralToolCall {
  id: string;
  name: string;
  /** Parsed arguments (adapters parse the vendor's JSON string). */
  args: Record<string, unknown>;
}

export type NeutralMessage =
  | { role: 'system'; text: string }
  | { role: 'user'; text: string }
  | { role: 'assistant'; text?: string; toolCalls?: NeutralToolCall[] }
  | { role: 'tool'; toolCallId: string; name?: string; content: string; isError?: boolean };

export interface NeutralTool {
  name: string;
  description?: string;
  parameters: JsonSchema;
}

export interface ModelRequest {
  /** Model id the caller asked for (echoed back in responses). */
  model: string;
  messages: NeutralMessage[];
  tools: NeutralTool[];
  /** Structured output requested: a JSON schema (json_schema / Responses text.format), or any JSON object. */
  output?: { kind: 'json_schema'; name?: string; schema: JsonSchema } | { kind: 'json_object' };
  /** 'required' / a tool name forces a tool call; 'none' forbids one. */
  toolChoice?: 'auto' | 'required' | 'none' | { name: string };
}

/** Mistakes the model made on purpose in this decision (OFFLINE_MODEL_ERRORS), for the trace and the scorecard. */
type MadeMistakes = { errors?: string[] };

export type ModelDecision = MadeMistakes &
  (
    | { kind: 'tool_calls'; calls: Array<{ name: string; args: Record<string, unknown> }>; text?: string }
    | { kind: 'text'; text: string }
    | { kind: 'json'; value: unknown }
  );

/** Faults the offline model can inject, chosen by config (env OFFLINE_FAULTS) for tests and demos. */
export type FaultKind =
  | 'latency'
  | 'http_429'
  | 'http_500'
  | 'http_503'
  | 'timeout'
  | 'malformed_json'
  | 'invalid_tool_args'
  | 'hallucinated_slot'
  | 'endless_tools';

export interface FaultSpec {
  kind: FaultKind;
  /** latency: fixed delay in ms, or the upper bound of a seeded random delay when `random` is set. */
  ms?: number;
  random?: boolean;
  seed?: number;
  /** Apply only to the first N calls (default: every call). */
  times?: number;
  /** Apply only to calls of this vendor ("openai" | "anthropic" | "bedrock"). */
  vendor?: string;
}
