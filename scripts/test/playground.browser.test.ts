/**
 * The playground in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
 * nothing is downloaded): books a court through the page with three patterns side by side, checks
 * each turn's sequence diagram is drawn, answers a pending approval with its buttons, and saves screenshots to test-results/playground (gitignored).
 * Without Chromium the suite is skipped with a message; CI installs it (.ci/run).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAuthorizerFromEnv } from '../lib/auth/local-auth';
import { signDevToken } from '../lib/auth/dev-key';
import { startDevServer, type DevServer } from '../lib/dev-server';
import { REPO_ROOT, type PatternLetter } from '../lib/lambdas';
import { hostPatterns, type PatternHost } from '../lib/pattern-host';
import { builtPatterns, isMultiLambda, patternInfo } from '../lib/patterns';
import { playgroundPages } from '../playground/serve';
import { matrixKeys } from './token-matrix';
import { startOtlpReceiver, type OtlpReceiver } from '../../shared/testkit/src';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SHOTS = join(REPO_ROOT, 'test-results', 'playground');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`Skipping the playground browser test: no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium).`);

/** Three patterns, single-process ones first (they start fastest). */
function threePatterns(): PatternLetter[] {
  const built = builtPatterns();
  const byWeight = [...built].sort((a, b) => Number(isMultiLambda(patternInfo(a))) - Number(isMultiLambda(patternInfo(b))));
  return byWeight.slice(0, 3);
}

const letters = threePatterns();
let host: PatternHost;
let server: DevServer;
let browser: Browser;
let page: Page;
let receiver: OtlpReceiver;
const OTEL = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TIMEOUT'];
const savedOtel = Object.fromEntries(OTEL.map((k) => [k, process.env[k]]));

/** The labels of the lanes (participant heads) of a diagram that are not wholly inside its card's visible area. */
function lanesOutside(diagram: Locator): Promise<string[]> {
  return diagram.evaluate((svg) => {
    const frame = svg.closest('.diagram')!.getBoundingClientRect();
    return [...svg.querySelectorAll('rect.head')].flatMap((head, i) => {
      const box = head.getBoundingClientRect();
      const inside = box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5 && box.width > 0;
      return inside ? [] : [svg.querySelectorAll('text.head-label')[i]?.firstChild?.textContent ?? `lane ${i + 1}`];
    });
  });
}

async function send(message: string): Promise<void> {
  await page.fill('#message', message);
  await page.click('button[type="submit"]');
}

