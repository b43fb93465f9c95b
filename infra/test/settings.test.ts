import { describe, expect, it } from 'vitest';
import { loadInfraSettings } from '../src/settings';

describe('loadInfraSettings', () => {
  it("parses what the Lambdas read with the runtime's own rules (TRUST_USER_ID_HEADER=1 / no)", () => {
    expect(loadInfraSettings({ TRUST_USER_ID_HEADER: '1' }).trustUserIdHeader).toBe(true);
    expect(loadInfraSettings({ TRUST_USER_ID_HEADER: 'no' }).trustUserIdHeader).toBe(false);
    expect(loadInfraSettings({}).trustUserIdHeader).toBe(true);
  });

  it('attaches the AWS SDK layer unless AWS_SDK_LAYER=false, and refuses anything but a yes or no', () => {
    expect(loadInfraSettings({}).awsSdkLayer).toBe(true);
    expect(loadInfraSettings({ AWS_SDK_LAYER: 'false' }).awsSdkLayer).toBe(false);
    expect(() => loadInfraSettings({ AWS_SDK_LAYER: 'runtime' })).toThrow('AWS_SDK_LAYER="runtime": expected true or false');
  });

  it('refuses at synth a value every cold start would refuse', () => {
    expect(() => loadInfraSettings({ LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL/);
    expect(() => loadInfraSettings({ CLUB_TIMEZONE: 'Mars/Olympus' })).toThrow(/CLUB_TIMEZONE/);
    expect(() => loadInfraSettings({ LLM_MODE: 'sometimes' })).toThrow(/LLM_MODE/);
  });
});
