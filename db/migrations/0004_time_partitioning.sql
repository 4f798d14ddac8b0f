-- 0004: storage whose cost does not grow with its age (docs/architecture.md, "Storage").
--
--   * heartbeat_events and anomalies become range-partitioned by event_time (daily by
--     default), each with a DEFAULT partition so a reading never fails for want of one;
--   * the partition functions create partitions ahead of time and drop whole expired ones;
--     they run as the migrator (SECURITY DEFINER) for the maintainer role, which owns no table;
--   * per-minute rollups (per customer, and a population histogram of heart rates) are
--     recomputed from raw rows for every minute the writer marked as changed.
--
-- A partitioned table's unique key must contain the partition column, so the readings'
-- idempotency key becomes (customer_id, event_id, event_time): a re-delivery carries the
-- same event_time and stays a no-op. The writer still catches a copy of an event id with
-- other content or another event_time within an hour (see services/consumer/store.ts).

-- Which tables are partitioned by which time column, and their partitions.
create table storage_partitioned_tables (
  parent      text primary key,
  time_column text not null
);
comment on table storage_partitioned_tables is
  'Tables range-partitioned by time that the partition functions manage, with their partition column.';

create table storage_partitions (
  parent      text        not null references storage_partitioned_tables (parent),
  partition   text        primary key,
  lower_bound timestamptz not null,
  upper_bound timestamptz not null check (upper_bound > lower_bound),
  created_at  timestamptz not null default now()
);
create index idx_storage_partitions_parent_bounds on storage_partitions (parent, lower_bound);
comment on table storage_partitions is
  'Every range partition created by storage_ensure_partitions, with its bounds [lower_bound, upper_bound); retention drops by upper_bound.';

-- Creates the missing partitions of `p_parent` covering [p_from, p_to), aligned to
-- multiples of p_hours since the Unix epoch (24: UTC days). A range that overlaps an
-- existing partition (e.g. after the interval setting changed) is left to that partition.
-- Rows that reached the DEFAULT partition for a new range move into it. Returns the names.
create function storage_ensure_partitions(
  p_parent text, p_from timestamptz, p_to timestamptz, p_hours integer
) returns setof text
language plpgsql security definer as $$
declare
  time_col text;
  step interval := make_interval(hours => p_hours);
  lo timestamptz;
  hi timestamptz;
  part text;
  moved bigint;
begin
  if p_hours < 1 or p_hours > 24 * 31 then
    raise exception 'partition interval must be 1 to 744 hours, got %', p_hours;
  end if;
  select time_column into time_col from storage_partitioned_tables where parent = p_parent;
  if time_col is null then
    raise exception 'table % is not registered in storage_partitioned_tables', p_parent;
  end if;
  -- One maintainer at a time per table; a concurrent caller waits, then finds the work done.
  perform pg_advisory_xact_lock(hashtext('storage_partitions:' || p_parent));
  lo := to_timestamp(floor(extract(epoch from p_from) / (p_hours * 3600)) * (p_hours * 3600));
  while lo < p_to loop
    hi := lo + step;
    if not exists (select from storage_partitions
                   where parent = p_parent and lower_bound < hi and upper_bound > lo) then
      part := p_parent || '_p' || to_char(lo at time zone 'UTC', 'YYYYMMDD"_"HH24');
      execute format(
        'create temporary table storage_moving on commit drop as
           with d as (delete from %I where %I >= $1 and %I < $2 returning *) select * from d',
        p_parent || '_default', time_col, time_col) using lo, hi;
      execute format('create table %I partition of %I for values from (%L) to (%L)',
        part, p_parent, lo, hi);
      execute format('insert into %I select * from storage_moving', p_parent);
      get diagnostics moved = row_count;
      drop table storage_moving;
      if moved > 0 then
        raise notice 'moved % rows of % from the default partition into %', moved, p_parent, part;
      end if;
      insert into storage_partitions (parent, partition, lower_bound, upper_bound)
      values (p_parent, part, lo, hi);
      return next part;
    end if;
    lo := hi;
  end loop;
end
$$;
comment on function storage_ensure_partitions(text, timestamptz, timestamptz, integer) is
  'Creates the missing time partitions of a registered table for a range (idempotent); returns the new partitions.';

-- Drops every partition of `p_parent` whose range ends at or before `p_before` (whole
-- tables: no row-by-row DELETE), and deletes expired rows from its DEFAULT partition,
-- which normally holds none. Returns the dropped partitions.
create function storage_drop_partitions(p_parent text, p_before timestamptz)
returns setof text
language plpgsql security definer as $$
declare
  time_col text;
  part text;
