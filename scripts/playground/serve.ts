/**
 * The playground's files for the dev server: `/` is the page, `/playground/<file>` its scripts and
 * styles (a fixed list, so no path reaches outside this folder), `/playground/patterns.json` what is served,
 * `/playground/robustness.json` and `.svg` the committed robustness scorecard (scripts/robustness-report.*), and,
 * when the dev server collects spans (`pnpm dev --spans`), `/playground/spans/<trace id>` one turn's spans.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { ReceivedSpan } from '../../shared/testkit/src/otlp-receiver';
import { isPatternLetter } from '../lib/lambdas';
import { patternInfo } from '../lib/patterns';

/** Serves a page for `path` and returns true, or returns false when the path is not one of its own. */
export type PageHandler = (path: string, res: ServerResponse) => boolean;

const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'diagram.js': 'text/javascript; charset=utf-8',
  'sequence.js': 'text/javascript; charset=utf-8',
  'waterfall.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** The robustness view reads the scorecard `pnpm compare --errors ... --json` wrote beside its report. */
const REPORT = (ext: string) => fileURLToPath(new URL(`../robustness-report.${ext}`, import.meta.url));
const SCORECARD: Readonly<Record<string, { file: string; type: string }>> = {
  '/playground/robustness.json': { file: REPORT('json'), type: 'application/json' },
  '/playground/robustness.svg': { file: REPORT('svg'), type: 'image/svg+xml' },
};

export interface PlaygroundPattern {
  key: string;
  name: string;
  /** The pattern's Lambda functions other than the HTTP one (placed on the diagram by name). */
  functions: string[];
}

export function playgroundPatterns(hosted: readonly { key: string; name: string }[]): PlaygroundPattern[] {
  return hosted.map(({ key, name }) => {
    const info = isPatternLetter(key) ? patternInfo(key) : undefined;
    return { key, name, functions: info ? info.functions.filter((f) => f !== info.http).map((f) => f.name) : [] };
  });
}

function send(res: ServerResponse, type: string, body: string | Buffer): true {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  return true;
}

/** `spans`: what the dev server's OTLP receiver collected, when it collects them. */
export function playgroundPages(hosted: readonly { key: string; name: string }[], spans?: readonly ReceivedSpan[]): PageHandler {
  const patterns = JSON.stringify(playgroundPatterns(hosted));
  const file = (name: string) => readFileSync(fileURLToPath(new URL(name, import.meta.url)));
  return (path, res) => {
    if (path === '/') return send(res, FILES['index.html']!, file('index.html'));
    if (path === '/playground/patterns.json') return send(res, 'application/json', patterns);
    const scorecard = SCORECARD[path];
    if (scorecard) return existsSync(scorecard.file) ? send(res, scorecard.type, readFileSync(scorecard.file)) : false;
    const traceId = /^\/playground\/spans\/([0-9a-f]{32})$/.exec(path)?.[1];
    if (spans && traceId) return send(res, 'application/json', JSON.stringify(spans.filter((s) => s.traceId === traceId)));
    const name = path.startsWith('/playground/') ? path.slice('/playground/'.length) : '';
    const type = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    return type ? send(res, type, file(name)) : false;
  };
}
