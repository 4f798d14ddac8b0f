import assert from "node:assert/strict";
import { parsePsRss, watchRss } from "./rss.ts";

Deno.test("parsePsRss: pid and KiB per line, in bytes; junk skipped", () => {
  assert.deepEqual(
    parsePsRss("  123  2048\n4567 10\n\nnot a line\n89\n"),
    new Map([[123, 2048 * 1024], [4567, 10 * 1024]]),
  );
});

Deno.test("watchRss: keeps the largest sample of each name until stopped", async () => {
  const samples = [
    new Map([[1, 100], [2, 50]]),
    new Map([[1, 300], [2, 40]]),
    new Map([[2, 70]]), // process 1 has exited
  ];
  let call = 0;
  const watch = watchRss(1, () => Promise.resolve(samples[Math.min(call++, samples.length - 1)]!));
  watch.add("consumer", 1);
  watch.add("detector", 2);
  while (call < samples.length) await new Promise((resolve) => setTimeout(resolve, 2));
  assert.deepEqual(await watch.stop(), { consumer: 300, detector: 70 });
});
