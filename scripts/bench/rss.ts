/**
 * Peak resident memory of the services while a step runs. Deno refuses reads of /proc
 * without --allow-all, so the figures come from `ps -o pid=,rss=` (one call for every
 * watched process, a few times a second). `ps` reports KiB; everything here is bytes.
 */
import type { PeakRss } from "./results.ts";

/** Reads `ps -o pid=,rss=` output: pid → resident bytes. Lines it cannot read are skipped. */
export function parsePsRss(text: string): Map<number, number> {
  const rss = new Map<number, number>();
  for (const line of text.split("\n")) {
    const [pid, kib] = line.trim().split(/\s+/).map(Number);
    if (Number.isInteger(pid) && Number.isFinite(kib) && kib! > 0) rss.set(pid!, kib! * 1024);
  }
  return rss;
}

/** Resident bytes of each of `pids` still running (one `ps` call). */
export async function readRss(pids: readonly number[]): Promise<Map<number, number>> {
  if (pids.length === 0) return new Map();
  const { stdout } = await new Deno.Command("ps", {
    args: ["-o", "pid=,rss=", "-p", pids.join(",")],
    stdout: "piped",
    stderr: "null",
  }).output(); // exits 1 when none of them runs any more: that is an empty sample, not an error
  return parsePsRss(new TextDecoder().decode(stdout));
}

/** A running watch over some processes. */
export interface RssWatch {
  /** Watches one more process under `name` (a later process of the same name adds to it). */
  add(name: string, pid: number): void;
  /** Stops sampling (after one last sample) and returns the peak of each name. */
  stop(): Promise<PeakRss>;
}

/**
 * Samples every `intervalMs` (default 250 ms) until stopped; the peak of a name is the
 * largest sample of any of its processes. `read` is the `ps` call (a fake in tests).
 */
export function watchRss(
  intervalMs = 250,
  read: (pids: readonly number[]) => Promise<Map<number, number>> = readRss,
): RssWatch {
  const names = new Map<number, string>();
  const peaks: Record<string, number> = {};
  let running = true;
  const sample = async () => {
    const rss = await read([...names.keys()]);
    for (const [pid, bytes] of rss) {
      const name = names.get(pid);
      if (name !== undefined) peaks[name] = Math.max(peaks[name] ?? 0, bytes);
    }
  };
  const loop = (async () => {
    while (running) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    add(name, pid) {
      names.set(pid, name);
      peaks[name] ??= 0;
    },
    async stop() {
      running = false;
      await loop;
      await sample();
      return { ...peaks };
    },
  };
}

/**
 * Runs `body` with a fresh watch (it adds the processes it starts; samples every
 * `intervalMs`, default 250 ms) and returns its result with the peaks; the watch stops
 * however `body` ends.
 */
export async function withRssWatch<T>(
  body: (watch: RssWatch) => Promise<T>,
  intervalMs?: number,
): Promise<[T, PeakRss]> {
  const watch = watchRss(intervalMs);
  let result: T;
  try {
    result = await body(watch);
  } catch (error) {
    await watch.stop();
    throw error;
  }
  return [result, await watch.stop()];
}
