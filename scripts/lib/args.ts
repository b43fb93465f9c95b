/** A whole-number command-line option (`--name 12`), checked against its range; `fallback` when absent. */
export function intOption(argv: readonly string[], name: string, fallback: number, min: number, max?: number): number {
  const i = argv.indexOf(name);
  const value = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < min || value > (max ?? Infinity)) {
    throw new Error(
      max === undefined ? `${name} needs a whole number of at least ${min}` : `${name} needs a whole number from ${min} to ${max}`,
    );
  }
  return value;
}
