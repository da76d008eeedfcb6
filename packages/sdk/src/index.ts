export { formatDprId } from "@orbt/core";
