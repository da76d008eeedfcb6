import { OrbtApiError } from "@orbt/sdk";
import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { NotifyLine } from "./NotifyLine.js";

// Colour support is decided when ink's colour library loads, so it must be forced before the imports.
vi.hoisted(() => {
  process.env.FORCE_COLOR = "1";
});

const pager = {
  name: "pager",
  kind: "pagerduty",
  queueDepth: 1,
  delivered: 0,
  failed: 0,
  lastDeliveredAt: null,
  lastError: "HTTP 500",
  lastErrorAt: 5,
  isFailing: true,
};

describe("NotifyLine", () => {
  it("shows failing receivers in red, with their error and queue", () => {
    const frame = render(<NotifyLine view={{ receivers: [pager], error: null }} />).lastFrame();
    expect(frame).toContain("\u001B[31mnotifications failing: pager (HTTP 500, 1 queued)");
  });

  it("says when the daemon cannot tell", () => {
    const error = new OrbtApiError({
      code: "not_found",
      message: "no route for GET /api/v1/notify",
      status: 404,
    });
    const frame = render(<NotifyLine view={{ receivers: null, error }} />).lastFrame();
    expect(frame).toContain("notifications: status unavailable (no route for GET /api/v1/notify)");
  });
});
