import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, it } from "vitest";

/**
 * A real program a test talks to (Prometheus, Postgres…), or why the test cannot: outside CI a
 * missing peer skips its suite, under CI it fails it, so a green CI run proves every peer ran.
 */
export type PeerLookup<T> =
  | { readonly status: "found"; readonly peer: T }
  | { readonly status: "skip" | "fail"; readonly name: string; readonly reason: string };

/** An executable peer: where to look for it and how to get it. */
type BinarySpec = {
  readonly name: string;
  /** Names the path to use instead of searching (e.g. an upstream release); nothing else is tried then. */
  readonly envVar: string;
  readonly commands: readonly string[];
  /** Where Debian's packages install it, for a PATH without /usr/bin. */
  readonly knownPaths: readonly string[];
  readonly install: string;
};

type Env = Readonly<Record<string, string | undefined>>;

export const PROMETHEUS: BinarySpec = {
  name: "Prometheus",
  envVar: "ORBT_TEST_PROMETHEUS",
  commands: ["prometheus"],
  knownPaths: ["/usr/bin/prometheus"],
  install: "apt-get install prometheus",
};

export const PROMTOOL: BinarySpec = {
  name: "promtool",
  envVar: "ORBT_TEST_PROMTOOL",
  commands: ["promtool"],
  knownPaths: ["/usr/bin/promtool"],
  install: "apt-get install prometheus",
};

export const ALERTMANAGER: BinarySpec = {
  name: "Alertmanager",
  envVar: "ORBT_TEST_ALERTMANAGER",
  commands: ["prometheus-alertmanager", "alertmanager"],
  knownPaths: ["/usr/bin/prometheus-alertmanager"],
  install: "apt-get install prometheus-alertmanager",
};

export const NODE_EXPORTER: BinarySpec = {
  name: "node exporter",
  envVar: "ORBT_TEST_NODE_EXPORTER",
  commands: ["prometheus-node-exporter", "node_exporter"],
  knownPaths: ["/usr/bin/prometheus-node-exporter"],
  install: "apt-get install prometheus-node-exporter",
};

export const SYSTEMD_ANALYZE: BinarySpec = {
  name: "systemd-analyze",
  envVar: "ORBT_TEST_SYSTEMD_ANALYZE",
  commands: ["systemd-analyze"],
  knownPaths: ["/usr/bin/systemd-analyze"],
  install: "apt-get install systemd",
};

export const TMUX: BinarySpec = {
  name: "tmux",
  envVar: "ORBT_TEST_TMUX",
  commands: ["tmux"],
  knownPaths: ["/usr/bin/tmux"],
  install: "apt-get install tmux",
};

/** A peer reached at a URL: where to find it and how to get it. */
type UrlSpec = {
  readonly name: string;
  readonly envVar: string;
  readonly defaultUrl: string;
  readonly install: string;
};

const POSTGRES: UrlSpec = {
  name: "Postgres",
  envVar: "ORBT_TEST_POSTGRES_URL",
  defaultUrl: "postgres://postgres@127.0.0.1:5432/test",
  install: "apt-get install postgresql",
};

const NATS: UrlSpec = {
  name: "NATS with JetStream",
  envVar: "ORBT_TEST_NATS_URL",
  defaultUrl: "nats://127.0.0.1:4222",
  install: "apt-get install nats-server, run with -js",
};

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** CI services set CI, most to "true"; "false" or "0" say a run is not one. */
function isCi(env: Env): boolean {
  return env.CI !== undefined && !["", "0", "false"].includes(env.CI);
}

function missing(name: string, reason: string, env: Env): PeerLookup<never> {
  return isCi(env)
    ? { status: "fail", name, reason: `${name} is required under CI: ${reason}` }
    : { status: "skip", name, reason: `${name} is missing: ${reason}` };
}

/** Finds the binary from its env var, else on PATH, else at Debian's path. */
export function findBinary(
  spec: BinarySpec,
  env: Env = process.env,
  isExecutable: (path: string) => boolean = isExecutableFile,
): PeerLookup<string> {
  const pinned = env[spec.envVar];
  if (pinned !== undefined && pinned !== "") {
    return isExecutable(pinned)
      ? { status: "found", peer: pinned }
      : missing(spec.name, `${spec.envVar}=${pinned} is not an executable file`, env);
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  const candidates = [
    ...spec.commands.flatMap((command) => dirs.map((dir) => join(dir, command))),
    ...spec.knownPaths,
  ];
  const found = candidates.find(isExecutable);
  if (found !== undefined) return { status: "found", peer: found };
  const looked = `no ${spec.commands.join(" or ")} on PATH, no ${spec.knownPaths.join(" or ")}`;
  return missing(spec.name, `${looked}; install it (${spec.install}) or set ${spec.envVar} to its path`, env);
}

/** Finds the peer at its env var's URL (or the local default) if `probe` connects; the peer is the URL. */
async function findUrlPeer(
  spec: UrlSpec,
  probe: (url: string) => Promise<unknown>,
  env: Env,
): Promise<PeerLookup<string>> {
  const url = env[spec.envVar] ?? spec.defaultUrl;
  try {
    await probe(url);
    return { status: "found", peer: url };
  } catch (error) {
    const how = `start one (${spec.install}) or set ${spec.envVar}`;
    return missing(spec.name, `unreachable at ${url} (${String(error)}); ${how}`, env);
  }
}

/** Finds Postgres at ORBT_TEST_POSTGRES_URL (or the local default) if `probe` connects; the peer is the URL. */
export function findPostgres(
  probe: (url: string) => Promise<unknown>,
  env: Env = process.env,
): Promise<PeerLookup<string>> {
  return findUrlPeer(POSTGRES, probe, env);
}

/** Finds NATS at ORBT_TEST_NATS_URL (or the local default) if `probe` reaches its JetStream; the peer is the URL. */
export function findNats(
  probe: (url: string) => Promise<unknown>,
  env: Env = process.env,
): Promise<PeerLookup<string>> {
  return findUrlPeer(NATS, probe, env);
}

type Lookups<T> = { readonly [K in keyof T]: PeerLookup<T[K]> };

/**
 * A suite that runs with its peers found. A missing one skips it with a loud warning, or under CI
 * registers a failing test per missing peer.
 */
export function describeWithPeers<T extends Record<string, unknown>>(
  lookups: Lookups<T>,
  title: string,
  body: (peers: T) => void,
): void {
  const all = Object.entries(lookups) as [string, PeerLookup<unknown>][];
  const found = all.flatMap(([key, lookup]) => (lookup.status === "found" ? [[key, lookup.peer]] : []));
  const absent = all.flatMap(([, lookup]) => (lookup.status === "found" ? [] : [lookup]));
  if (absent.length === 0) {
    describe(title, () => body(Object.fromEntries(found) as T));
    return;
  }
  if (absent.some((lookup) => lookup.status === "fail")) {
    describe(title, () => {
      for (const lookup of absent) {
        it(`needs ${lookup.name}`, () => {
          throw new Error(lookup.reason);
        });
      }
    });
    return;
  }
  const reasons = absent.map((lookup) => lookup.reason).join("; ");
  console.warn(`\n!!! SKIPPING "${title}": ${reasons} !!!\n`);
  describe(title, () => {
    for (const lookup of absent) it.skip(`needs ${lookup.name} (SKIPPED: ${lookup.reason})`);
  });
}
