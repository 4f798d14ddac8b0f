/**
 * Reads provisioned Grafana dashboards the way a test needs them: every panel (rows
 * flattened, collapsed rows included), every query target with the data source it runs
 * on, and each panel's time range as Grafana resolves it (the dashboard's range, or the
 * panel's relative-time override such as `timeFrom: "5m"`). Only what the dashboards use
 * is supported; anything else throws, so a new construct cannot be skipped silently.
 */
import { parseInterval, type TimeRange } from "./grafana_macros.ts";

/** A data source reference as the dashboard JSON holds it. */
export interface DatasourceRef {
  readonly type?: string;
  readonly uid?: string;
}

/** One query of a panel (SQL: rawSql + format; Prometheus: expr + legendFormat). */
export interface PanelTarget {
  readonly refId: string;
  readonly datasource?: DatasourceRef;
  readonly rawSql?: string;
  readonly rawQuery?: boolean;
  readonly editorMode?: string;
  readonly format?: string;
  readonly expr?: string;
  readonly legendFormat?: string;
}

/** A field override; `byName` matchers name a column or series. */
export interface FieldOverride {
  readonly matcher: { readonly id: string; readonly options?: unknown };
}

/** A panel, or a row holding panels. */
export interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: DatasourceRef;
  readonly targets?: PanelTarget[];
  readonly timeFrom?: string;
  readonly timeShift?: string;
  readonly interval?: string;
  readonly maxDataPoints?: number;
  readonly fieldConfig?: { readonly overrides?: FieldOverride[] };
  readonly panels?: Panel[];
}

/** The parts of a dashboard the tests read. */
export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly refresh: string;
  readonly schemaVersion: number;
  readonly time: { readonly from: string; readonly to: string };
  readonly templating?: { readonly list: unknown[] };
  readonly panels: Panel[];
}

/** A target with its panel and the data source it resolves to. */
export interface ResolvedTarget {
  readonly panel: Panel;
  readonly target: PanelTarget;
  readonly datasource: Required<DatasourceRef>;
}

/** Every `*.json` dashboard in `dir`, by file name. */
export async function loadDashboards(dir: string): Promise<Map<string, Dashboard>> {
  const dashboards = new Map<string, Dashboard>();
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".json")) continue;
    dashboards.set(entry.name, JSON.parse(await Deno.readTextFile(`${dir}/${entry.name}`)));
  }
  return new Map([...dashboards].sort(([a], [b]) => a.localeCompare(b)));
}

/** The dashboard's panels without the rows, in order; a row's own panels are included. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => p.type === "row" ? (p.panels ?? []) : [p]);
}

/** Every target of every panel, each with the data source it runs on. */
export function targetsOf(dashboard: Dashboard): ResolvedTarget[] {
  return panelsOf(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => {
      const ref = target.datasource ?? panel.datasource;
      if (!ref?.uid || !ref.type) {
        throw new Error(
          `Panel "${panel.title}" target ${target.refId} names no data source uid and type: ` +
            "set them explicitly, the default data source differs between installations",
        );
      }
      return { panel, target, datasource: { uid: ref.uid, type: ref.type } };
    })
  );
}

/**
 * The range `panel` queries at `now`: the dashboard's, or `now-<timeFrom>`..now when the
 * panel overrides it. A time shift is not supported (it throws).
 */
export function panelRange(dashboard: Dashboard, panel: Panel, now: Date): TimeRange {
  if (panel.timeShift) {
    throw new Error(`Panel "${panel.title}": timeShift is not supported by the dashboard test`);
  }
  if (panel.timeFrom) {
    return { from: new Date(now.getTime() - parseInterval(panel.timeFrom)), to: now };
  }
  return {
    from: resolveRelativeTime(dashboard.time.from, now),
    to: resolveRelativeTime(dashboard.time.to, now),
  };
}

/** `now` or `now-<interval>` (e.g. `now-1h`) at `now`; other forms throw. */
export function resolveRelativeTime(expression: string, now: Date): Date {
  if (expression === "now") return now;
  const match = /^now-(.+)$/.exec(expression);
  if (!match) {
    throw new Error(`Cannot resolve the time "${expression}": only now and now-<n><unit>`);
  }
  return new Date(now.getTime() - parseInterval(match[1]!));
}

/**
 * The `$__interval` Grafana would give `panel` for `range`: the range over the panel's
 * data points (its `maxDataPoints`, else about 1,000 pixels), at least the panel's min
 * interval. Grafana then rounds it to a "nice" step; that only changes bucket widths.
 */
export function panelIntervalMs(panel: Panel, range: TimeRange): number {
  const points = panel.maxDataPoints ?? 1000;
  const spread = Math.max(1, Math.round((range.to.getTime() - range.from.getTime()) / points));
  return Math.max(spread, panel.interval ? parseInterval(panel.interval) : 0);
}

/** The column or series names a panel's `byName` field overrides refer to. */
export function overrideNames(panel: Panel): string[] {
  return (panel.fieldConfig?.overrides ?? [])
    .filter((o) => o.matcher.id === "byName")
    .map((o) => String(o.matcher.options));
}

/**
 * The data sources a provisioning file declares (`uid`, `type`, `name` of each list item):
 * a line scanner for the flat YAML Grafana's provisioning uses, not a YAML parser.
 */
export function provisionedDatasources(
  yaml: string,
): { name?: string; uid?: string; type?: string }[] {
  const found: Record<string, string>[] = [];
  for (const line of yaml.split("\n")) {
    const item = /^ {2}- name:\s*(.+)$/.exec(line);
    if (item) found.push({ name: item[1]!.trim() });
    const field = /^ {4}(uid|type):\s*(\S+)\s*$/.exec(line);
    if (field && found.length > 0) found[found.length - 1]![field[1]!] = field[2]!;
  }
  return found;
}
