// The environment and Node.js flags orbtd runs with, read from its bin's shebang
// (`#!/usr/bin/env -S NAME=VALUE… node FLAGS`), so benchmarks that run the daemon's code in-process measure
// it under the same malloc and V8 settings.
import { readFileSync } from "node:fs";

const bin = new URL("../packages/daemon/bin/orbtd.js", import.meta.url);
const shebang = readFileSync(bin, "utf8").split("\n", 1)[0];
const match = /^#!\/usr\/bin\/env -S(?<env>(?: \w+=\S+)*) node(?<flags>(?: --[\w-]+(?:=\S+)?)*)$/.exec(
  shebang,
);
if (match?.groups === undefined)
  throw new Error(`${bin.pathname}: unexpected shebang ${JSON.stringify(shebang)}`);

export const daemonNodeFlags = match.groups.flags.split(" ").filter((flag) => flag !== "");
/** The process environment with the bin's variables set, for a child that runs the daemon's code. */
export const daemonEnv = {
  ...process.env,
  ...Object.fromEntries(
    match.groups.env
      .split(" ")
      .filter((assignment) => assignment !== "")
      .map((assignment) => assignment.split("=", 2)),
  ),
};
