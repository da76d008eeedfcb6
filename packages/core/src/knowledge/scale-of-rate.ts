import type { ServiceScale } from "../protocol/names.js";

/** Requests per second from which a service counts as medium, and as large; below `mediumFrom`, small. */
export type ScaleBands = { readonly mediumFrom: number; readonly largeFrom: number };

export function scaleOfRate(requestsPerSecond: number, bands: ScaleBands): ServiceScale {
  if (requestsPerSecond >= bands.largeFrom) return "large";
  if (requestsPerSecond >= bands.mediumFrom) return "medium";
  return "small";
}
