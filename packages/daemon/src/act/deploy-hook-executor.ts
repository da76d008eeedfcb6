import type { Executor, RelabeledOutcome } from "./executor.js";
import {
  type HttpRemedyOutcome,
  type HttpRun,
  planHttpRequest,
  runHttpRemedy,
  summarizeHttpOutcome,
} from "./http-executor.js";

/** In a hook URL, stands for the rollback target, URL-encoded: `...&imgURL=docker.io/shop/web:{version}`. */
export const VERSION_PLACEHOLDER = "{version}";

type DeployHookAction = { readonly kind: "deploy_hook"; readonly url: string };

type DeployHookRun = { readonly request: HttpRun } | { readonly refusal: string };

export type DeployHookOutcome = Omit<RelabeledOutcome<HttpRemedyOutcome, "deploy_hook">, "error"> & {
  readonly error?: {
    readonly code: NonNullable<HttpRemedyOutcome["error"]>["code"] | "no_rollback_version";
    readonly message: string;
  };
};

/** A POST to a Render- or Vercel-style deploy hook, which starts a deploy. */
export function deployHookPost(url: string): DeployHookAction {
  return { kind: "deploy_hook", url };
}

/** A deploy hook URL is a secret (whoever knows it can deploy): the actions table keeps its origin only. */
function hookOrigin(url: string): string {
  return `${new URL(url.replaceAll(VERSION_PLACEHOLDER, "v")).origin}/…`;
}

export const deployHookExecutor: Executor<DeployHookAction, DeployHookRun, DeployHookOutcome> = {
  record: (action) => ({ argv: [], target: { url: hookOrigin(action.url), method: "POST" } }),
  plan: (action, effect, remedy) => {
    const version = effect.rollbackVersion;
    if (action.url.includes(VERSION_PLACEHOLDER) && version === undefined) {
      return {
        refusal: `the deploy hook URL needs ${VERSION_PLACEHOLDER}, but no version of ${effect.service} has stayed healthy through a deploy's verify window yet: not called`,
      };
    }
    const url = action.url.replaceAll(VERSION_PLACEHOLDER, encodeURIComponent(version ?? ""));
    return { request: planHttpRequest({ url, method: "POST", timeoutMs: remedy.timeoutMs }, effect) };
  },
  run: async (run, signal) => {
    if ("refusal" in run) {
      return {
        kind: "deploy_hook",
        ok: false,
        status: null,
        timedOut: false,
        durationMs: 0,
        output: "",
        isOutputTruncated: false,
        error: { code: "no_rollback_version", message: run.refusal },
      };
    }
    return { ...(await runHttpRemedy({ ...run.request, signal })), kind: "deploy_hook" };
  },
  summarize: summarizeHttpOutcome,
};
