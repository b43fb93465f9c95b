/**
 * @openai/agents wired to the client factory: the Runner's model provider uses `clients.openai()`
 * (live or offline, trace-recorded), never a process-global default client.
 *
 * Tracing export (to OpenAI's trace dashboard) is off unless OPENAI_AGENTS_TRACING=true and an
 * OpenAI API key is configured; when on, call flushAgentsTraces() before a Lambda returns, because
 * the exporter batches in the background and a frozen Lambda would lose the batch.
 */
import { getGlobalTraceProvider, OpenAIProvider, Runner, setTracingDisabled, setTracingExportApiKey } from '@openai/agents';
import OpenAI from 'openai';
import { clientContext } from './clients/context';
import { openaiOptions, type ClientOverrides } from './clients/openai';
import type { Config } from './config';
import type { Pattern } from './contract';

export interface AgentsRunnerOptions {
  /** Transport overrides for the OpenAI client (tests). */
  clientOverrides?: ClientOverrides;
  /** Model for every agent in the run (default: the configured OpenAI model). */
  model?: string;
  /** Use Chat Completions instead of the Responses API (for OpenAI-compatible servers without /responses). */
  useChatCompletions?: boolean;
  /** Name of the run in exported traces. */
  workflowName?: string;
}

/** Tracing is exported only when asked for and there is a key to export with. */
export function agentsTracingEnabled(config: Config): boolean {
  return config.openaiAgentsTracing && Boolean(config.openaiApiKey);
}

export function createAgentsRunner(config: Config, opts: AgentsRunnerOptions = {}): Runner {
  const tracing = agentsTracingEnabled(config);
  // Importing @openai/agents registers the OpenAI trace exporter globally; the global switch keeps it
  // from exporting anything (over the network) when tracing is off, whatever the run config says.
  setTracingDisabled(!tracing);
  if (tracing) setTracingExportApiKey(config.openaiApiKey!);
  // A plain client: @openai/agents loads the openai package at import anyway, and reads properties off it.
  const openAIClient = clientContext(config, opts.clientOverrides).memo(
    'openai-agents',
    () => new OpenAI(openaiOptions(config, opts.clientOverrides)),
  );
  const modelProvider = new OpenAIProvider({ openAIClient, useResponses: !opts.useChatCompletions });
  return new Runner({
    modelProvider,
    model: opts.model ?? config.openaiModel,
    tracingDisabled: !tracing,
    traceIncludeSensitiveData: false,
    ...(opts.workflowName ? { workflowName: opts.workflowName } : {}),
  });
}

/** Exports any batched agent traces now. Call before a Lambda returns when tracing is on; harmless otherwise. */
export async function flushAgentsTraces(): Promise<void> {
  await getGlobalTraceProvider().forceFlush();
}

/** The pattern, exporting its agent traces after every turn (before the Lambda freezes) when tracing is on. */
export function withTraceExport(config: Config, pattern: Pattern): Pattern {
  return agentsTracingEnabled(config) ? { ...pattern, afterTurn: flushAgentsTraces } : pattern;
}

/**
 * For agent runs outside an HTTP turn (a specialist Lambda): `work`, then its traces exported when
 * tracing is on. An export failure never fails the work it reports on.
 */
export function exportingTraces<A extends unknown[], R>(config: Config, work: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  if (!agentsTracingEnabled(config)) return work;
  return async (...args) => {
    try {
      return await work(...args);
    } finally {
      await flushAgentsTraces().catch(() => undefined);
    }
  };
}

export * from './agents-session';
export * from './agents-turn';
export * from './agents-approval';
