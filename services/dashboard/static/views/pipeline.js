// The pipeline: topics with their partitions and offsets, both consumer groups' lag per
// partition (against the checkpoints in PostgreSQL), and recent invalid/DLQ records with
// their reasons. Refreshed every 5 s.
import { getJson } from "../api.js";
import { poll } from "../poll.js";
import {
  customerLink,
  formatDateTime,
  formatNumber,
  h,
  panel,
  replaceChildren,
  select,
  table,
} from "../dom.js";

const DESTINATIONS = [["", "invalid and DLQ"], ["invalid", "invalid"], ["dlq", "DLQ"]];

function topicsPanel(topics) {
  return panel(
    "Topics",
    "topics",
    table(
      [
        { label: "topic", cell: (t) => t.name },
        { label: "role", cell: (t) => t.role },
        {
          label: "partitions",
          cell: (t) => (t.exists ? String(t.partitions.length) : "missing"),
          class: "num",
        },
        { label: "records kept", cell: (t) => formatNumber(t.records), class: "num" },
        {
          label: "end offsets",
          cell: (t) =>
            h(
              "details",
              {},
              h("summary", {}, formatNumber(t.partitions.reduce((sum, p) => sum + p.endOffset, 0))),
              table([
                { label: "partition", cell: (p) => String(p.partition), class: "num" },
                { label: "log start", cell: (p) => formatNumber(p.logStart), class: "num" },
                { label: "end", cell: (p) => formatNumber(p.endOffset), class: "num" },
              ], t.partitions),
            ),
        },
      ],
      topics,
      { testid: "topics-table" },
    ),
  );
}

function groupPanel(group) {
  return panel(
    `Group ${group.group} (${group.role}) — lag ${formatNumber(group.totalLag)}`,
    `group-${group.role}`,
    table(
      [
        { label: "partition", cell: (p) => String(p.partition), class: "num" },
        { label: "end offset", cell: (p) => formatNumber(p.endOffset), class: "num" },
        { label: "checkpoint (PostgreSQL)", cell: (p) => formatNumber(p.checkpoint), class: "num" },
        { label: "lag", cell: (p) => formatNumber(p.lag), class: "num" },
        { label: "Kafka commit (hint)", cell: (p) => formatNumber(p.kafkaCommitted), class: "num" },
        {
          label: "checkpoint moved",
          cell: (p) => (p.checkpointUpdatedAt ? formatDateTime(p.checkpointUpdatedAt) : "–"),
        },
      ],
      group.partitions,
      { empty: "The topic has no partitions (missing?).", testid: `lag-${group.role}` },
    ),
  );
}

function routedPanel(routed) {
  const counts = ["invalid", "dlq"].map((destination) => ({
    destination,
    ...(routed.counts.find((c) => c.destination === destination) ??
      { lastMinute: 0, lastFiveMinutes: 0, lastHour: 0 }),
  }));
  return panel(
    "Invalid and dead-lettered records",
    "routed-counts",
    table(
      [
        { label: "destination", cell: (c) => c.destination },
        { label: "last minute", cell: (c) => formatNumber(c.lastMinute), class: "num" },
        { label: "last 5 min", cell: (c) => formatNumber(c.lastFiveMinutes), class: "num" },
        { label: "last hour", cell: (c) => formatNumber(c.lastHour), class: "num" },
      ],
      counts,
      { testid: "routed-counts-table" },
    ),
    h("h3", {}, "Reasons, last hour"),
    table(
      [
        { label: "destination", cell: (r) => r.destination },
        { label: "reason", cell: (r) => h("code", {}, r.reasonCode) },
        { label: "records", cell: (r) => formatNumber(r.count), class: "num" },
      ],
      routed.reasonsLastHour,
      { empty: "None in the last hour.", testid: "routed-reasons-table" },
    ),
  );
}

function recordsTable(records) {
  return table(
    [
      { label: "routed", cell: (r) => formatDateTime(r.routedAt) },
      { label: "to", cell: (r) => r.destination },
      { label: "reason", cell: (r) => h("code", {}, r.reasonCode) },
      { label: "message", cell: (r) => r.message, class: "message" },
      { label: "customer", cell: (r) => (r.customerId ? customerLink(r.customerId) : "–") },
      { label: "source", cell: (r) => `${r.sourceTopic}/${r.sourcePartition}@${r.sourceOffset}` },
      { label: "attempts", cell: (r) => String(r.attempts), class: "num" },
    ],
    records,
    {
      empty: "No invalid or dead-lettered records in the last hour.",
      testid: "routed-records-table",
    },
  );
}

/** Mounts the view; returns the function that unmounts it. */
export function mountPipeline(root, params, context) {
  const destination = params.get("destination") ?? "";
  const overview = h("div");
  const records = h("div");
  const problem = h("div");
  const updated = h("span", { class: "muted" }, "loading…");
  replaceChildren(
    root,
    h("div", { class: "toolbar" }, h("h2", {}, "Pipeline"), updated),
    problem,
    overview,
    panel(
      "Recent invalid / DLQ records",
      "routed-records",
      h(
        "div",
        { class: "filters" },
        select(
          "destination",
          DESTINATIONS,
          destination,
          (value) => context.navigate(value ? `#/pipeline?destination=${value}` : "#/pipeline"),
        ),
      ),
      records,
    ),
  );
  const refresh = poll({
    problem,
    context,
    load: async (signal) => {
      const [view, routed] = await Promise.all([
        getJson("/api/pipeline", {}, signal),
        getJson("/api/routed", { destination, limit: 50 }, signal),
      ]);
      updated.textContent = `updated ${formatDateTime(view.generatedAt)}`;
      replaceChildren(
        overview,
        topicsPanel(view.topics),
        view.groups.map(groupPanel),
        routedPanel(view.routed),
      );
      replaceChildren(records, recordsTable(routed.records));
    },
  });
  return refresh.stop;
}
