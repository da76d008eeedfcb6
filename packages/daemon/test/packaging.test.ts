import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DockerfileParser, type Instruction, type JSONInstruction } from "dockerfile-ast";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { afterEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { OrbtConfig } from "../src/config/orbt-config.js";
import { parseConfigText } from "../src/config/parse-config-text.js";
import { describeWithPeers, findBinary, SYSTEMD_ANALYZE } from "./support/peers.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGING = join(REPO_ROOT, "packaging");
/** Where the unit and the image install the repository; the unit is checked against this checkout in its place. */
const INSTALL_DIR = "/opt/orbt";
const runFile = promisify(execFile);

function parseConfig(text: string, fileName: string): OrbtConfig {
  const parsed = parseConfigText(text, fileName);
  if (!parsed.ok) throw new Error(`${fileName}: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

/** `Key=value` lines of a unit file; a key given several times keeps every value. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match === null) continue;
    const [, key, value] = match as unknown as [string, string, string];
    settings.set(key, [...(settings.get(key) ?? []), value]);
  }
  return settings;
}

describeWithPeers(
  { systemdAnalyze: findBinary(SYSTEMD_ANALYZE) },
  "the systemd unit",
  ({ systemdAnalyze }) => {
    const dirs: string[] = [];
    afterEach(async () => {
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    });

    /** The unit with the install directory pointed at this checkout, so its ExecStart exists. */
    async function unitInCheckout(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), "orbt-unit-"));
      dirs.push(dir);
      const text = await readFile(join(PACKAGING, "systemd/orbtd.service"), "utf8");
      const file = join(dir, "orbtd.service");
      await writeFile(file, text.replaceAll(INSTALL_DIR, REPO_ROOT.replace(/\/$/, "")));
      return file;
    }

    /** Exit code and what it said on stderr, where verify writes its warnings. */
    async function analyze(args: string[]): Promise<{ code: number; stderr: string }> {
      try {
        const { stderr } = await runFile(systemdAnalyze, args);
        return { code: 0, stderr };
      } catch (error) {
        const failed = error as { code: number; stderr: string; stdout: string };
        return { code: failed.code, stderr: `${failed.stderr}${failed.stdout}` };
      }
    }

    it("passes systemd-analyze verify without a warning", async () => {
      expect(await analyze(["verify", "--man=no", await unitInCheckout()])).toEqual({ code: 0, stderr: "" });
    });

    it("fails systemd-analyze verify with a misspelt setting, so the check above can fail", async () => {
      const file = await unitInCheckout();
      await writeFile(file, (await readFile(file, "utf8")).replace("ProtectSystem=", "ProtectSystems="));
      const result = await analyze(["verify", "--man=no", file]);
      expect(result.stderr).toContain("Unknown key 'ProtectSystems'");
    });

    it("is hardened: a dynamic user, a read-only system but its state directory, exposure 2.5 or lower", async () => {
      const settings = unitSettings(await readFile(join(PACKAGING, "systemd/orbtd.service"), "utf8"));
      expect(settings.get("DynamicUser")).toEqual(["yes"]);
      expect(settings.get("ProtectSystem")).toEqual(["strict"]);
      expect(settings.get("NoNewPrivileges")).toEqual(["yes"]);
      expect(settings.get("StateDirectory")).toEqual(["orbt"]);
      expect(settings.get("ReadWritePaths")).toEqual(["/var/lib/orbt"]);
      expect(settings.get("ExecStart")?.[0]).toMatch(
        new RegExp(`^${INSTALL_DIR}/packages/daemon/bin/orbtd\\.js start --config /etc/orbt/orbt\\.yaml$`),
      );
      // systemd's own score of the sandbox, 0 (locked down) to 10 (none), in tenths.
      const security = await analyze(["security", "--offline=yes", "--threshold=25", await unitInCheckout()]);
      expect(security.code, security.stderr).toBe(0);
    });
  },
);

describe("the container image", () => {
  async function finalStage(): Promise<Instruction[]> {
    const dockerfile = DockerfileParser.parse(
      await readFile(join(PACKAGING, "container/Dockerfile"), "utf8"),
    );
    const instructions = dockerfile.getInstructions();
    const lastFrom = instructions.map((each) => each.getKeyword()).lastIndexOf("FROM");
    return instructions.slice(lastFrom);
  }

  const argumentsOf = (instruction: Instruction) => instruction.getArguments().map((arg) => arg.getValue());
  const jsonOf = (instruction: Instruction) =>
    (instruction as JSONInstruction).getJSONStrings().map((arg) => arg.getJSONValue());

  it("runs orbtd as a non-root user, with a health check on /healthz and no remote ADD", async () => {
    const dockerfile = DockerfileParser.parse(
      await readFile(join(PACKAGING, "container/Dockerfile"), "utf8"),
    );
    const adds = dockerfile.getInstructions().filter((each) => each.getKeyword() === "ADD");
    expect(adds.flatMap(argumentsOf).filter((source) => /^[a-z]+:\/\//i.test(source))).toEqual([]);
    const stage = await finalStage();
    const users = stage
      .filter((each) => each.getKeyword() === "USER")
      .map((each) => each.getArgumentsContent());
    expect(users.length).toBeGreaterThan(0);
    const [uid] = (users.at(-1) ?? "").split(":");
    expect(uid).toMatch(/^[1-9]\d*$/);
    const healthcheck = stage.find((each) => each.getKeyword() === "HEALTHCHECK");
    expect(healthcheck?.getArgumentsContent()).toContain("http://127.0.0.1:7070/healthz");
    const entrypoint = stage.find((each) => each.getKeyword() === "ENTRYPOINT");
    expect(entrypoint && jsonOf(entrypoint)).toEqual([`${INSTALL_DIR}/packages/daemon/bin/orbtd.js`]);
    const cmd = stage.find((each) => each.getKeyword() === "CMD");
    expect(cmd && jsonOf(cmd)).toEqual(["start", "--config", "/etc/orbt/orbt.yaml"]);
  });

  it("keeps the data directory of the config it ships on a volume, and listens where it exposes", async () => {
    const stage = await finalStage();
    const config = parseConfig(
      await readFile(join(PACKAGING, "container/orbt.yaml"), "utf8"),
      "/etc/orbt/orbt.yaml",
    );
    const copied = stage.filter((each) => each.getKeyword() === "COPY").map(argumentsOf);
    expect(copied).toContainEqual(["packaging/container/orbt.yaml", "/etc/orbt/orbt.yaml"]);
    const volumes = stage.filter((each) => each.getKeyword() === "VOLUME").flatMap(jsonOf);
    expect(volumes).toEqual([config.dataDir]);
    const exposed = stage.filter((each) => each.getKeyword() === "EXPOSE").flatMap(argumentsOf);
    expect(exposed).toEqual([String(config.listen.port)]);
    expect(config.listen.host).toBe("0.0.0.0");
  });
});

describe("the Kubernetes sidecar example", () => {
  type DeploymentInput = ConstructorParameters<typeof Deployment>[0];
  type ConfigMapInput = ConstructorParameters<typeof ConfigMap>[0];

  async function manifests(): Promise<Record<string, unknown>[]> {
    const text = await readFile(join(PACKAGING, "kubernetes/orbtd-sidecar.yaml"), "utf8");
    return parseAllDocuments(text).map((document) => document.toJS() as Record<string, unknown>);
  }

  it("validates against the Kubernetes schemas", async () => {
    const documents = await manifests();
    expect(documents.map((document) => document.kind)).toEqual(["ConfigMap", "Deployment"]);
    for (const document of documents) {
      const model =
        document.kind === "Deployment"
          ? new Deployment(document as DeploymentInput)
          : new ConfigMap(document as ConfigMapInput);
      expect(() => model.validate(), String(document.kind)).not.toThrow();
    }
    // A port written as a string, as YAML reads `"7070"`: the schema refuses it.
    const broken = new Deployment(structuredClone(documents[1]) as DeploymentInput);
    broken.spec?.template.spec?.containers.push({
      name: "quoted-port",
      ports: [{ containerPort: "7070" as unknown as number }],
    });
    expect(() => broken.validate()).toThrow(/containerPort must be integer/);
  });

  it("runs orbtd non-root on a read-only root, its data on a volume, probed on /healthz", async () => {
    const [configMapDocument, deploymentDocument] = await manifests();
    const configMap = new ConfigMap(configMapDocument as ConfigMapInput);
    const deployment = new Deployment(deploymentDocument as DeploymentInput);
    const config = parseConfig(configMap.data?.["orbt.yaml"] ?? "", "/etc/orbt/orbt.yaml");
    const pod = deployment.spec?.template.spec;
    const orbtd = pod?.containers.find((container) => container.name === "orbtd");
    expect(orbtd?.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    for (const probe of [orbtd?.livenessProbe, orbtd?.readinessProbe]) {
      expect(probe?.httpGet).toEqual({ path: "/healthz", port: config.listen.port });
    }
    const dataMount = orbtd?.volumeMounts?.find((mount) => mount.mountPath === config.dataDir);
    const dataVolume = pod?.volumes?.find((volume) => volume.name === dataMount?.name);
    expect(dataVolume?.emptyDir ?? dataVolume?.persistentVolumeClaim).toBeDefined();
    const configMount = orbtd?.volumeMounts?.find((mount) => mount.mountPath === "/etc/orbt");
    const configVolume = pod?.volumes?.find((volume) => volume.name === configMount?.name);
    expect(configVolume?.configMap?.name).toBe(configMap.metadata?.name);
    expect(orbtd?.args).toEqual(["start", "--config", "/etc/orbt/orbt.yaml"]);
  });
});
