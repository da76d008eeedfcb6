import { describe, expect, it } from "vitest";
import { sampleNotifications } from "../../test/support/sample-notifications.js";
import { type NotifyRoute, routeNotification } from "./route-notification.js";

const { opened, resolved } = sampleNotifications();

function route(extra: Partial<NotifyRoute>): NotifyRoute {
  return { match: {}, matchRe: {}, events: ["opened", "resolved"], receivers: ["r"], ...extra };
}

describe("routeNotification", () => {
  it("sends to the receivers of every route whose events and matchers fit, each once", () => {
    const routes = [
      route({ match: { service: "web" }, receivers: ["pager", "chat"] }),
      route({ match: { service: "api" }, receivers: ["api-team"] }),
      route({ events: ["resolved"], receivers: ["chat", "mail"] }),
    ];
    expect(routeNotification(routes, opened)).toEqual(["pager", "chat"]);
    expect(routeNotification(routes, resolved)).toEqual(["pager", "chat", "mail"]);
  });

  it("matches each field set, by equality or by a regular expression on the whole value", () => {
    expect(
      routeNotification([route({ match: { urgency: "critical", pattern: "uptime_problems" } })], opened),
    ).toEqual(["r"]);
    expect(routeNotification([route({ match: { urgency: "low" } })], opened)).toEqual([]);
    expect(routeNotification([route({ matchRe: { service: /^(?:we.)$/ } })], opened)).toEqual(["r"]);
    expect(routeNotification([route({ matchRe: { service: /^(?:we)$/ } })], opened)).toEqual([]);
    expect(routeNotification([route({ events: ["escalated"] })], opened)).toEqual([]);
  });
});
