import {
  type CommandAction,
  type CommandOutcome,
  type ExecRun,
  remedyEnvironment,
  runCommand,
} from "./exec-executor.js";
import type { Executor } from "./executor.js";

/** Where kubectl finds its cluster: a kubeconfig, or the pod's service account when run in the cluster. */
export const KUBECTL_ENV = [
  "HOME",
  "KUBECONFIG",
  "KUBERNETES_SERVICE_HOST",
  "KUBERNETES_SERVICE_PORT",
] as const;

/** A Deployment and the bounds of scaling it. */
export type ScaleTarget = {
  readonly deployment: string;
  readonly namespace: string;
  /** Replicas added per run. */
  readonly step: number;
  readonly maxReplicas: number;
};

type KubectlAction = CommandAction<"kubectl"> | { readonly kind: "kubectl"; readonly scale: ScaleTarget };

type KubectlRun =
  | { readonly command: ExecRun }
  | { readonly scale: ScaleTarget; readonly timeoutMs: number; readonly env: Record<string, string> };

export type KubectlErrorCode = "unreadable_replicas" | "at_max_replicas";

export type KubectlOutcome = Omit<CommandOutcome<"kubectl">, "error"> & {
  readonly error?: {
    readonly code: NonNullable<CommandOutcome<"kubectl">["error"]>["code"] | KubectlErrorCode;
    readonly message: string;
  };
};

function deploymentArgs(deployment: string, namespace: string): string[] {
  return [`deployment/${deployment}`, "-n", namespace];
}

/** `kubectl rollout restart deployment/<name> -n <ns>`. */
export function kubectlRolloutRestart(deployment: string, namespace: string): KubectlAction {
  return {
    kind: "kubectl",
    argv: ["kubectl", "rollout", "restart", ...deploymentArgs(deployment, namespace)],
  };
}

/**
 * `kubectl rollout undo deployment/<name> -n <ns>`: back to the previous revision. Orbt's rollback target
 * is a deploy tool's version name, which names no Kubernetes revision, so no `--to-revision` is passed.
 */
export function kubectlRolloutUndo(deployment: string, namespace: string): KubectlAction {
  return { kind: "kubectl", argv: ["kubectl", "rollout", "undo", ...deploymentArgs(deployment, namespace)] };
}

/** Reads the Deployment's replicas, then scales it by `step`, never past `maxReplicas`. */
export function kubectlScale(scale: ScaleTarget): KubectlAction {
  return { kind: "kubectl", scale };
}

export const kubectlExecutor: Executor<KubectlAction, KubectlRun, KubectlOutcome> = {
  record: (action) =>
    "argv" in action
      ? { argv: [...action.argv], target: null }
      : { argv: [], target: { ...action.scale, operation: "scale" } },
  plan: (action, effect, remedy) => {
    const env = remedyEnvironment(effect, KUBECTL_ENV);
    return "argv" in action
      ? { command: { argv: action.argv, timeoutMs: remedy.timeoutMs, env } }
      : { scale: action.scale, timeoutMs: remedy.timeoutMs, env };
  },
  run: (run, signal) =>
    "command" in run ? runCommand("kubectl", run.command, signal) : scaleDeployment(run, signal),
  summarize: (outcome) => ({ exitCode: outcome.exitCode }),
};

const REPLICAS = /^\d+$/;

/** Both commands share the remedy's one timeout; the outcome's duration covers both. */
async function scaleDeployment(
  run: Extract<KubectlRun, { scale: ScaleTarget }>,
  signal: AbortSignal | undefined,
): Promise<KubectlOutcome> {
  const startedAtMs = performance.now();
  const { deployment, namespace, step, maxReplicas } = run.scale;
  const target = deploymentArgs(deployment, namespace);
  const read = await runCommand(
    "kubectl",
    {
      argv: ["kubectl", "get", ...target, "-o", "jsonpath={.spec.replicas}"],
      timeoutMs: run.timeoutMs,
      env: run.env,
    },
    signal,
  );
  if (!read.ok) return read;
  const printed = read.output.trim();
  if (!REPLICAS.test(printed)) {
    const message = `kubectl get ${target.join(" ")} printed ${JSON.stringify(printed)}, not a replica count`;
    return { ...read, ok: false, error: { code: "unreadable_replicas", message } };
  }
  const current = Number(printed);
  const where = `deployment/${deployment} in ${namespace}`;
  if (current >= maxReplicas) {
    const message = `${where} has ${current} replicas, at max_replicas ${maxReplicas}: not scaled`;
    return { ...read, ok: false, error: { code: "at_max_replicas", message } };
  }
  const wanted = Math.min(current + step, maxReplicas);
  const remainingMs = Math.max(1, run.timeoutMs - Math.round(performance.now() - startedAtMs));
  const scaled = await runCommand(
    "kubectl",
    { argv: ["kubectl", "scale", ...target, `--replicas=${wanted}`], timeoutMs: remainingMs, env: run.env },
    signal,
  );
  return {
    ...scaled,
    durationMs: Math.round(performance.now() - startedAtMs),
    output: `${where}: replicas ${current} -> ${wanted}\n${scaled.output}`,
  };
}
