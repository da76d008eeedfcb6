import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "daemon",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Integration tests start real daemons and services; unit tests finish far below this.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
