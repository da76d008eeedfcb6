/** z for a two-sided 95% interval. */
const Z_95 = 1.959964;

/**
 * The lower bound of the 95% Wilson score interval of a success rate: what the rate is at least, given
 * how little or much was seen. 1 of 1 scores about 0.21, 9 of 10 about 0.60, 90 of 100 about 0.83.
 */
export function wilsonLowerBound(successes: number, tries: number): number {
  if (tries === 0) return 0;
  const rate = successes / tries;
  const zz = Z_95 * Z_95;
  const centre = rate + zz / (2 * tries);
  const margin = Z_95 * Math.sqrt((rate * (1 - rate) + zz / (4 * tries)) / tries);
  return Math.max(0, (centre - margin) / (1 + zz / tries));
}
