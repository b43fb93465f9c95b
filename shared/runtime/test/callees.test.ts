import { describe, expect, it } from 'vitest';
import { calleeNames, invokeEnvName } from '../src/callees';

describe('calleeNames', () => {
  const catalogue = { parse: 'pattern-c-parse', booking: 'pattern-c-booking' };

  it('names each callee variable after its catalogue name', () => {
    expect(invokeEnvName('pattern-c-parse')).toBe('C_PARSE_FUNCTION');
    expect(invokeEnvName('pattern-h-action-group')).toBe('H_ACTION_GROUP_FUNCTION');
  });

  it('reads the deployed names infra sets, trimmed', () => {
    const env = { C_PARSE_FUNCTION: ' tennis-pattern-c-parse ', C_BOOKING_FUNCTION: 'tennis-pattern-c-booking' };
    expect(calleeNames(catalogue, env)).toEqual({ parse: 'tennis-pattern-c-parse', booking: 'tennis-pattern-c-booking' });
  });

  it('falls back to the catalogue name when a variable is unset or blank', () => {
    expect(calleeNames(catalogue, { C_PARSE_FUNCTION: '  ' })).toEqual(catalogue);
  });
});
