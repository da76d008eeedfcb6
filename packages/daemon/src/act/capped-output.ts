/**
 * Collects byte chunks up to `capBytes` and silently drops the rest, so a chatty process or a huge
 * response body cannot exhaust the daemon's memory while it is still fully drained.
 */
export const DEFAULT_OUTPUT_CAP_BYTES = 64 * 1024;

export type CappedOutput = {
  append(chunk: Uint8Array): void;
  readonly isTruncated: boolean;
  text(): string;
};

export function createCappedOutput(capBytes: number): CappedOutput {
  const chunks: Buffer[] = [];
  let storedBytes = 0;
  let isTruncated = false;
  return {
    append(chunk) {
      const room = capBytes - storedBytes;
      if (chunk.byteLength > room) isTruncated = true;
      if (room <= 0) return;
      // Buffer.from copies, so a caller reusing its chunk buffer cannot change what was kept.
      const kept = Buffer.from(chunk.subarray(0, room));
      chunks.push(kept);
      storedBytes += kept.byteLength;
    },
    get isTruncated() {
      return isTruncated;
    },
    text() {
      // TextDecoder in non-fatal mode turns a multi-byte character cut at the cap into U+FFFD.
      return new TextDecoder().decode(Buffer.concat(chunks, storedBytes));
    },
  };
}
