/**
 * Everything the API answers with, as one port ({@link DashboardSources}) over PostgreSQL
 * (the dashboard role: reads, plus the acknowledgement columns of alerts) and the Kafka
 * admin reads. The app sees only this interface, so its
 * tests use a fake and the real one is wired once, in `main.ts`.
 */
import type { TopicsConfig } from "../../shared/config/mod.ts";
import type { Sql } from "../../shared/db/mod.ts";
import type { HealthCheck } from "../../shared/observability/mod.ts";
import { probeHealth } from "../../shared/service/health_probe.ts";
import {
  acknowledgeAlert,
  type Acknowledgement,
  type AckResult,
  type AlertFilter,
  type AlertRecord,
  listAlerts,
} from "./alert_queries.ts";
import type { KafkaReader } from "./kafka_reader.ts";
import { loadOverview, type Overview } from "./overview.ts";
import { type ConsumerGroups, loadPipelineView, type PipelineView } from "./pipeline_view.ts";
import {
  type AnomalyFilter,
  type AnomalyRecord,
  customerReadings,
  latestReading,
  listAnomalies,
  listRouted,
  ping,
  QUERY_LIMITS,
  type ReadingPoint,
  type RoutedFilter,
  type RoutedRecord,
  searchCustomers,
} from "./queries.ts";

/** One customer's chart and anomalies. */
export interface CustomerView {
  readonly customerId: string;
  readonly windowMinutes: number;
  readonly from: Date;
  readonly to: Date;
  /** The newest reading whenever it was (it may be older than the window). */
  readonly latest: ReadingPoint;
  /** Readings in the window, oldest first (the newest {@link QUERY_LIMITS.readings}). */
  readonly readings: ReadingPoint[];
  readonly readingsTruncated: boolean;
  /** Anomalies in the window, to mark on the chart, newest first. */
  readonly anomalies: AnomalyRecord[];
  /** The customer's latest anomalies, whenever they were (up to 20, 30 days back). */
  readonly recentAnomalies: AnomalyRecord[];
}

/** One page of the anomalies feed. */
export interface AnomalyPage {
  readonly anomalies: AnomalyRecord[];
  /** Pass as `before` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** Filters of the anomalies feed, as the API takes them. */
export type FeedFilter = Omit<AnomalyFilter, "from" | "now"> & { readonly minutes: number };

/** What the API reads. */
export interface DashboardSources {
  overview(minutes: number): Promise<Overview>;
  searchCustomers(prefix: string, limit: number): Promise<string[]>;
  /** Undefined when no reading of the customer is stored. */
  customer(customerId: string, minutes: number): Promise<CustomerView | undefined>;
  anomalies(filter: FeedFilter): Promise<AnomalyPage>;
  routed(filter: Omit<RoutedFilter, "group" | "from" | "now"> & { minutes: number }): Promise<
    RoutedRecord[]
  >;
  pipeline(): Promise<PipelineView>;
  /** Alerts newest first (`GET /api/alerts`). */
  alerts(filter: AlertFilter): Promise<AlertRecord[]>;
  /** Records an acknowledgement, now (`POST /api/alerts/{id}/ack`); the only write. */
  acknowledgeAlert(alertId: string, ack: Acknowledgement): Promise<AckResult>;
  /** Database and broker reachability, for `/healthz`. */
  health(): Promise<Record<string, HealthCheck>>;
}

/** What {@link createSources} wires. */
export interface SourcesDeps {
  readonly sql: Sql;
  readonly kafka: KafkaReader;
  readonly topics: TopicsConfig;
  readonly groups: ConsumerGroups;
  /** The clock (tests pin it). */
  readonly now?: () => Date;
}

/** The real sources. */
export function createSources(deps: SourcesDeps): DashboardSources {
  const now = deps.now ?? (() => new Date());
  const { sql } = deps;
  const minutesBefore = (time: Date, minutes: number) =>
    new Date(time.getTime() - minutes * 60_000);
  return {
    overview: (minutes) =>
      loadOverview(
        { sql, kafka: deps.kafka, rawTopic: deps.topics.raw, groups: deps.groups, now },
        minutes,
      ),
    searchCustomers: (prefix, limit) => searchCustomers(sql, prefix, limit),
    async customer(customerId, minutes) {
      const to = now();
      const from = minutesBefore(to, minutes);
      const limit = QUERY_LIMITS.readings;
      const [latest, readings, anomalies, recentAnomalies] = await Promise.all([
        latestReading(sql, customerId),
        customerReadings(sql, customerId, { from, now: to, limit: limit + 1 }),
        listAnomalies(sql, { customerId, from, now: to, limit: QUERY_LIMITS.rows }),
        listAnomalies(sql, {
          customerId,
          from: minutesBefore(to, QUERY_LIMITS.recentDays * 1440),
          now: to,
          limit: 20,
        }),
      ]);
      if (latest === undefined) return undefined;
      const truncated = readings.length > limit;
      return {
        customerId,
        windowMinutes: minutes,
        from,
        to,
        latest,
        readings: truncated ? readings.slice(readings.length - limit) : readings,
        readingsTruncated: truncated,
        anomalies,
        recentAnomalies,
      };
    },
    async anomalies({ minutes, ...filter }) {
      const to = now();
      const rows = await listAnomalies(sql, {
        ...filter,
        from: minutesBefore(to, minutes),
        now: to,
        limit: filter.limit + 1,
      });
      const page = rows.slice(0, filter.limit);
      return {
        anomalies: page,
        nextCursor: rows.length > filter.limit ? page[page.length - 1]!.cursor : null,
      };
    },
    routed: ({ minutes, ...filter }) => {
      const to = now();
      return listRouted(sql, {
        ...filter,
        group: deps.groups.writer,
        from: minutesBefore(to, minutes),
        now: to,
      });
    },
    pipeline: () =>
      loadPipelineView({ sql, kafka: deps.kafka, topics: deps.topics, groups: deps.groups, now }),
    alerts: (filter) => listAlerts(sql, filter),
    acknowledgeAlert: (alertId, ack) => acknowledgeAlert(sql, alertId, ack, now()),
    async health() {
      // The services' probe, for its time limits; the dashboard has no lag of its own.
      const { checks } = await probeHealth({
        pingDatabase: () => ping(sql),
        topicOffsets: () => deps.kafka.topicOffsets(deps.topics.raw),
        progress: () => Promise.resolve(new Map()),
        maxLag: Number.MAX_SAFE_INTEGER,
        timeoutMs: 3000,
      });
      return { database: checks.database, kafka: checks.kafka };
    },
  };
}
