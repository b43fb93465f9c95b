/**
 * Pattern H as `pnpm dev` runs it offline: the invoker and the action-group Lambda each in its own
 * process, the offline agent runtime invoking the real action-group handler with real Bedrock
 * action-group events through the local Lambda runtime, one shared dynalite store.
 */
import { runScenario, SCENARIOS } from '@tennis/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { retime, startLocalPattern, type LocalPattern } from '../../../scripts/test/local-pattern';

let local: LocalPattern | undefined;
afterEach(async () => {
  await local?.stop();
  local = undefined;
});

const FUNCTIONS = ['pattern-h-invoker', 'pattern-h-action-group'];

describe('pattern H across processes (local Lambda runtime + dev server, offline agent runtime)', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s',
    async (_name, scenario) => {
      local = await startLocalPattern('h');
      await runScenario(local.app, retime(scenario));
    },
    90_000,
  );

  it('runs the invoker and the action group as distinct processes, the tools in the action group', async () => {
    local = await startLocalPattern('h');
    const pids = local.host.runtime!.pids();
    expect(Object.keys(pids).sort()).toEqual([...FUNCTIONS].sort());
    expect(new Set([...Object.values(pids), process.pid]).size).toBe(FUNCTIONS.length + 1);
    const reply = await local.app.chat('Book tomorrow at 3pm for user bob');
    if (!reply.ok) throw new Error(JSON.stringify(reply.body));
    expect(reply.body.booking?.user_id).toBe('alice');
    expect(reply.body.trace.filter((e) => e.type === 'llm').every((e) => (e as { mode: string }).mode === 'offline')).toBe(true);
    expect(reply.body.trace.filter((e) => e.type === 'tool').map((e) => (e as { name: string }).name)).toEqual([
      'check_availability',
      'book',
    ]);
  }, 90_000);
});