begin
  select time_column into time_col from storage_partitioned_tables where parent = p_parent;
  if time_col is null then
    raise exception 'table % is not registered in storage_partitioned_tables', p_parent;
  end if;
  perform pg_advisory_xact_lock(hashtext('storage_partitions:' || p_parent));
  for part in
    select partition from storage_partitions
    where parent = p_parent and upper_bound <= p_before order by lower_bound
  loop
    execute format('drop table if exists %I', part);
    delete from storage_partitions where partition = part;
    return next part;
  end loop;
  execute format('delete from %I where %I < $1', p_parent || '_default', time_col) using p_before;
end
$$;
comment on function storage_drop_partitions(text, timestamptz) is
  'Retention: drops the partitions of a registered table that ended before a time; returns their names.';

-- BRIN indexes only skip block ranges that are summarized; ranges filled since the last
-- summary are scanned whole. The maintainer calls this before each rollup pass, so a
-- minute's recomputation reads that minute's blocks, not everything inserted lately.
create function storage_summarize(p_parent text) returns bigint
language plpgsql security definer as $$
declare
  idx regclass;
  summarized bigint := 0;
begin
  for idx in
    select i.indexrelid::regclass
    from storage_partitions p
    join pg_index i on i.indrelid = to_regclass(quote_ident(p.partition))
    join pg_class c on c.oid = i.indexrelid
    join pg_am am on am.oid = c.relam and am.amname = 'brin'
    where p.parent = p_parent
  loop
    summarized := summarized + brin_summarize_new_values(idx);
  end loop;
  return summarized;
end
$$;
comment on function storage_summarize(text) is
  'Summarizes the new block ranges of the BRIN indexes of a registered table''s partitions; returns how many.';

do $$ begin
  execute format('alter function storage_ensure_partitions(text, timestamptz, timestamptz, integer) set search_path = %I, pg_temp', current_schema());
  execute format('alter function storage_drop_partitions(text, timestamptz) set search_path = %I, pg_temp', current_schema());
  execute format('alter function storage_summarize(text) set search_path = %I, pg_temp', current_schema());
end $$;
revoke all on function storage_summarize(text) from public;
revoke all on function storage_ensure_partitions(text, timestamptz, timestamptz, integer) from public;
revoke all on function storage_drop_partitions(text, timestamptz) from public;

-- heartbeat_events, partitioned. The rows move over inside this migration's transaction.
alter table heartbeat_events rename to heartbeat_events_unpartitioned;
alter table heartbeat_events_unpartitioned rename constraint uq_heartbeat_events_customer_event to uq_heartbeat_events_unpartitioned;
alter index idx_heartbeat_events_customer_time rename to idx_heartbeat_events_unpartitioned_customer_time;
alter index idx_heartbeat_events_time rename to idx_heartbeat_events_unpartitioned_time;

create table heartbeat_events (
  customer_id      text        not null,
  event_id         uuid        not null,
  event_time       timestamptz not null,
  heart_rate       smallint    not null check (heart_rate between 0 and 1000),
  schema_version   smallint    not null default 1,
  source_topic     text        not null,
  source_partition integer     not null check (source_partition >= 0),
  source_offset    bigint      not null check (source_offset >= 0),
  ingested_at      timestamptz not null default now(),
  device_id        text,
  device_model     text,
  battery_pct      smallint    check (battery_pct between 0 and 100),
  constraint uq_heartbeat_events_customer_event_time unique (customer_id, event_id, event_time)
) partition by range (event_time);
create table heartbeat_events_default partition of heartbeat_events default;
create index idx_heartbeat_events_customer_time on heartbeat_events (customer_id, event_time desc);
create index brin_heartbeat_events_time on heartbeat_events using brin (event_time)
  with (pages_per_range = 32, autosummarize = on);
insert into storage_partitioned_tables values ('heartbeat_events', 'event_time');

insert into heartbeat_events
  select customer_id, event_id, event_time, heart_rate, schema_version, source_topic,
         source_partition, source_offset, ingested_at, device_id, device_model, battery_pct
  from heartbeat_events_unpartitioned;
drop table heartbeat_events_unpartitioned;

comment on table heartbeat_events is
  'Validated heart-rate readings, one row per event, range-partitioned by event_time (storage_partitions). Written by the consumer in the same transaction as ingest_checkpoint; re-deliveries are no-ops thanks to uq_heartbeat_events_customer_event_time.';
