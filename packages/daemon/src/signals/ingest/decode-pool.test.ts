import { readdirSync, readFileSync } from "node:fs";
import { compress } from "snappyjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { otlpProto } from "../otlp/otlp-proto.js";
import { WriteRequestType } from "../remote-write/remote-write-proto.js";
import { DecodePool } from "./decode-pool.js";
import { DECODE_TASKS, type DecodeKind } from "./decode-tasks.js";
import { DEFAULT_INGEST_LIMITS } from "./ingest-limits.js";

const LIMITS = { maxBodyBytes: DEFAULT_INGEST_LIMITS.maxBodyBytes, maxDecodedBytes: 1024 * 1024 };
const HEADERS = { contentType: "application/x-protobuf", contentEncoding: "snappy" };

function remoteWriteBody(): Uint8Array {
  const timeseries = Array.from({ length: 50 }, (_, index) => ({
    labels: [
      { name: "__name__", value: `metric_${index % 5}` },
      { name: "job", value: "api" },
      { name: "pod", value: `pod-${index}` },
    ],
    samples: [
      { timestamp: 1_700_000_000_000 + index, value: index * 1.5 },
      { timestamp: 1_700_000_001_000 + index, value: -index },
    ],
  }));
  return compress(WriteRequestType.encode(WriteRequestType.fromObject({ timeseries })).finish());
}

/** The nice value of each thread of this process, by thread id (Linux's /proc). */
function threadNiceness(): Map<string, number> {
  const niceness = new Map<string, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    // Fields after the command's closing parenthesis, from the third (state) on: nice is the 19th.
    niceness.set(tid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
  }
  return niceness;
}

function otlpMetricsBody(): Uint8Array {
  const dataPoints = Array.from({ length: 20 }, (_, index) => ({
    attributes: [{ key: "cpu", value: { stringValue: String(index) } }],
    timeUnixNano: 1_700_000_000_000_000_000n.toString(),
    asDouble: index / 3,
  }));
  const message = otlpProto.ExportMetricsServiceRequest.fromObject({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "api" } }] },
        scopeMetrics: [
          { scope: { name: "test" }, metrics: [{ name: "load", unit: "1", gauge: { dataPoints } }] },
        ],
      },
    ],
  });
  return otlpProto.ExportMetricsServiceRequest.encode(message).finish();
}

const pools: DecodePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function pool(size = 1, workerUrl?: URL): DecodePool {
  const created = new DecodePool(size, workerUrl === undefined ? {} : { workerUrl });
  pools.push(created);
  return created;
}