describe.skipIf(!hasChromium || letters.length < 3)('playground in headless Chromium', () => {
  beforeAll(async () => {
    process.env.LLM_MODE = 'offline';
    process.env.LOG_LEVEL = 'SILENT';
    // As `pnpm dev --spans`: every function exports to a loopback receiver the playground reads.
    receiver = await startOtlpReceiver();
    // A generous flush bound, so a busy machine never drops a span the test looks for.
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TIMEOUT: '15000',
    });
    host = await hostPatterns(letters, () => {});
    server = await startDevServer({
      patterns: host.patterns,
      port: 0,
      pages: playgroundPages(host.patterns, receiver.spans),
      log: () => {},
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await host?.stop();
    await receiver?.close();
    for (const [k, v] of Object.entries(savedOtel)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  });

  it('books a court with three patterns side by side and draws each turn from its trace', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('#pattern option').count()).toBe(letters.length + 1);
    await page.fill('#user', 'pw-alice');
    await page.dispatchEvent('#user', 'change');
    await send('Book tomorrow at 3pm');
    for (const letter of letters) {
      const column = page.locator(`.column[data-pattern="${letter}"]`);
      await column.locator('.booking.made').waitFor({ timeout: 20_000 });
      expect(await column.locator('.booking.made').textContent()).toMatch(/Booked Court [ABC], \d{4}-\d{2}-\d{2} 15:00 .* for pw-alice/);
      expect(await column.locator('.usage').textContent()).toMatch(/\d+ LLM calls · \d+ tool calls/);
      const diagram = column.locator('svg.sequence');
      expect(await diagram.count()).toBe(1);
      // The user, the pattern's code, at least one model and the booking service, with the book call drawn.
      expect(await diagram.locator('rect.head.model').count()).toBeGreaterThanOrEqual(1);
      expect(await diagram.locator('rect.head.service').count()).toBe(1);
      expect(await diagram.locator('g.msg text', { hasText: /^book\(slot_id=/ }).count()).toBe(1);
      // Beside it, the turn's spans as a waterfall: the request first, the book tool call among them.
      const waterfall = column.locator('.waterfall');
      expect(await waterfall.locator('.span-row').count()).toBeGreaterThanOrEqual(3);
      expect(await waterfall.locator('.span-row .span-label').first().textContent()).toBe('POST /chat');
      expect(await waterfall.locator('.span-label', { hasText: /^execute_tool book$/ }).count()).toBeGreaterThanOrEqual(1);
      // Every lane fits the card, the right-hand ones (tools, specialists) included.
      expect(await lanesOutside(diagram)).toEqual([]);
      await column.screenshot({ path: join(SHOTS, `pattern-${letter}.png`) });
    }
    await page.screenshot({ path: join(SHOTS, 'side-by-side.png'), fullPage: true });
  });

  it('continues a conversation with one pattern in its session: asks, then books court B', async () => {
    const letter = letters[0]!;
    await page.selectOption('#pattern', letter);
    expect(await page.locator('.column').count()).toBe(1);
    await send("I'd like a court tomorrow");
    const column = page.locator(`.column[data-pattern="${letter}"]`);
    await column.locator('.turn').first().waitFor({ timeout: 20_000 });
    await send('3pm on court B please');
    await column.locator('.booking.made').waitFor({ timeout: 20_000 });
    expect(await column.locator('.booking.made').textContent()).toMatch(/Booked Court B, .* 15:00/);
    expect(await column.locator('svg.sequence').count()).toBe(2);
    for (const diagram of await column.locator('svg.sequence').all()) expect(await lanesOutside(diagram)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `conversation-${letter}.png`), fullPage: true });
  });

  it('shows the committed robustness scorecard, one row per pattern, with its chart', async () => {
    await page.goto(`${server.url}/`);
    await page.click('#robustness summary');
    const rows = page.locator('#robustness tbody tr');
    await expect.poll(() => rows.count()).toBe(8);
    expect(await page.locator('#robustness').textContent()).toMatch(/synthetic, seeded mistakes \(--errors realistic/);
    expect(
      await page.locator('#robustness img').evaluate((img) => {
        const i = img as unknown as { complete: boolean; naturalWidth: number };
        return i.complete && i.naturalWidth > 0;
      }),
    ).toBe(true);
    await page.locator('#robustness').screenshot({ path: join(SHOTS, 'robustness.png') });
  });

  it("with AUTH=jwt, sends the pasted token: refused without one, then books as the token's sub", async () => {
    const { trusted, trustedFile } = await matrixKeys();
    const authorizer = await localAuthorizerFromEnv({ AUTH: 'jwt', JWT_DEV_KEY_FILE: trustedFile });
    const guarded = await startDevServer({
      patterns: host.patterns,
      port: 0,
      pages: playgroundPages(host.patterns),
      log: () => {},
      authorizer: authorizer!,
    });
    try {
      const letter = letters[0]!;
      await page.goto(`${guarded.url}/`);
      await expect.poll(() => page.locator('#pattern option').count()).toBe(letters.length + 1);
      await page.selectOption('#pattern', letter);
      await page.fill('#user', 'mallory');
      await send('Book Court C tomorrow at 4pm');
      const column = page.locator(`.column[data-pattern="${letter}"]`);
      await column.locator('.error').waitFor({ timeout: 20_000 });
      expect(await column.locator('.error').textContent()).toBe('HTTP 401: Unauthorized');
      await page.fill('#token', await signDevToken(trusted, { user: 'pw-token-user' }));
      await page.dispatchEvent('#token', 'change');
      await send('Book Court C tomorrow at 4pm');
      await column.locator('.booking.made').waitFor({ timeout: 20_000 });
      expect(await column.locator('.booking.made').textContent()).toMatch(/Booked Court C, .* 16:00 .* for pw-token-user$/);
      await page.screenshot({ path: join(SHOTS, `token-${letter}.png`), fullPage: true });
    } finally {
      await guarded.close();
    }
  });

  it('with REQUIRE_CONFIRMATION=true (pattern H), shows the pending approval: Approve books it, Decline books nothing', async () => {
    // H's functions read the setting from the environment they start with.
    process.env.REQUIRE_CONFIRMATION = 'true';
    let approvalHost: PatternHost | undefined;
    try {
      approvalHost = await hostPatterns(['h'], () => {});
    } finally {
      delete process.env.REQUIRE_CONFIRMATION;
    }
    const approving = await startDevServer({
      patterns: approvalHost.patterns,
      port: 0,
      pages: playgroundPages(approvalHost.patterns),
      log: () => {},
    });
    try {
      await page.goto(`${approving.url}/`);
      await expect.poll(() => page.locator('#pattern option').count()).toBe(2);
      await page.selectOption('#pattern', 'h');
      await page.fill('#user', 'pw-approver');
      await page.dispatchEvent('#user', 'change');
      const column = page.locator('.column[data-pattern="h"]');

      await send('Book court B tomorrow at 5pm');
      const approval = column.locator('.approval');
      await approval.waitFor({ timeout: 30_000 });
      expect(await approval.locator('p').textContent()).toMatch(
        /^Waiting for your approval: Court B, [A-Z][a-z]+day \d{4}-\d{2}-\d{2} at 17:00\. Nothing is booked yet\.$/,
      );
      expect(await column.locator('.booking').last().textContent()).toBe('No booking this turn');
      await page.screenshot({ path: join(SHOTS, 'approval-h.png'), fullPage: true });
      await approval.locator('button.approve').click();
      await column.locator('.booking.made').waitFor({ timeout: 30_000 });
      expect(await column.locator('.booking.made').textContent()).toMatch(/^Booked Court B, \d{4}-\d{2}-\d{2} 17:00 .* for pw-approver$/);
      expect(await column.locator('p.user').last().textContent()).toBe('yes');
      expect(await column.locator('.approval').count()).toBe(0);

      await send('Book court C tomorrow at 6pm');
      await expect.poll(() => column.locator('.approval').count(), { timeout: 30_000 }).toBe(1);
      await column.locator('.approval button.decline').click();
      await expect.poll(() => column.locator('.turn').count(), { timeout: 30_000 }).toBe(4);
      expect(await column.locator('.bot').last().textContent()).toMatch(/I have not booked Court C .* at 18:00\. Nothing was booked\./);
      expect(await column.locator('.approval').count()).toBe(0);
      expect(await column.locator('.booking.made').count()).toBe(1);
    } finally {
      await approving.close();
      await approvalHost.stop();
    }
  });

  it('fits a diagram with as many lanes as the multi-agent patterns draw into a card', async () => {
    // Seven lanes (user, code, manager, two specialists, a model, the booking service) in a 420 px card,
    // drawn by the page's own renderer.
    // A string, so the page (not the test's bundler) runs the dynamic import of its own module.
    const outside = await page.evaluate(`(async () => {
      const { renderSequence } = await import('/playground/diagram.js');
      const ids = ['user', 'code', 'manager', 'availability', 'booking', 'model', 'service'];
      const participants = ids.map((id) => ({ id, label: id + ' specialist lane', kind: id === 'model' ? 'model' : 'service' }));
      const messages = ids.slice(1).map((id, i) => ({ from: ids[i], to: id, text: 'call ' + id, kind: 'call' }));
      const card = Object.assign(document.createElement('div'), { className: 'column' });
      card.style.width = '420px';
      const box = Object.assign(document.createElement('div'), { className: 'diagram' });
      card.append(box);
      document.body.prepend(card);
      box.append(renderSequence({ participants, messages }));
      const frame = box.getBoundingClientRect();
      const heads = [...box.querySelectorAll('rect.head')].map((head) => head.getBoundingClientRect());
      card.remove();
      return heads.length === ids.length ? heads.filter((h) => h.left < frame.left - 0.5 || h.right > frame.right + 0.5).length : -1;
    })()`);
    expect(outside).toBe(0);
  });
});
