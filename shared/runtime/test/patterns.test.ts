import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PATTERN_CATALOGUE, PATTERN_LETTERS } from '../src/index';
import { PATTERN_NAMES, patternInfo } from '../../../scripts/lib/patterns';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${REPO}${path}`, 'utf8');

describe('the pattern catalogue', () => {
  it('lists the eight patterns, each with its package directory', () => {
    expect(PATTERN_LETTERS).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    for (const letter of PATTERN_LETTERS)
      expect(existsSync(`${REPO}patterns/${PATTERN_CATALOGUE[letter].dir}/package.json`), letter).toBe(true);
  });

  it('is the one spelling of each name: the scripts, each package description and README title use it', () => {
    for (const letter of PATTERN_LETTERS) {
      const { name, dir } = PATTERN_CATALOGUE[letter];
      const L = letter.toUpperCase();
      expect(PATTERN_NAMES[letter]).toBe(name);
      expect(patternInfo(letter)).toMatchObject({ name, dir: `patterns/${dir}` });
      expect(JSON.parse(read(`patterns/${dir}/package.json`)).description).toMatch(new RegExp(`^Pattern ${L}\\. ${name}:`));
      expect(read(`patterns/${dir}/README.md`).split('\n')[0]).toMatch(new RegExp(`^# Pattern ${L}: ${name}( \\(|$)`));
    }
  });

  it('names each pattern in the root README table the same way', () => {
    const readme = read('README.md');
    for (const letter of PATTERN_LETTERS) {
      const { name, dir } = PATTERN_CATALOGUE[letter];
      expect(readme).toContain(`| [${letter.toUpperCase()}](patterns/${dir}) | ${name} |`);
    }
  });
});
