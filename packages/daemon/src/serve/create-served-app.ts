import type { Hono } from "hono";
import type { Receivers } from "../signals/receivers.js";
import type { AuthEnv } from "./auth/index.js";
import { type ApiOptions, createApi } from "./create-api.js";
import {
  createPrometheusApi,
  type PrometheusApiOptions,
  type PrometheusBuildInfo,
} from "./prometheus/create-prometheus-api.js";

// Grafana reads `version` to pick its Prometheus dialect; the fields say what actually answers.
const PROMETHEUS_BUILD_INFO: PrometheusBuildInfo = {
  version: "2.53.0",
  revision: "orbt",
  branch: "main",
  buildUser: "orbt",
  buildDate: "",
  goVersion: `node${process.versions.node}`,
};

export type ServedAppOptions = Omit<ApiOptions, "receiverPaths"> & {
  readonly prometheus: Omit<PrometheusApiOptions, "buildInfo">;
  readonly receivers: Pick<Receivers, "mount" | "bodyLimitedPaths">;
};

/** Everything the API's port serves over HTTP: the REST API, the Prometheus API under /prometheus, the receivers. */
export function createServedApp(options: ServedAppOptions): Hono<AuthEnv> {
  const { prometheus, receivers, ...api } = options;
  const app = createApi({ ...api, receiverPaths: receivers.bodyLimitedPaths });
  app.route("/prometheus", createPrometheusApi({ ...prometheus, buildInfo: PROMETHEUS_BUILD_INFO }));
  receivers.mount(app);
  return app;
}
