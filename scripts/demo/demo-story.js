/**
 * The faults the demo injects, `atMs` after the terminal UI starts, and the one solution that cures each
 * (null: none does). The remedies the daemon may run are `service_restart` at strike 1 and
 * `failover_activation` at strike 2 (demo-config.yaml), so `web` heals at strike 1, `api` needs strike 2
 * and `payments` escalates to a human at strike 3.
 */
export const DEMO_FAULTS = [
  { atMs: 5_000, service: "web", mode: "down", says: "crashed", curedBy: "service_restart" },
  {
    atMs: 20_000,
    service: "api",
    mode: "failing",
    says: "routing to a dead upstream, which a restart keeps",
    curedBy: "failover_activation",
  },
  {
    atMs: 35_000,
    service: "payments",
    mode: "failing",
    says: "failing writes: its ledger disk is full",
    curedBy: null,
  },
];

export const DEMO_SERVICES = [...new Set(DEMO_FAULTS.map((fault) => fault.service))];
