-- 0001: the spec's schema (heartbeat_events, anomalies, ingest_checkpoint).
-- Forward-only: never edit this file once applied anywhere; add 0002_… instead.

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
  constraint uq_heartbeat_events_customer_event unique (customer_id, event_id)
);
create index idx_heartbeat_events_customer_time on heartbeat_events (customer_id, event_time desc);
create index idx_heartbeat_events_time on heartbeat_events (event_time desc);

comment on table heartbeat_events is
  'Validated heart-rate readings, one row per event. Written by the consumer in the same transaction as ingest_checkpoint; re-deliveries are no-ops thanks to uq_heartbeat_events_customer_event.';
comment on column heartbeat_events.customer_id is 'Customer the reading belongs to; also the Kafka message key, so one customer''s readings stay in order on one partition.';
comment on column heartbeat_events.event_id is 'Producer-assigned UUID of the reading; with customer_id, the idempotency key.';
comment on column heartbeat_events.event_time is 'When the device measured the reading (UTC); may be hours before ingested_at when a device syncs late.';
comment on column heartbeat_events.heart_rate is 'Heart rate in beats per minute, already checked against HEART_RATE_MIN..HEART_RATE_MAX by the consumer.';
comment on column heartbeat_events.schema_version is 'Version of the wire format the reading arrived in.';
comment on column heartbeat_events.source_topic is 'Kafka topic the reading was consumed from (provenance).';
comment on column heartbeat_events.source_partition is 'Kafka partition the reading was consumed from (provenance).';
comment on column heartbeat_events.source_offset is 'Kafka offset of the reading within its partition (provenance).';
comment on column heartbeat_events.ingested_at is 'When the consumer stored the row; ingested_at - event_time is the event-to-stored latency.';
comment on constraint uq_heartbeat_events_customer_event on heartbeat_events is
  'Idempotency guard: the same (customer_id, event_id) is stored at most once however often Kafka re-delivers it.';
comment on index idx_heartbeat_events_customer_time is 'Customer drill-down: the latest readings of one customer.';
comment on index idx_heartbeat_events_time is 'Population views over recent time windows (per-minute counts, averages).';

create table anomalies (
  anomaly_id   uuid        primary key,
  event_id     uuid        not null,
  customer_id  text        not null,
  event_time   timestamptz not null,
  heart_rate   smallint    not null,
  anomaly_type text        not null check (anomaly_type in ('LOW_HEART_RATE', 'HIGH_HEART_RATE', 'SPIKE')),
  severity     text        not null check (severity in ('low', 'medium', 'high', 'critical')),
  threshold    integer     not null,
  detected_at  timestamptz not null default now()
);
create index idx_anomalies_customer_time on anomalies (customer_id, event_time desc);
create index idx_anomalies_time on anomalies (event_time desc);

comment on table anomalies is
  'Per-reading anomalies raised by the detector (rules LOW_HEART_RATE, HIGH_HEART_RATE, SPIKE). Written with the detector''s progress in one transaction.';
comment on column anomalies.anomaly_id is 'Deterministic UUID derived from the source event and the rule, so reprocessing a reading cannot raise the same anomaly twice.';
comment on column anomalies.event_id is 'event_id of the reading that raised the anomaly.';
comment on column anomalies.customer_id is 'Customer the anomalous reading belongs to.';
comment on column anomalies.event_time is 'When the anomalous reading was measured (UTC).';
comment on column anomalies.heart_rate is 'The anomalous reading, in beats per minute.';
comment on column anomalies.anomaly_type is 'Rule that fired: LOW_HEART_RATE (<= ANOMALY_LOW_THRESHOLD), HIGH_HEART_RATE (>= ANOMALY_HIGH_THRESHOLD) or SPIKE (|change| >= ANOMALY_SPIKE_DELTA).';
comment on column anomalies.severity is 'low, medium, high or critical; the spec gives LOW/HIGH high and SPIKE medium.';
comment on column anomalies.threshold is 'The threshold (bpm, or bpm change for SPIKE) in force when the rule fired.';
comment on column anomalies.detected_at is 'When the detector raised the anomaly; detected_at - event_time is the event-to-anomaly latency.';
comment on index idx_anomalies_customer_time is 'A customer''s recent anomalies.';
comment on index idx_anomalies_time is 'Recent anomalies across customers (feeds, per-minute counts).';

create table ingest_checkpoint (
  consumer_group text        not null,
  topic          text        not null,
  partition      integer     not null check (partition >= 0),
  next_offset    bigint      not null check (next_offset >= 0),
  updated_at     timestamptz not null default now(),
  primary key (consumer_group, topic, partition)
);

comment on table ingest_checkpoint is
  'Progress per consumer group, topic and partition, written in the same transaction as the rows it covers: PostgreSQL, not Kafka, is the source of truth for what was stored.';
comment on column ingest_checkpoint.consumer_group is 'Kafka consumer group whose progress this is (the writer and the detector keep separate rows).';
comment on column ingest_checkpoint.topic is 'Kafka topic consumed.';
comment on column ingest_checkpoint.partition is 'Kafka partition consumed.';
comment on column ingest_checkpoint.next_offset is 'Offset of the next record to process: every record below it is stored, routed or deliberately skipped.';
comment on column ingest_checkpoint.updated_at is 'When the checkpoint last moved.';