comment on column heartbeat_events.customer_id is 'Customer the reading belongs to; also the Kafka message key, so one customer''s readings stay in order on one partition.';
comment on column heartbeat_events.event_id is 'Producer-assigned UUID of the reading; with customer_id and event_time, the idempotency key.';
comment on column heartbeat_events.event_time is 'When the device measured the reading (UTC); the partition key. May be hours before ingested_at when a device syncs late.';
comment on column heartbeat_events.heart_rate is 'Heart rate in beats per minute, already checked against HEART_RATE_MIN..HEART_RATE_MAX by the consumer.';
comment on column heartbeat_events.schema_version is 'Version of the wire format the reading arrived in.';
comment on column heartbeat_events.source_topic is 'Kafka topic the reading was consumed from (provenance).';
comment on column heartbeat_events.source_partition is 'Kafka partition the reading was consumed from (provenance).';
comment on column heartbeat_events.source_offset is 'Kafka offset of the reading within its partition (provenance).';
comment on column heartbeat_events.ingested_at is 'When the consumer stored the row; ingested_at - event_time is the event-to-stored latency.';
comment on column heartbeat_events.device_id is 'Optional: the measuring device, as sent.';
comment on column heartbeat_events.device_model is 'Optional: the device model, as sent.';
comment on column heartbeat_events.battery_pct is 'Optional: device battery percentage at measurement time.';
comment on constraint uq_heartbeat_events_customer_event_time on heartbeat_events is
  'Idempotency guard: a re-delivered reading (same customer_id, event_id and event_time) is stored at most once.';
comment on index idx_heartbeat_events_customer_time is 'Customer drill-down: the latest readings of one customer.';
comment on index brin_heartbeat_events_time is 'Time ranges over all customers (rollup recomputation): readings arrive roughly in event_time order, so a BRIN index is a few pages per partition instead of a B-tree the size of the data. Block ranges are summarized by storage_summarize() before each rollup pass (an unsummarized range is always scanned).';

-- anomalies, partitioned the same way; the anomaly id with event_time is the key.
alter table anomalies rename to anomalies_unpartitioned;
alter table anomalies_unpartitioned rename constraint anomalies_pkey to anomalies_unpartitioned_pkey;
alter index idx_anomalies_customer_time rename to idx_anomalies_unpartitioned_customer_time;
alter index idx_anomalies_time rename to idx_anomalies_unpartitioned_time;

create table anomalies (like anomalies_unpartitioned including defaults including constraints including comments,
  primary key (anomaly_id, event_time)
) partition by range (event_time);
create table anomalies_default partition of anomalies default;
create index idx_anomalies_customer_time on anomalies (customer_id, event_time desc);
create index idx_anomalies_time on anomalies (event_time desc);
insert into storage_partitioned_tables values ('anomalies', 'event_time');
insert into anomalies select * from anomalies_unpartitioned;
drop table anomalies_unpartitioned;

comment on table anomalies is
  'Per-reading anomalies raised by the detector (rules LOW_HEART_RATE, HIGH_HEART_RATE, SPIKE), range-partitioned by event_time. Written with the detector''s progress in one transaction.';
comment on column anomalies.anomaly_id is 'Deterministic UUID derived from the customer, the source event and the rule, so reprocessing a reading cannot raise the same anomaly twice (key: with event_time).';
comment on index idx_anomalies_customer_time is 'A customer''s recent anomalies.';
comment on index idx_anomalies_time is 'Recent anomalies across customers (feeds, per-minute counts).';

-- Rollups. The writer marks, in its batch's transaction, each minute it wrote readings
-- for (one row per minute and Kafka partition, so concurrent batches never wait for each
-- other); the maintainer recomputes marked minutes from raw rows and clears a mark only
-- if no batch touched it since it read it (version). Recomputation makes the rollups exact
-- and idempotent whatever is re-delivered or arrives late.
create table heartbeat_rollup_pending (
  minute           timestamptz not null,
  source_partition integer     not null,
  version          bigint      not null default 1,
  marked_at        timestamptz not null default now(),
  primary key (minute, source_partition)
);
comment on table heartbeat_rollup_pending is
  'Minutes whose readings changed since their rollups were last computed, one row per minute and Kafka partition; version counts the batches that marked it.';

create table heartbeat_rollup_minute (
  minute      timestamptz not null,
  customer_id text        not null,
  readings    integer     not null check (readings > 0),
  hr_min      smallint    not null,
  hr_max      smallint    not null,
  hr_sum      bigint      not null,
  hr_p95      real        not null,
  primary key (minute, customer_id)
) partition by range (minute);
create table heartbeat_rollup_minute_default partition of heartbeat_rollup_minute default;
create index idx_heartbeat_rollup_minute_customer on heartbeat_rollup_minute (customer_id, minute desc);
insert into storage_partitioned_tables values ('heartbeat_rollup_minute', 'minute');
comment on table heartbeat_rollup_minute is
  'Per-minute, per-customer aggregate of heart_rate (count, min, max, sum for the mean, p95 = percentile_cont(0.95)), recomputed from heartbeat_events.';

