-- 0005: the alert layer (issue #8). Stateful alerts per (customer, rule) move
-- pending -> firing -> resolved (shared/alerts/types.ts); the detector writes each move as an
-- alert_transitions row, the alert's current state as its alerts row and the engine's state
-- into detector_state, together with its checkpoint in one transaction, and publishes the
-- same move on alerts.v1 (shared/contract/alert_event.ts). Alert ids are deterministic
-- (UUIDv5 of customer, rule and opened_at) and (alert_id, seq) is the transitions' key, so
-- reprocessing after a crash is a no-op here (insert ... on conflict do nothing).
--
-- Retention: alerts are small (one row per episode, a few transition rows each). Resolved
-- alerts whose resolved_at is older than ANOMALY_RETENTION_DAYS are deleted, transitions
-- with them, by the maintainer through alerts_delete_resolved() (a SECURITY DEFINER
-- function, like the partition functions of 0004: the maintainer role deletes nothing
-- directly). Open alerts are never deleted.

create table alerts (
  alert_id        uuid             primary key,
  customer_id     text             not null,
  rule            text             not null check (rule in ('EXTREME_LOW', 'EXTREME_HIGH', 'LOW',
                                     'HIGH', 'SPIKE', 'NO_DATA', 'IRREGULAR_RHYTHM', 'BASELINE_SHIFT')),
  priority        text             not null check (priority in ('low', 'medium', 'high', 'critical')),
  status          text             not null check (status in ('pending', 'firing', 'resolved')),
  flapping        boolean          not null default false,
  opened_at       timestamptz      not null,
  fired_at        timestamptz,
  resolved_at     timestamptz,
  last_seq        integer          not null check (last_seq >= 1),
  value           double precision,
  threshold       double precision,
  reason          text             not null,
  updated_at      timestamptz      not null default now(),
  acknowledged_by text             check (char_length(acknowledged_by) between 1 and 100),
  acknowledged_at timestamptz,
  ack_note        text             check (char_length(ack_note) <= 1000),
  constraint ck_alerts_resolved_at check ((status = 'resolved') = (resolved_at is not null)),
  constraint ck_alerts_fired_at check (status <> 'firing' or fired_at is not null),
  constraint ck_alerts_acknowledged check (
    (acknowledged_by is null) = (acknowledged_at is null)
    and (ack_note is null or acknowledged_by is not null))
);
-- At most one open alert per (customer, rule): a second opening of the same rule while one
-- is pending or firing is a bug the database refuses (unique_violation).
create unique index uq_alerts_open_customer_rule on alerts (customer_id, rule)
  where status <> 'resolved';
create index idx_alerts_open_time on alerts (opened_at desc, alert_id desc)
  where status <> 'resolved';
create index idx_alerts_time on alerts (opened_at desc, alert_id desc);
create index idx_alerts_customer_time on alerts (customer_id, opened_at desc);
create index idx_alerts_resolved_at on alerts (resolved_at) where status = 'resolved';

comment on table alerts is
  'One row per alert (an episode of one rule for one customer) in its current state, written by the detector with its transitions and checkpoint in one transaction; acknowledged through the dashboard.';
comment on column alerts.alert_id is 'Deterministic: UUIDv5 of (customer_id, rule, opened_at), so reprocessing the same readings yields the same id.';
comment on column alerts.customer_id is 'Customer the alert is about.';
comment on column alerts.rule is 'Alert rule (shared/alerts/types.ts ALERT_RULES): EXTREME_LOW, EXTREME_HIGH, LOW, HIGH, SPIKE, NO_DATA, IRREGULAR_RHYTHM, BASELINE_SHIFT.';
comment on column alerts.priority is 'low, medium, high or critical (EXTREME_* are critical).';
comment on column alerts.status is 'pending (condition seen, not confirmed yet), firing (confirmed, notified) or resolved (over); only resolved is final.';
comment on column alerts.flapping is 'Set once the alert flapped (more cycles than allowed in the flapping window); its episodes are collapsed into this one.';
comment on column alerts.opened_at is 'Event time the episode began (part of the id); NO_DATA: the wall clock when the silence was noticed.';
comment on column alerts.fired_at is 'Event time of the move to firing; NULL while pending and for alerts resolved before they fired.';
comment on column alerts.resolved_at is 'Event time of the move to resolved; NULL while open.';
comment on column alerts.last_seq is 'seq of the latest transition (alert_transitions): 1 for the opening, +1 per move.';
comment on column alerts.value is 'The figure that decided the latest transition (bpm, irregularity, ...), or NULL.';
comment on column alerts.threshold is 'The threshold the value was compared with, or NULL.';
comment on column alerts.reason is 'One sentence a person understands, e.g. "heart rate <= 50 bpm in 8 of the last 10 s".';
comment on column alerts.updated_at is 'When the detector last changed the row (acknowledgements do not change it).';
comment on column alerts.acknowledged_by is 'Who acknowledged the alert through the dashboard (1-100 characters, as typed); NULL: not acknowledged.';
comment on column alerts.acknowledged_at is 'When it was acknowledged; set together with acknowledged_by.';
comment on column alerts.ack_note is 'Optional note given with the acknowledgement (at most 1000 characters).';
comment on index uq_alerts_open_customer_rule is 'At most one open (pending or firing) alert per customer and rule.';
comment on index idx_alerts_open_time is 'Open alerts newest first (the dashboard''s alerts view).';
comment on index idx_alerts_time is 'All alerts newest first (the alerts API with status=resolved or all).';
comment on index idx_alerts_customer_time is 'One customer''s alerts, newest first.';
comment on index idx_alerts_resolved_at is 'Retention: resolved alerts by the time they resolved.';

-- The history: one row per transition, with the fields of its alerts.v1 message, so a
-- restarted detector's history can be compared with an uninterrupted run's, row by row.
create table alert_transitions (
  alert_id    uuid             not null references alerts (alert_id) on delete cascade,
  seq         integer          not null check (seq >= 1),
  customer_id text             not null,
  rule        text             not null,
  priority    text             not null,
  from_status text             check (from_status in ('pending', 'firing', 'resolved')),
  to_status   text             not null check (to_status in ('pending', 'firing', 'resolved')),
  flapping    boolean          not null,
  value       double precision,
  threshold   double precision,
  reason      text             not null,
  opened_at   timestamptz      not null,
  at          timestamptz      not null,
  detected_at timestamptz      not null,
  primary key (alert_id, seq),
  constraint ck_alert_transitions_opening check ((seq = 1) = (from_status is null))
);
create index idx_alert_transitions_customer_at on alert_transitions (customer_id, at desc);

comment on table alert_transitions is
  'Every transition of every alert, one row per alerts.v1 message, written by the detector in the transaction that moves its checkpoint; (alert_id, seq) makes a replayed transition a no-op.';
comment on column alert_transitions.alert_id is 'The alert (alerts.alert_id); deleted with it.';
comment on column alert_transitions.seq is '1 for the opening transition, then +1 per transition of the alert.';
comment on column alert_transitions.customer_id is 'Customer the alert is about.';
comment on column alert_transitions.rule is 'Alert rule, as in alerts.rule.';
comment on column alert_transitions.priority is 'Priority at this transition.';
comment on column alert_transitions.from_status is 'State before: NULL for the opening transition, else pending or firing.';
comment on column alert_transitions.to_status is 'State after: pending, firing or resolved.';
comment on column alert_transitions.flapping is 'Whether the alert counted as flapping at this transition.';
comment on column alert_transitions.value is 'The figure that decided (bpm, irregularity, ...), or NULL.';
comment on column alert_transitions.threshold is 'The threshold it was compared with, or NULL.';
comment on column alert_transitions.reason is 'One sentence a person understands.';
comment on column alert_transitions.opened_at is 'Event time the alert''s episode began.';
comment on column alert_transitions.at is 'Event time of this transition (NO_DATA: the wall clock).';
comment on column alert_transitions.detected_at is 'When the detector emitted it.';
comment on index idx_alert_transitions_customer_at is 'One customer''s alert history, newest first.';

-- The alert engine's state lives beside the rule engine's, one row per customer, and
-- records the raw topic's partition the customer's readings arrive on: a detector assigned
-- a partition loads the state of every customer on it (where source_partition = any(...))
-- and runs NO_DATA timers for the silent ones too.
alter table detector_state
  add column alert_state bytea,
  add column source_partition integer check (source_partition >= 0);
create index idx_detector_state_partition on detector_state (source_partition);
comment on column detector_state.alert_state is 'The alert engine''s per-customer state (shared/alerts/), encoded by the engine; NULL before the customer''s first reading under the alert layer.';
comment on column detector_state.source_partition is 'Partition of the raw topic (TOPIC_RAW) the customer''s readings arrive on (key = customer_id); NULL for rows written before migration 0005.';
comment on index idx_detector_state_partition is 'The customers of one raw-topic partition (NO_DATA timers after an assignment).';

-- Version 2 readings carry beat-to-beat intervals, which are not stored (docs/decisions.md D20).
comment on column heartbeat_events.schema_version is 'Version of the wire format the reading arrived in: 1, or 2 (which may carry rr_intervals_ms; those are not stored here, the detector reads them from the topic).';

-- Retention (see the header): deletes resolved alerts that resolved before p_before, and
-- their transitions (on delete cascade); returns how many alerts went.
create function alerts_delete_resolved(p_before timestamptz) returns bigint
language plpgsql security definer as $$
declare
  deleted bigint;
begin
  delete from alerts where status = 'resolved' and resolved_at < p_before;
  get diagnostics deleted = row_count;
  return deleted;
end
$$;
comment on function alerts_delete_resolved(timestamptz) is
  'Retention: deletes the resolved alerts (and their transitions) that resolved before a time; returns how many.';
do $$ begin
  execute format('alter function alerts_delete_resolved(timestamptz) set search_path = %I, pg_temp', current_schema());
end $$;
revoke all on function alerts_delete_resolved(timestamptz) from public;
grant execute on function alerts_delete_resolved(timestamptz) to heartbeat_maintainer;

-- The detector writes alerts and their history. It may change an alert's state but not
-- its identity or its acknowledgement (column-level UPDATE); it needs SELECT for the WHERE
-- of its updates and for ON CONFLICT. The history is append-only: INSERT, plus SELECT of
-- the key alone, which `on conflict (alert_id, seq) do nothing returning alert_id, seq`
-- needs (a replayed transition is skipped, and the detector learns which ones were new);
-- it cannot read, change or delete what a transition says.
grant select, insert on alerts to heartbeat_detector;
grant update (priority, status, flapping, fired_at, resolved_at, last_seq, value, threshold,
  reason, updated_at) on alerts to heartbeat_detector;
grant insert, select (alert_id, seq) on alert_transitions to heartbeat_detector;

-- The dashboard lists alerts and their history, and records acknowledgements: it may
-- UPDATE only the three acknowledgement columns (in a read-write transaction of its own).
grant select on alerts, alert_transitions to heartbeat_dashboard;
grant update (acknowledged_by, acknowledged_at, ack_note) on alerts to heartbeat_dashboard;
