import { OrbtApiError } from "@orbt/sdk";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { StoreLine } from "./StoreLine.js";

const checkpoint = { isEnabled: true, last: null, resumedFromSeq: null, replayedAtStart: 1 };

describe("StoreLine", () => {
  it("shows the journal's last seq, the newest checkpoint and its time, and what the last start replayed", () => {
    const value = {
      journal: { lastSeq: 1_234 },
      checkpoint: {
        ...checkpoint,
        last: { seq: 1_000, at: 3_723_000, bytes: 10, baseSeq: null },
        replayedAtStart: 12,
      },
    };
    const frame = render(<StoreLine view={{ value, error: null }} />).lastFrame();
    expect(frame).toContain(
      "store: journal row 1234 · checkpoint at row 1000 (01:02:03) · last start replayed 12 rows",
    );
  });

  it("names the full checkpoint an incremental one is taken over", () => {
    const last = { seq: 1_300, at: 3_723_000, bytes: 10, baseSeq: 1_000 };
    const value = { journal: { lastSeq: 1_334 }, checkpoint: { ...checkpoint, last } };
    const frame = render(<StoreLine view={{ value, error: null }} />).lastFrame();
    expect(frame).toContain("checkpoint at row 1300 over row 1000 (01:02:03)");
  });

  it("says when there is no checkpoint yet, or checkpoints are off", () => {
    const none = render(<StoreLine view={{ value: { journal: { lastSeq: 3 }, checkpoint }, error: null }} />);
    expect(none.lastFrame()).toContain(
      "store: journal row 3 · no checkpoint yet · last start replayed 1 row",
    );
    const off = { journal: { lastSeq: 3 }, checkpoint: { ...checkpoint, isEnabled: false } };
    expect(render(<StoreLine view={{ value: off, error: null }} />).lastFrame()).toContain("checkpoints off");
  });

  it("says when the daemon cannot tell", () => {
    const error = new OrbtApiError({
      code: "not_found",
      message: "no route for GET /api/v1/store",
      status: 404,
    });
    const frame = render(<StoreLine view={{ value: null, error }} />).lastFrame();
    expect(frame).toContain("store: status unavailable (no route for GET /api/v1/store)");
  });
});
