/** Rows per statement, well under SQLite's and Postgres's bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

/** `items` in slices of at most the rows one statement takes. */
export function inChunks<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) {
    chunks.push(items.slice(i, i + ROWS_PER_STATEMENT));
  }
  return chunks;
}
