import { type CommandAction, commandExecutor } from "./exec-executor.js";

/** Where the docker CLI finds its daemon and credentials. */
export const DOCKER_ENV = [
  "HOME",
  "DOCKER_HOST",
  "DOCKER_CONTEXT",
  "DOCKER_CONFIG",
  "DOCKER_CERT_PATH",
  "DOCKER_TLS_VERIFY",
] as const;

export const dockerExecutor = commandExecutor("docker", DOCKER_ENV);

/** `docker restart <container>`. */
export function dockerRestart(container: string): CommandAction<"docker"> {
  return { kind: "docker", argv: ["docker", "restart", container] };
}
