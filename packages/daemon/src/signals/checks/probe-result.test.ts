import { describe, expect, it } from "vitest";
import { classifyConnectError } from "./probe-result.js";

describe("classifyConnectError", () => {
  it.each(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"])(
    "treats %s as the service being unavailable",
    (code) => expect(classifyConnectError(code)).toBe("service_unavailable"),
  );

  it.each(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "FETCH_FAILED"])(
    "treats %s from a reachable service as a failed health check",
    (code) => expect(classifyConnectError(code)).toBe("health_check_failures"),
  );
});
