import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "./config-problem.js";
import type { OrbtConfig } from "./orbt-config.js";
import { parseConfigText } from "./parse-config-text.js";

function parsed(text: string): { config?: OrbtConfig; problems: string[] } {
  const result = parseConfigText(text, "orbt.yaml");
  return result.ok
    ? { config: result.value, problems: [] }
    : { problems: result.error.map(formatConfigProblem) };
}

function remediesOf(text: string) {
  const { config, problems } = parsed(text);
  if (config === undefined) throw new Error(problems.join("; "));
  return config.remedies.map((remedy) => ({ service: remedy.service, action: remedy.action }));
}

describe("remedies named by their solution alone", () => {
  it("take their action from the service's platform, its name standing in for the unit", () => {
    const text = `services:
  - { name: web, platform: systemd }
remedies:
  - { solution: service_restart, service: web, timeout: 1m }
`;
    expect(parsed(text).config?.remedies).toEqual([
      {
        solution: "service_restart",
        service: "web",
        action: { kind: "systemd", argv: ["systemctl", "restart", "web"] },
        timeoutMs: 60_000,
        verifyForMs: undefined,
        isDryRun: false,
      },
    ]);
  });

  it("stand, without a service, for one remedy per service with a preset, in place", () => {
    const text = `services:
  - { name: api, platform: kubernetes }
  - { name: script, platform: exec }
  - { name: cache, platform: docker, container: redis-1 }
remedies:
  - { solution: cache_clearing, exec: [flush] }
  - { solution: service_restart }
  - { solution: failover_activation, exec: [failover] }
`;
    expect(remediesOf(text)).toEqual([
      { service: undefined, action: { kind: "exec", argv: ["flush"] } },
      {
        service: "api",
        action: {
          kind: "kubectl",
          argv: ["kubectl", "rollout", "restart", "deployment/api", "-n", "default"],
        },
      },
      { service: "cache", action: { kind: "docker", argv: ["docker", "restart", "redis-1"] } },
      { service: undefined, action: { kind: "exec", argv: ["failover"] } },
    ]);
  });

  it("are a problem at the remedy, naming the platforms that have a preset, when the service's has none", () => {
    const text = `services:
  - name: web
remedies:
  - solution: service_restart
    service: web
  - solution: cache_clearing
    service: web
`;
    expect(parsed(text).problems).toEqual([
      'orbt.yaml:4 remedies[0]: service "web" (platform exec) has no preset for service_restart (presets for service_restart: systemd, docker, kubernetes): set exec or http on the remedy',
      'orbt.yaml:6 remedies[1]: service "web" (platform exec) has no preset for cache_clearing (no platform has a preset for cache_clearing): set exec or http on the remedy',
    ]);
  });

  it("are a problem when the preset needs a key the service lacks", () => {
    const text = `services:
  - { name: API, platform: kubernetes, max_replicas: 3 }
  - { name: web, deploy_hook: { url: "https://hooks.test/deploy" } }
remedies:
  - { solution: service_restart, service: API }
  - { solution: rollback_to_stable, service: web }
  - { solution: resource_scaling }
`;
    expect(parsed(text).problems).toEqual([
      'orbt.yaml:5 remedies[0]: the preset for service_restart on service "API" needs deployment: set it on the service, or set exec or http on the remedy',
      'orbt.yaml:6 remedies[1]: the preset for rollback_to_stable on service "web" needs deploy_hook.rollback_url: set it on the service, or set exec or http on the remedy',
      'orbt.yaml:7 remedies[2]: no configured service has a preset for resource_scaling; the first: the preset for resource_scaling on service "API" needs deployment: set it on the service, or set exec or http on the remedy',
    ]);
  });

  it("are a problem without any service to take them", () => {
    expect(parsed("remedies:\n  - solution: service_restart\n").problems).toEqual([
      "orbt.yaml:2 remedies[0]: no service is configured to take a preset for service_restart: set exec or http on the remedy",
    ]);
  });
});

describe("platform keys of a service", () => {
  it("are read only on their platform", () => {
    const text = `services:
  - name: web
    platform: docker
    unit: web.service
    max_replicas: 3
`;
    expect(parsed(text).problems).toEqual([
      "orbt.yaml:4 services[0].unit: expected only on a service with platform: systemd, not docker",
      "orbt.yaml:5 services[0].max_replicas: expected only on a service with platform: kubernetes, not docker",
    ]);
  });

  it("refuse names a tool would take for an option or reject", () => {
    const text = `services:
  - { name: a, platform: systemd, unit: "--now" }
  - { name: b, platform: docker, container: "-d" }
  - { name: c, platform: kubernetes, deployment: Shop_API, namespace: "prod.eu" }
  - { name: d, deploy_hook: { url: "ftp://hooks.test/" } }
`;
    expect(parsed(text).problems).toEqual([
      'orbt.yaml:2 services[0].unit: expected a systemd unit name like web.service, got "--now"',
      'orbt.yaml:3 services[1].container: expected a docker container name or id, got "-d"',
      'orbt.yaml:4 services[2].deployment: expected a Kubernetes name (lowercase a-z 0-9 - .), got "Shop_API"',
      'orbt.yaml:4 services[2].namespace: expected a Kubernetes namespace (lowercase a-z 0-9 -), got "prod.eu"',
      'orbt.yaml:5 services[3].deploy_hook.url: expected an http(s) URL, got "ftp://hooks.test/"',
    ]);
  });
});