describe("DecodePool", () => {
  it("decodes a remote_write body on a thread into the same series and samples as on the event loop", async () => {
    const body = remoteWriteBody();
    const inline = DECODE_TASKS.remote_write({ body: body.slice(), headers: HEADERS, limits: LIMITS });
    const threaded = await pool().decode("remote_write", {
      body: body.slice(),
      headers: HEADERS,
      limits: LIMITS,
    });
    expect(inline.ok && threaded.ok).toBe(true);
    if (!inline.ok || !threaded.ok) return;
    expect(threaded.value.seriesCount).toBe(50);
    expect(threaded.value.sampleCount).toBe(100);
    expect(Array.from(threaded.value.bytes)).toEqual(Array.from(inline.value.bytes));
    expect(Array.from(threaded.value.series)).toEqual(Array.from(inline.value.series));
    const samples = (parts: typeof inline.value) => ({
      timestampsMs: Array.from(parts.timestampsMs.subarray(0, parts.sampleCount)),
      values: Array.from(parts.values.subarray(0, parts.sampleCount)),
    });
    expect(samples(threaded.value)).toEqual(samples(inline.value));
  });

  it("translates an OTLP metrics body on a thread into the same samples and answer as on the event loop", async () => {
    const request = {
      body: otlpMetricsBody(),
      contentType: "application/x-protobuf",
      contentEncoding: undefined,
    };
    const options = { limits: LIMITS, receivedAtMs: 1_700_000_000_000 };
    const inline = DECODE_TASKS.otlp_metrics({
      request: { ...request, body: request.body.slice() },
      options,
    });
    const threaded = await pool().decode("otlp_metrics", { request, options });
    expect(threaded.samples.seriesHashes).toHaveLength(20);
    expect(threaded.samples.keyUnits).toBeInstanceOf(Uint16Array);
    expect(threaded.samples.timestampsMs).toBeInstanceOf(Float64Array);
    const asData = (received: typeof inline) => ({
      ...received,
      response: { ...received.response, body: Array.from(received.response.body) },
    });
    expect(asData(threaded)).toEqual(asData(inline));
  });

  it.runIf(process.platform === "linux")(
    "runs its threads at a lower priority than the event loop's, so that checks go first",
    async () => {
      const before = threadNiceness();
      const decoder = pool();
      await decoder.decode("remote_write", { body: remoteWriteBody(), headers: HEADERS, limits: LIMITS });
      const started = [...threadNiceness()].filter(([tid]) => !before.has(tid));
      const loopNiceness = threadNiceness().get(String(process.pid))!;
      expect(started.map(([, nice]) => nice)).toContain(loopNiceness + 10);
    },
  );

  it("gives a bad body's error as a result, as on the event loop", async () => {
    const decoder = pool();
    // Each decode gets its own copy: a body posted to a thread is transferred, not copied.
    const badSnappy = () => new Uint8Array([0x10, 0xff, 0xff, 0xff]);
    const threaded = await decoder.decode("remote_write", {
      body: badSnappy(),
      headers: HEADERS,
      limits: LIMITS,
    });
    expect(threaded).toEqual(
      DECODE_TASKS.remote_write({ body: badSnappy(), headers: HEADERS, limits: LIMITS }),
    );
    expect(threaded).toMatchObject({ ok: false, error: { code: "malformed_body" } });
    const tooLarge = await decoder.decode("remote_write", {
      body: compress(new Uint8Array(2 * 1024 * 1024)),
      headers: HEADERS,
      limits: LIMITS,
    });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: "body_too_large" } });
    const garbage = await decoder.decode("otlp_metrics", {
      request: {
        body: new Uint8Array([0x0a, 0xff]),
        contentType: "application/x-protobuf",
        contentEncoding: undefined,
      },
      options: { limits: LIMITS, receivedAtMs: 0 },
    });
    expect(garbage.response.status).toBe(400);
  });

  it("rejects the tasks of a thread that failed, and starts another for the next task", async () => {
    const decoder = pool(1, new URL("../../../test/fixtures/exiting-decode-worker.mjs", import.meta.url));
    const task = { body: new Uint8Array(0), headers: HEADERS, limits: LIMITS };
    await expect(decoder.decode("exit" as DecodeKind, task as never)).rejects.toThrow(/exited with code 3/);
    await expect(decoder.decode("remote_write", task)).resolves.toBe("decoded");
  });

  it("rejects a task the decoding threw on, and keeps the thread", async () => {
    const decoder = pool();
    await expect(decoder.decode("no_such_kind" as DecodeKind, {} as never)).rejects.toThrow(/decode thread:/);
    const body = remoteWriteBody();
    await expect(
      decoder.decode("remote_write", { body, headers: HEADERS, limits: LIMITS }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });

  it("gives each task to a thread with room, oldest first, so that a long task holds up at most one other", async () => {
    const decoder = pool(2, new URL("../../../test/fixtures/gated-decode-worker.mjs", import.meta.url));
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const decode = (kind: string, task: object = {}) => decoder.decode(kind as DecodeKind, task as never);
    const long = decode("gated", { gate });
    const queued = Array.from({ length: 6 }, (_, index) => decode(`quick-${index}`));
    const answered: string[] = [];
    for (const task of queued) void task.then((kind) => answered.push(kind as unknown as string));
    // One quick task went to the long task's thread before the other thread was free; the rest wait for room
    // on a free thread, in order, and are all answered while the long task still runs.
    await vi.waitFor(() => expect(answered).toHaveLength(5));
    expect(answered).toEqual(["quick-0", "quick-2", "quick-3", "quick-4", "quick-5"]);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await expect(long).resolves.toBe("gated");
    await expect(queued[1]).resolves.toBe("quick-1");
  });

  it("fails the tasks still waiting for a thread when closed", async () => {
    const decoder = pool(1, new URL("../../../test/fixtures/gated-decode-worker.mjs", import.meta.url));
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const long = decoder.decode("gated" as DecodeKind, { gate } as never);
    const inFlight = decoder.decode("quick" as DecodeKind, {} as never);
    const waiting = decoder.decode("quick" as DecodeKind, {} as never);
    const outcomes = Promise.allSettled([waiting, long, inFlight]);
    await decoder.close();
    const [queued, ...posted] = await outcomes;
    expect(queued).toMatchObject({
      status: "rejected",
      reason: { message: expect.stringMatching(/closed/) },
    });
    for (const outcome of posted) {
      expect(outcome).toMatchObject({
        status: "rejected",
        reason: { message: expect.stringMatching(/exited/) },
      });
    }
  });

  it("spreads tasks over its threads and refuses tasks once closed", async () => {
    const decoder = pool(2);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        decoder.decode("remote_write", { body: remoteWriteBody(), headers: HEADERS, limits: LIMITS }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    await decoder.close();
    await expect(
      decoder.decode("remote_write", { body: remoteWriteBody(), headers: HEADERS, limits: LIMITS }),
    ).rejects.toThrow(/closed/);
  });
});
