import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONFIG_FIELDS,
  defaultHttpCheck,
  defaultService,
} from "../../test/support/default-config.js";
import { embeddedDefaultConfig } from "./embedded-default-config.js";

describe("embeddedDefaultConfig", () => {
  it("passes the schema and watches orbtd's own health endpoint", () => {
    expect(embeddedDefaultConfig()).toEqual({
      project: "orbt",
      environment: "dev",
      listen: { host: "127.0.0.1", port: 7070 },
      dataDir: resolve("data"),
      services: [defaultService("orbtd", [defaultHttpCheck("http://127.0.0.1:7070/healthz")])],
      remedies: [],
      ...DEFAULT_CONFIG_FIELDS,
    });
  });
});
