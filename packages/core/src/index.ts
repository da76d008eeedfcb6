export { type DprIdParts, formatDprId } from "./ids/dpr-id.js";
