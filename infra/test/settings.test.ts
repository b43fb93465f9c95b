import { describe, expect, it } from 'vitest';
import { approvalWarning, authWarning, loadInfraSettings } from '../src/settings';

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

  it('reads AUTH: header by default; cognito; jwt with an https JWT_ISSUER and a JWT_AUDIENCE list', () => {
    expect(loadInfraSettings({}).auth).toEqual({ mode: 'header' });
    expect(loadInfraSettings({ AUTH: 'Cognito' }).auth).toEqual({ mode: 'cognito' });
    expect(loadInfraSettings({ AUTH: 'jwt', JWT_ISSUER: 'https://idp.example/t1', JWT_AUDIENCE: 'api, web' }).auth).toEqual({
      mode: 'jwt',
      issuer: 'https://idp.example/t1',
      audience: ['api', 'web'],
    });
  });

  it('refuses a bad AUTH, or AUTH=jwt without an https issuer or an audience, naming the variable', () => {
    expect(() => loadInfraSettings({ AUTH: 'oauth' })).toThrow('AUTH="oauth": expected one of header, cognito, jwt');
    expect(() => loadInfraSettings({ AUTH: 'jwt', JWT_AUDIENCE: 'api' })).toThrow(/JWT_ISSUER="": .*https URL/);
    expect(() => loadInfraSettings({ AUTH: 'jwt', JWT_ISSUER: 'http://idp.example', JWT_AUDIENCE: 'api' })).toThrow(
      /JWT_ISSUER="http:\/\/idp.example"/,
    );
    expect(() => loadInfraSettings({ AUTH: 'jwt', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: ' , ' })).toThrow(/JWT_AUDIENCE/);
  });

  it('never trusts X-User-Id behind an authorizer, even when TRUST_USER_ID_HEADER=true', () => {
    expect(loadInfraSettings({ AUTH: 'cognito', TRUST_USER_ID_HEADER: 'true' }).trustUserIdHeader).toBe(false);
    expect(
      loadInfraSettings({ AUTH: 'jwt', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'api', TRUST_USER_ID_HEADER: 'true' })
        .trustUserIdHeader,
    ).toBe(false);
  });

  it("reads REQUIRE_CONFIRMATION with the runtime's rules (off by default) and refuses a bad value naming it", () => {
    expect(loadInfraSettings({}).requireConfirmation).toBe(false);
    expect(loadInfraSettings({ REQUIRE_CONFIRMATION: 'TRUE' }).requireConfirmation).toBe(true);
    expect(() => loadInfraSettings({ REQUIRE_CONFIRMATION: 'ask' })).toThrow(/REQUIRE_CONFIRMATION="ask": expected true or false/);
  });

  it('warns in one line when pattern H is deployed with REQUIRE_CONFIRMATION=true (the provider cannot declare it on book)', () => {
    expect(approvalWarning('h', { requireConfirmation: true })).toMatch(
      /^warning: REQUIRE_CONFIRMATION=true on pattern H: @cdktf\/provider-aws 20\.1\.0 cannot set requireConfirmation/,
    );
    expect(approvalWarning('h', { requireConfirmation: true })).not.toContain('\n');
    expect(approvalWarning('h', { requireConfirmation: false })).toBeUndefined();
    expect(approvalWarning('d', { requireConfirmation: true })).toBeUndefined();
  });

  it('has a one-line deploy warning for AUTH=header only', () => {
    expect(authWarning({ mode: 'header' })).toMatch(/^warning: AUTH=header .*AUTH=cognito or AUTH=jwt\)\.$/);
    expect(authWarning({ mode: 'header' })).not.toContain('\n');
    expect(authWarning({ mode: 'cognito' })).toBeUndefined();
  });
});
