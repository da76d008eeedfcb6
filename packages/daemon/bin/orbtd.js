#!/usr/bin/env -S node --v8-pool-size=1
// Committed shim: npm links bins at install time, before dist/ exists.
// One V8 worker thread instead of four: each worker's malloc arena keeps several MB of freed compiler and
// GC scratch memory resident, which is most of what an idle daemon would otherwise carry.
import("../dist/orbtd.mjs").catch((err) => {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/orbtd.mjs")) {
    console.error("orbtd is not built yet: run `npm run build` first");
    process.exit(1);
  }
  throw err;
});
