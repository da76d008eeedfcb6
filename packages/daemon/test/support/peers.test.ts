import { describe, expect, it } from "vitest";
import { findBinary, findPostgres, PROMETHEUS } from "./peers.js";

/** A file system holding exactly `executables`. */
const only =
  (...executables: string[]) =>
  (path: string) =>
    executables.includes(path);

describe("findBinary", () => {
  it("finds the binary on PATH first, else at its Debian path", () => {
    const env = { PATH: "/opt/a:/opt/b" };
    expect(findBinary(PROMETHEUS, env, only("/opt/b/prometheus", "/usr/bin/prometheus"))).toEqual({
      status: "found",
      peer: "/opt/b/prometheus",
    });
    expect(findBinary(PROMETHEUS, env, only("/usr/bin/prometheus"))).toEqual({
      status: "found",
      peer: "/usr/bin/prometheus",
    });
  });

  it("uses only the path its env var names", () => {
    const env = { PATH: "/usr/bin", ORBT_TEST_PROMETHEUS: "/opt/prometheus-3/prometheus" };
    expect(findBinary(PROMETHEUS, env, only("/opt/prometheus-3/prometheus"))).toEqual({
      status: "found",
      peer: "/opt/prometheus-3/prometheus",
    });
    expect(findBinary(PROMETHEUS, env, only("/usr/bin/prometheus"))).toEqual({
      status: "skip",
      name: "Prometheus",
      reason:
        "Prometheus is missing: ORBT_TEST_PROMETHEUS=/opt/prometheus-3/prometheus is not an executable file",
    });
  });

  it("gives a reason to skip when absent, naming where it looked and how to get it", () => {
    expect(findBinary(PROMETHEUS, { PATH: "/opt/a" }, only())).toEqual({
      status: "skip",
      name: "Prometheus",
      reason:
        "Prometheus is missing: no prometheus on PATH, no /usr/bin/prometheus; install it (apt-get install prometheus) or set ORBT_TEST_PROMETHEUS to its path",
    });
  });

  it.each(["true", "1"])("fails when absent under CI=%s", (ci) => {
    expect(findBinary(PROMETHEUS, { PATH: "/opt/a", CI: ci }, only())).toEqual({
      status: "fail",
      name: "Prometheus",
      reason: expect.stringMatching(/^Prometheus is required under CI: no prometheus on PATH/),
    });
  });

  it("skips, not fails, when CI is false", () => {
    expect(findBinary(PROMETHEUS, { CI: "false" }, only())).toMatchObject({ status: "skip" });
  });
});

describe("findPostgres", () => {
  const refused = async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:1");
  };

  it("finds Postgres at ORBT_TEST_POSTGRES_URL, else at the local default", async () => {
    const probed: string[] = [];
    const probe = async (url: string) => probed.push(url);
    expect(await findPostgres(probe, { ORBT_TEST_POSTGRES_URL: "postgres://db:6543/x" })).toEqual({
      status: "found",
      peer: "postgres://db:6543/x",
    });
    expect(await findPostgres(probe, {})).toEqual({
      status: "found",
      peer: "postgres://postgres@127.0.0.1:5432/test",
    });
    expect(probed).toEqual(["postgres://db:6543/x", "postgres://postgres@127.0.0.1:5432/test"]);
  });

  it("gives a reason to skip when unreachable, and fails under CI", async () => {
    const env = { ORBT_TEST_POSTGRES_URL: "postgres://127.0.0.1:1/test" };
    expect(await findPostgres(refused, env)).toEqual({
      status: "skip",
      name: "Postgres",
      reason:
        "Postgres is missing: unreachable at postgres://127.0.0.1:1/test (Error: connect ECONNREFUSED 127.0.0.1:1); start one (apt-get install postgresql) or set ORBT_TEST_POSTGRES_URL",
    });
    expect(await findPostgres(refused, { ...env, CI: "true" })).toMatchObject({
      status: "fail",
      reason: expect.stringMatching(
        /^Postgres is required under CI: unreachable at postgres:\/\/127\.0\.0\.1:1\/test/,
      ),
    });
  });
});
