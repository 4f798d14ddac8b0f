import assert from "node:assert/strict";
import {
  createPlanner,
  type Decision,
  noSkips,
  type RedriveFilter,
  type RoutedMessage,
} from "./plan.ts";
import { reading, ROUTED_AT_MS, routedInvalid } from "./_test_support.ts";
import type { InvalidReasonCode } from "../../shared/contract/mod.ts";

const HOUR = 3_600_000;
const everything: RedriveFilter = { reasons: new Set(), customers: new Set() };
const bytes = (text: string) => new TextEncoder().encode(text);

let nextOffset = 0n;
/** A routed message for a reading of `customer`, routed `hoursAgo` before ROUTED_AT_MS. */
function message(
  customer: string,
  reason: InvalidReasonCode = "HEART_RATE_OUT_OF_RANGE",
  hoursAgo = 0,
  sourceOffset = nextOffset++,
): RoutedMessage {
  const routedAtMs = ROUTED_AT_MS - hoursAgo * HOUR;
  const routed = routedInvalid(reading(customer), reason, { offset: sourceOffset, routedAtMs });
  return {
    partition: 0,
    offset: nextOffset++,
    timestampMs: routedAtMs,
    value: bytes(routed.value),
  };
}

const kinds = (decisions: Decision[]) =>
  decisions.map((d) => d.kind === "skipped" ? d.reason : d.kind);

Deno.test("redrive plan: --since is inclusive, --until exclusive, on the routed message's timestamp", () => {
  const planner = createPlanner("invalid", {
    ...everything,
    sinceMs: ROUTED_AT_MS - 2 * HOUR,
    untilMs: ROUTED_AT_MS,
  });
  const decisions = [3, 2, 1, 0].map((hoursAgo) =>
    planner.decide(message("c1", undefined, hoursAgo))
  );
  assert.deepEqual(kinds(decisions), ["unmatched", "selected", "selected", "unmatched"]);
});

Deno.test("redrive plan: reasons and customers select, each set as an any-of", () => {
  const planner = createPlanner("invalid", {
    ...everything,
    reasons: new Set(["HEART_RATE_OUT_OF_RANGE", "WRONG_TYPE"]),
    customers: new Set(["c1", "c2"]),
  });
  const decisions = [
    message("c1"),
    message("c2", "WRONG_TYPE"),
    message("c1", "INVALID_JSON"),
    message("c3"),
  ].map(planner.decide);
  assert.deepEqual(kinds(decisions), ["selected", "selected", "unmatched", "unmatched"]);
  assert.deepEqual(planner.counts(), {
    scanned: 4,
    unreadable: 0,
    matched: 2,
    selected: 2,
    skipped: noSkips(),
  });
});

Deno.test("redrive plan: a second routed copy of one source record is skipped as DUPLICATE", () => {
  const planner = createPlanner("invalid", everything);
  const first = message("c1", undefined, 0, 99n);
  const decisions = [first, { ...first, offset: first.offset + 1n }].map(planner.decide);
  assert.deepEqual(kinds(decisions), ["selected", "DUPLICATE"]);
});

Deno.test("redrive plan: --limit caps what is republished; the rest matches and is skipped as OVER_LIMIT", () => {
  const planner = createPlanner("invalid", { ...everything, limit: 2 });
  const decisions = ["c1", "c2", "c3"].map((c) => planner.decide(message(c)));
  assert.deepEqual(kinds(decisions), ["selected", "selected", "OVER_LIMIT"]);
  assert.equal(planner.counts().matched, 3);
});

Deno.test("redrive plan: a truncated original is skipped even when it matches; unreadable messages are counted apart", () => {
  const planner = createPlanner("invalid", everything);
  const huge = routedInvalid(
    { key: bytes("c1"), value: new Uint8Array(70_000).fill(0x20) },
    "PAYLOAD_TOO_LARGE",
    { offset: 5000n },
  );
  const decisions = [
    { partition: 1, offset: 0n, timestampMs: ROUTED_AT_MS, value: bytes(huge.value) },
    { partition: 1, offset: 1n, timestampMs: ROUTED_AT_MS, value: bytes("garbage") },
  ].map(planner.decide);
  assert.deepEqual(kinds(decisions), ["VALUE_TRUNCATED", "unreadable"]);
  const counts = planner.counts();
  assert.deepEqual([counts.scanned, counts.unreadable, counts.matched, counts.selected], [
    2,
    1,
    1,
    0,
  ]);
});

Deno.test("redrive plan: every message ends in exactly one place (counts add up), whatever the mix", () => {
  const reasons: InvalidReasonCode[] = ["HEART_RATE_OUT_OF_RANGE", "WRONG_TYPE", "INVALID_JSON"];
  for (let seed = 1; seed <= 20; seed++) {
    const planner = createPlanner("invalid", {
      sinceMs: ROUTED_AT_MS - 3 * HOUR,
      reasons: new Set(reasons.slice(0, 1 + (seed % 3))),
      customers: new Set(seed % 2 ? [] : ["c1"]),
      limit: seed % 4 ? undefined : 3,
    });
    const tally = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const pick = (seed * 31 + i * 17) % 97;
      const routed = pick % 11 === 0
        ? { partition: 0, offset: BigInt(i), timestampMs: ROUTED_AT_MS, value: bytes("x") }
        : message(`c${pick % 3}`, reasons[pick % 3], pick % 5, BigInt(pick % 23));
      const decision = planner.decide(routed);
      const place = decision.kind === "skipped" ? "skipped" : decision.kind;
      tally.set(place, (tally.get(place) ?? 0) + 1);
    }
    const c = planner.counts();
    const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
    assert.equal(c.scanned, 40);
    assert.equal(c.scanned, c.unreadable + (tally.get("unmatched") ?? 0) + c.matched);
    assert.equal(c.matched, c.selected + skipped, `seed ${seed}`);
    assert.equal(c.selected, tally.get("selected") ?? 0);
    if (seed % 4 === 0) assert.ok(c.selected <= 3);
  }
});
