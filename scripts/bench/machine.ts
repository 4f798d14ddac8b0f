/**
 * The machine a run measured: CPU model and cores (`lscpu`), RAM, OS and kernel, and the
 * versions of Deno, Kafka, Java and the PostgreSQL server. Unknown parts read "unknown"
 * rather than failing the run.
 */
import type { InfraConfig } from "../../shared/config/mod.ts";
import type { Sql } from "../../shared/db/mod.ts";
import { run } from "../infra/process.ts";
import type { MachineInfo } from "./results.ts";

/** Describes this machine and the stack's versions. */
export async function describeMachine(sql: Sql, infra: InfraConfig): Promise<MachineInfo> {
  const [lscpu, java, osRelease, server] = await Promise.all([
    run("lscpu", []),
    run("java", ["-version"]),
    Deno.readTextFile("/etc/os-release").catch(() => ""),
    sql<{ version: string }[]>`select current_setting('server_version') as version`,
  ]);
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*(.+)$`, "m").exec(lscpu.stdout)?.[1]?.trim() ?? null;
  return {
    cpu: field("Model name") ?? "unknown",
    cores: Number(field("CPU\\(s\\)")) || navigator.hardwareConcurrency,
    ramBytes: Deno.systemMemoryInfo().total,
    os: /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? Deno.build.os,
    kernel: Deno.osRelease(),
    virtualization: field("Hypervisor vendor"),
    deno: Deno.version.deno,
    kafka: infra.kafkaVersion,
    postgres: server[0]?.version ?? "unknown",
    java: java.stderr.split("\n")[0]?.replaceAll('"', "").trim() || "unknown",
  };
}
