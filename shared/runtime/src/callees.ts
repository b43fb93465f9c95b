/**
 * How a function finds the deployed names of the functions it invokes (C's steps, G's specialists, H's
 * action group): one variable per callee, which infra sets from the stack and the local runner from the
 * catalogue, named after the callee's catalogue name.
 */
import type { Env } from './config';

/** The variable naming a callee: pattern-c-parse -> C_PARSE_FUNCTION. */
export function invokeEnvName(functionName: string): string {
  return `${functionName
    .replace(/^pattern-/, '')
    .replace(/-/g, '_')
    .toUpperCase()}_FUNCTION`;
}

/** Each callee's deployed name, by role: its variable when set, else its catalogue name. */
export function calleeNames<Role extends string>(catalogueNames: Record<Role, string>, env: Env = process.env): Record<Role, string> {
  const entries = Object.entries<string>(catalogueNames).map(([role, name]) => [role, env[invokeEnvName(name)]?.trim() || name]);
  return Object.fromEntries(entries) as Record<Role, string>;
}
