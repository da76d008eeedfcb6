// `npm run docs:config`: writes the configuration reference page from the config schema.
import { writeFileSync } from "node:fs";
import { renderConfigReference } from "../packages/daemon/src/config/render-config-reference.js";

const page = new URL("../apps/docs/config-reference.md", import.meta.url);
writeFileSync(page, renderConfigReference());
console.log(`wrote ${page.pathname}`);
