-- 0002: partition ownership (fencing), the routed-records ledger, device fields, detector state.

-- Fencing. The consumer group's leader records, in the same step that assigns partitions,
-- which member owns each partition from which assignment epoch on. A writer's transaction
-- locks its checkpoint row and refuses to write unless it is still the owner, so a member
-- that lost a partition (long pause, network split) cannot store a stale batch.
create sequence partition_claim_epoch;
comment on sequence partition_claim_epoch is
  'Assignment epochs: one value per rebalance, taken by the group leader; a claim only replaces an older one.';

alter table ingest_checkpoint
  add column owner_member text,
  add column owner_epoch bigint not null default 0;
comment on column ingest_checkpoint.owner_member is
  'Kafka member id that owns the partition since owner_epoch; only it may advance next_offset. NULL: never assigned.';
comment on column ingest_checkpoint.owner_epoch is
  'Epoch (partition_claim_epoch) of the assignment that made owner_member the owner; a newer epoch always wins.';

-- Device fields of the wire format (optional there, nullable here).
alter table heartbeat_events
  add column device_id text,
  add column device_model text,
  add column battery_pct smallint check (battery_pct between 0 and 100);
comment on column heartbeat_events.device_id is 'Optional: the measuring device, as sent.';
comment on column heartbeat_events.device_model is 'Optional: the device model, as sent.';
comment on column heartbeat_events.battery_pct is 'Optional: device battery percentage at measurement time.';

-- Every record that did not become a row, written in the same transaction that moves the
-- checkpoint past it: with heartbeat_events it accounts for every offset.
create table routed_records (
  consumer_group   text        not null,
  source_topic     text        not null,
  source_partition integer     not null check (source_partition >= 0),
  source_offset    bigint      not null check (source_offset >= 0),
  destination      text        not null check (destination in ('invalid', 'dlq')),
  reason_code      text        not null,
  message          text        not null,
  customer_id      text,
  event_id         uuid,
  attempts         integer     not null default 1 check (attempts >= 1),
  routed_at        timestamptz not null default now(),
  primary key (consumer_group, source_topic, source_partition, source_offset)
);
create index idx_routed_records_time on routed_records (routed_at desc);
comment on table routed_records is
  'Ledger of records routed to events.invalid.v1 or events.dlq.v1, one row per source record, written atomically with the checkpoint: together with heartbeat_events it accounts for every consumed offset.';
comment on column routed_records.consumer_group is 'Consumer group that routed the record.';
comment on column routed_records.source_topic is 'Topic of the source record.';
comment on column routed_records.source_partition is 'Partition of the source record.';
comment on column routed_records.source_offset is 'Offset of the source record.';
comment on column routed_records.destination is 'invalid (failed validation) or dlq (processing failed after retries).';
comment on column routed_records.reason_code is 'Validation reason code (e.g. HEART_RATE_OUT_OF_RANGE) or, for the DLQ, the failure''s code.';
comment on column routed_records.message is 'Human-readable detail of the reason.';
comment on column routed_records.customer_id is 'customer_id when the record was readable enough to have one.';
comment on column routed_records.event_id is 'event_id when the record was readable enough to have one.';
comment on column routed_records.attempts is 'Processing attempts before routing (1 for invalid records).';
comment on column routed_records.routed_at is 'When the record was routed.';
comment on index idx_routed_records_time is 'Recent invalid and dead-lettered records (dashboards).';

-- The detector's per-customer memory (what the rule engine keeps between readings: the
-- previous heart rate and the last few event ids, to ignore re-deliveries), written with
-- the anomalies and the detector's checkpoint in one transaction.
create table detector_state (
  customer_id text        primary key,
  state       jsonb       not null,
  updated_at  timestamptz not null default now()
);
comment on table detector_state is
  'Per-customer state of the anomaly detector, committed with its anomalies and checkpoint so a restart neither misses nor repeats an anomaly.';
comment on column detector_state.customer_id is 'Customer the state belongs to.';
comment on column detector_state.state is 'The rule engine''s CustomerState (shared/rules/customer_state.ts) as JSON: lastHeartRate and recentEventIds (UUIDs packed as numbers).';
comment on column detector_state.updated_at is 'When the state last changed.';

-- anomalies carry what the anomaly event carries.
alter table anomalies add column previous_heart_rate smallint;
comment on column anomalies.previous_heart_rate is 'SPIKE: the previous valid reading of the customer; NULL for other rules.';
