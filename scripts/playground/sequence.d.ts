// Types for sequence.js (plain JavaScript so the browser loads it without a build step).

/** The fields of a trace event the diagram reads (shared/runtime/src/trace.ts TraceEvent satisfies it). */
export type TraceEventLike =
  /** `ms` marks a timed step: recorded when it ended, after the calls made inside it. */
  | { type: 'step'; actor: string; name: string; detail?: string; ms?: number }
  | {
      type: 'llm';
      actor: string;
      vendor: string;
      api: string;
      model: string;
      input_tokens: number;
      output_tokens: number;
      decision: string;
      error?: string;
    }
  | { type: 'tool'; actor: string; name: string; args: unknown; ok: boolean; summary: string }
  | { type: 'handoff'; actor: string; from: string; to: string }
  | { type: 'invoke'; actor: string; function: string; ok: boolean; ms: number; detail?: string }
  | { type: 'agent'; actor: string; name: string; detail: string };

export type ParticipantKind = 'user' | 'code' | 'agent' | 'lambda' | 'model' | 'service';
export type MessageKind = 'call' | 'reply' | 'error' | 'note';

export interface Participant {
  id: string;
  label: string;
  kind: ParticipantKind;
}

export interface SequenceMessage {
  from: string;
  to: string;
  text: string;
  kind: MessageKind;
}

export interface SequenceModel {
  participants: Participant[];
  messages: SequenceMessage[];
}

export interface TurnInfo {
  pattern: string;
  message: string;
  response: string;
  /** The pattern's Lambda function names, so events from a function nobody invoked in the trace (H's action group) are placed on it. */
  functions?: readonly string[];
}

export function sequenceFromTrace(events: readonly TraceEventLike[], turn: TurnInfo): SequenceModel;
export function toMermaid(model: SequenceModel): string;
