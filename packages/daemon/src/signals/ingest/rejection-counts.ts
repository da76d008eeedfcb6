/** The reasons that refused something, in the order given; reasons that refused nothing are left out. */
export function withoutZeros<R extends string>(
  counts: Readonly<Record<R, number>>,
): Partial<Record<R, number>> {
  const refused: Partial<Record<R, number>> = {};
  for (const reason in counts) if (counts[reason] > 0) refused[reason] = counts[reason];
  return refused;
}
