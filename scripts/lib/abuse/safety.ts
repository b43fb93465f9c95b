/**
 * What no answer may ever contain, whatever the input: a stack trace, raw exception text, a source
 * path, a key-like string, or the system prompt. Shared by the fault, abuse and load suites.
 */

const LEAKS: ReadonlyArray<[string, RegExp]> = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+:\d+/],
  ['source path', /(?:\/work\/|node_modules|\/src\/[\w-]+\.ts|\.tsx?:\d+)/],
  ['raw exception', /\b(?:TypeError|ReferenceError|SyntaxError|RangeError|ZodError|ValidationException|UnhandledPromiseRejection)\b/],
  ['OpenAI-style key', /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/],
  ['AWS access key id', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['secret assignment', /\b(?:OPENAI_API_KEY|ANTHROPIC_API_KEY|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)\s*[=:]/],
  ['system prompt', /\bYou are (?:the|a|an) [\w ,-]{0,60}(?:assistant|agent|specialist|manager)\b/i],
];

/** Names of the leaks found in `text` (empty when it is clean). */
export function leaksIn(text: string): string[] {
  return LEAKS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

/** The error envelope every 4xx/5xx carries: { error: { code, message, request_id? } }. */
export function isErrorEnvelope(body: unknown): boolean {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    error.message.length > 0
  );
}
