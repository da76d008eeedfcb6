import { describe, expect, it } from "vitest";
import { configProblemLines, parseValidConfig } from "../../test/support/config-text.js";

const RECEIVERS = `notify:
  receivers:
    - name: hook
      webhook: { url: "http://127.0.0.1:9/hook" }
    - name: chat
      slack: { url: "http://127.0.0.1:9/slack" }
`;

describe("notify config", () => {
  it("sends every notification to every receiver when no routes are given", () => {
    expect(parseValidConfig(RECEIVERS).notify.routes).toEqual([
      {
        match: {},
        matchRe: {},
        events: ["opened", "action_taken", "awaiting_approval", "escalated", "resolved"],
        receivers: ["hook", "chat"],
      },
    ]);
  });

  it("sends nothing with routes: []", () => {
    expect(parseValidConfig(`${RECEIVERS}  routes: []\n`).notify.routes).toEqual([]);
  });

  it("names a route's receiver that is not configured, by where it is", () => {
    expect(configProblemLines(`${RECEIVERS}  routes:\n    - receivers: [chat, pager]\n`)).toEqual([
      'orbt.yaml:8 notify.routes[0].receivers[1]: no receiver named "pager" is configured',
    ]);
  });

  it("refuses a receiver name used twice, or the name escalation.webhook goes by", () => {
    const text = `${RECEIVERS}    - name: hook\n      slack: { url: "http://127.0.0.1:9/x" }\n    - name: escalation.webhook\n      slack: { url: "http://127.0.0.1:9/y" }\n`;
    expect(configProblemLines(text)).toEqual([
      'orbt.yaml:7 notify.receivers[2].name: duplicate receiver name "hook", first used by receivers[0]',
      "orbt.yaml:9 notify.receivers[3].name: the name escalation.webhook is taken by the escalation.webhook key; pick another",
    ]);
  });

  it("asks for exactly one kind per receiver", () => {
    expect(
      configProblemLines(
        'notify:\n  receivers:\n    - name: both\n      slack: { url: "http://127.0.0.1:9/x" }\n      webhook: { url: "http://127.0.0.1:9/y" }\n    - name: none\n',
      ),
    ).toEqual([
      "orbt.yaml:3 notify.receivers[0]: expected exactly one of webhook, slack, pagerduty, email",
      "orbt.yaml:6 notify.receivers[1]: expected exactly one of webhook, slack, pagerduty, email",
    ]);
  });

  it("names a webhook body placeholder that is no notification field, where it is", () => {
    const text =
      'notify:\n  receivers:\n    - name: hook\n      webhook:\n        url: "http://127.0.0.1:9/hook"\n        body:\n          text: "{{summary}} on {{host}}"\n';
    expect(configProblemLines(text)).toEqual([
      expect.stringMatching(
        /^orbt\.yaml:7 notify\.receivers\[0\]\.webhook\.body\.text: unknown field "host" in \{\{host\}\}; expected one of id, kind, incidentId, /,
      ),
    ]);
  });

  it("checks each kind's settings", () => {
    const text = `notify:
  receivers:
    - name: mail
      email: { smtp: "http://mail.example.org", from: orbt, to: [] }
    - name: pager
      pagerduty: { routing_key: "" }
  routes:
    - match_re: { service: "web(" }
      events: [opened, paged]
      receivers: [mail]
  retry: { backoff: 10s, max_backoff: 5s }
`;
    expect(configProblemLines(text)).toEqual([
      'orbt.yaml:4 notify.receivers[0].email.smtp: expected an smtp:// or smtps:// URL, got "http://mail.example.org"',
      'orbt.yaml:4 notify.receivers[0].email.from: expected an e-mail address, got "orbt"',
      "orbt.yaml:4 notify.receivers[0].email.to: expected at least one address, got a list",
      'orbt.yaml:6 notify.receivers[1].pagerduty.routing_key: expected an integration key, got ""',
      'orbt.yaml:8 notify.routes[0].match_re.service: expected a regular expression, got "web("',
      'orbt.yaml:9 notify.routes[0].events[1]: expected one of opened, action_taken, awaiting_approval, escalated, resolved, got "paged"',
      "orbt.yaml:11 notify.retry.max_backoff: expected at least the backoff 10s, got 5s",
    ]);
  });
});
