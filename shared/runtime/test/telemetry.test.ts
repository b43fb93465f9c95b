import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_TIMEOUT_MS, startTracedWork, telemetrySettings } from '../src/telemetry';

describe('telemetrySettings', () => {
  it('exports only with an endpoint, and not when switched off the standard ways', () => {
    expect(telemetrySettings({}).enabled).toBe(false);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }).enabled).toBe(false);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).enabled).toBe(true);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }).enabled).toBe(true);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
  });

  it('reads the flush bound and the content switch, with safe defaults for bad values', () => {
    expect(telemetrySettings({}).timeoutMs).toBe(DEFAULT_EXPORT_TIMEOUT_MS);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_TIMEOUT: '1200' }).timeoutMs).toBe(1200);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }).timeoutMs).toBe(DEFAULT_EXPORT_TIMEOUT_MS);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_TIMEOUT: '-5' }).timeoutMs).toBe(DEFAULT_EXPORT_TIMEOUT_MS);
    expect(telemetrySettings({}).captureContent).toBe(false);
    expect(telemetrySettings({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'TRUE' }).captureContent).toBe(true);
  });

  it('without an endpoint a unit of work gets a plain trace: no span context, no traceresponse', async () => {
    const work = await startTracedWork(
      { name: 'POST /chat', kind: 'server', attributes: {}, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      {},
    );
    expect(work.trace.span).toBeUndefined();
    expect(work.traceresponse).toBeUndefined();
    await work.end();
  });
});
