// Sizes in the config are written for people ("50MB", "512KiB"); the code wants whole bytes.

// Bare K/M/G are refused: tools disagree on whether they mean 1000 or 1024, and a user who
// means one and gets the other is off by 7% per step.
const FACTORS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/**
 * The sizes parseByteSize accepts, as a flag-free pattern for JSON Schema (editors check it too):
 * whole bytes with an optional B, or a number (fractions allowed) and a unit. Only the safe-integer
 * bound is left to parseByteSize.
 */
export const BYTE_SIZE_PATTERN = '^\\s*(?:[0-9]+(?:\\.0+)?\\s*[bB]?|[0-9]+(?:\\.[0-9]+)?\\s*[kKmMgGtT][iI]?[bB])\\s*$';

/**
 * Whole bytes in a size: a number of bytes, or a number and a unit — kB/MB/GB/TB (powers of 1000)
 * or KiB/MiB/GiB/TiB (powers of 1024), case-insensitive. undefined when `input` is not a size.
 */
export function parseByteSize(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  const match = SIZE.exec(input);
  if (!match) return undefined;
  const factor = FACTORS[(match[2] ?? '').toLowerCase() || 'b'];
  const amount = Number(match[1]);
  if (factor === undefined || (factor === 1 && !Number.isInteger(amount))) return undefined;
  // Rounding absorbs float noise (1.1 * 1e6 is 1100000.0000000002), not real fractions of a byte.
  const bytes = Math.round(amount * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
