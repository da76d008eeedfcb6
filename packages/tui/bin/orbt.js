#!/usr/bin/env node
// Committed shim: npm links bins at install time, before dist/ exists.
import("../dist/cli.js").catch((err) => {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/cli.js")) {
    console.error("orbt is not built yet: run `npm run build` first");
    process.exit(1);
  }
  throw err;
});