create table heartbeat_rollup_minute_hr (
  minute     timestamptz not null,
  heart_rate smallint    not null,
  readings   integer     not null check (readings > 0),
  primary key (minute, heart_rate)
) partition by range (minute);
create table heartbeat_rollup_minute_hr_default partition of heartbeat_rollup_minute_hr default;
insert into storage_partitioned_tables values ('heartbeat_rollup_minute_hr', 'minute');
comment on table heartbeat_rollup_minute_hr is
  'Per-minute histogram of heart rates over all customers (readings per bpm value): exact population percentiles and means over any run of minutes.';

comment on column storage_partitioned_tables.parent is 'The partitioned table.';
comment on column storage_partitioned_tables.time_column is 'Its range partition column.';
comment on column storage_partitions.parent is 'The partitioned table the partition belongs to.';
comment on column storage_partitions.partition is 'Name of the partition (parent_pYYYYMMDD_HH of its lower bound, UTC).';
comment on column storage_partitions.lower_bound is 'First instant the partition holds.';
comment on column storage_partitions.upper_bound is 'First instant after the partition.';
comment on column storage_partitions.created_at is 'When storage_ensure_partitions created it.';
comment on column heartbeat_rollup_pending.minute is 'Start of the minute (event_time, UTC) whose rollups are stale.';
comment on column heartbeat_rollup_pending.source_partition is 'Kafka partition of the batch that marked it.';
comment on column heartbeat_rollup_pending.version is 'Incremented by each batch that marks the minute again; the maintainer clears only the version it recomputed.';
comment on column heartbeat_rollup_pending.marked_at is 'When a batch last marked it.';
comment on column heartbeat_rollup_minute.minute is 'Start of the minute (event_time, UTC).';
comment on column heartbeat_rollup_minute.customer_id is 'Customer.';
comment on column heartbeat_rollup_minute.readings is 'Readings of the customer in the minute.';
comment on column heartbeat_rollup_minute.hr_min is 'Lowest heart rate (bpm).';
comment on column heartbeat_rollup_minute.hr_max is 'Highest heart rate (bpm).';
comment on column heartbeat_rollup_minute.hr_sum is 'Sum of heart rates: the mean over any minutes is sum(hr_sum) / sum(readings).';
comment on column heartbeat_rollup_minute.hr_p95 is '95th percentile of the minute''s heart rates (percentile_cont, interpolated).';
comment on column heartbeat_rollup_minute_hr.minute is 'Start of the minute (event_time, UTC).';
comment on column heartbeat_rollup_minute_hr.heart_rate is 'A heart rate value (bpm).';
comment on column heartbeat_rollup_minute_hr.readings is 'Readings with exactly that value in the minute, over all customers.';

-- Partitions around now and for the rows already stored (daily; the maintainer keeps
-- them ahead from then on with its own settings).
select count(*) from (
  select storage_ensure_partitions(parent,
    least(coalesce(lo, now()), now()) - interval '1 day', greatest(coalesce(hi, now()), now()) + interval '3 days', 24)
  from (
    select 'heartbeat_events' as parent, min(event_time) as lo, max(event_time) as hi from heartbeat_events
    union all select 'anomalies', min(event_time), max(event_time) from anomalies
    union all select 'heartbeat_rollup_minute', null, null
    union all select 'heartbeat_rollup_minute_hr', null, null
  ) ranges
) created;

-- The maintainer: keeps partitions ahead, drops expired ones, recomputes rollups.
do $$ begin
  if not exists (select from pg_roles where rolname = 'heartbeat_maintainer') then
    begin
      create role heartbeat_maintainer nologin nosuperuser nocreatedb nocreaterole noinherit;
    exception when duplicate_object or unique_violation then
      null; -- created meanwhile by a migration of another database
    end;
  end if;
  execute format('grant usage on schema %I to heartbeat_maintainer', current_schema());
end $$;
grant execute on function storage_ensure_partitions(text, timestamptz, timestamptz, integer) to heartbeat_maintainer;
grant execute on function storage_drop_partitions(text, timestamptz) to heartbeat_maintainer;
grant execute on function storage_summarize(text) to heartbeat_maintainer;
grant select on heartbeat_events, storage_partitions, storage_partitioned_tables to heartbeat_maintainer;
grant select, delete on heartbeat_rollup_pending to heartbeat_maintainer;
grant select, insert, delete on heartbeat_rollup_minute, heartbeat_rollup_minute_hr to heartbeat_maintainer;

-- The services' grants of migration 0003 on the two new tables, and on what is new here:
-- the writer marks minutes, the dashboard reads everything.
grant select, insert on heartbeat_events to heartbeat_writer;
grant select, insert, update on heartbeat_rollup_pending to heartbeat_writer;
grant select, insert on anomalies to heartbeat_detector;
grant select on heartbeat_events, anomalies, heartbeat_rollup_minute, heartbeat_rollup_minute_hr,
  heartbeat_rollup_pending, storage_partitions to heartbeat_dashboard;
