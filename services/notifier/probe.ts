/**
 * The notifier's broker probe, for /healthz (`kafka`: the broker answers) and /readyz
 * (`lag`: transitions on the alerts topic past the group's committed offsets, at most
 * HEALTH_MAX_LAG). The notifier has no database: Kafka's committed offsets are its
 * progress. Each probe has a time limit; a probe that fails is a failed check, never a crash.
 */
import type { HealthCheck } from "../../shared/observability/mod.ts";
import { type PartitionOffsets, totalLag } from "../../shared/service/health_probe.ts";

/** Where the probe looks. */
export interface KafkaProbeDeps {
  /** The topic's partitions with their first and end offsets. */
  readonly topicOffsets: () => Promise<readonly PartitionOffsets[]>;
  /** The group's committed next offset per partition (absent: nothing committed). */
  readonly committed: () => Promise<ReadonlyMap<number, bigint>>;
  readonly maxLag: number;
  readonly timeoutMs: number;
}

/** The checks, and the lag when it could be computed. */
export interface KafkaProbeReport {
  readonly kafka: HealthCheck;
  readonly lag: HealthCheck;
  readonly lagValue?: number;
}

/** Probes the broker once. */
export async function probeKafka(deps: KafkaProbeDeps): Promise<KafkaProbeReport> {
  try {
    const [offsets, committed] = await within(
      Promise.all([deps.topicOffsets(), deps.committed()]),
      deps.timeoutMs,
    );
    const lag = totalLag(offsets, committed);
    return {
      kafka: { ok: true, detail: "" },
      lag: {
        ok: lag <= deps.maxLag,
        detail: `${lag} alert transitions not settled yet (HEALTH_MAX_LAG=${deps.maxLag})`,
      },
      lagValue: lag,
    };
  } catch (error) {
    const detail = String((error as Error)?.message ?? error);
    return { kafka: { ok: false, detail }, lag: { ok: false, detail: `unknown: ${detail}` } };
  }
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the broker did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Probes now and every `intervalMs` (never two at once); returns a function that stops it. */
export function startProbing(
  intervalMs: number,
  deps: KafkaProbeDeps,
  onReport: (report: KafkaProbeReport) => void,
): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      onReport(await probeKafka(deps));
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  return () => clearInterval(timer);
}
