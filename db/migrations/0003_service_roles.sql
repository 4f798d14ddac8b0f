-- 0003: least-privilege roles, one per service. The role that runs migrations (the
-- migrator: the owner of the schema, DATABASE_URL's user) needs CREATEROLE for this file.
-- The roles are created without LOGIN; `deno task migrate` gives each a login password
-- from DB_WRITER_PASSWORD, DB_DETECTOR_PASSWORD and DB_DASHBOARD_PASSWORD.
--
--   heartbeat_writer    the consumer: stores readings and routed records, moves its checkpoint
--   heartbeat_detector  the detector: stores anomalies and per-customer state, moves its checkpoint
--   heartbeat_dashboard dashboards: reads readings, anomalies, routed records and progress
--
-- None may delete, truncate or change the schema. Roles belong to the cluster, not to one
-- database, so they are created only when missing (another database of the same cluster
-- may have created them, even concurrently); the grants are on this schema's objects.

do $$
declare
  wanted text;
begin
  foreach wanted in array array['heartbeat_writer', 'heartbeat_detector', 'heartbeat_dashboard'] loop
    if not exists (select from pg_roles where rolname = wanted) then
      begin
        execute format('create role %I nologin nosuperuser nocreatedb nocreaterole noinherit', wanted);
      exception when duplicate_object or unique_violation then
        null; -- created meanwhile by a migration of another database
      end;
    end if;
    execute format('grant usage on schema %I to %I', current_schema(), wanted);
  end loop;
end
$$;

grant select, insert on heartbeat_events, routed_records to heartbeat_writer;
grant select, insert, update on ingest_checkpoint to heartbeat_writer;
grant usage on sequence partition_claim_epoch to heartbeat_writer;

grant select, insert on anomalies to heartbeat_detector;
grant select, insert, update on detector_state, ingest_checkpoint to heartbeat_detector;
grant usage on sequence partition_claim_epoch to heartbeat_detector;

grant select on heartbeat_events, anomalies, routed_records, ingest_checkpoint to heartbeat_dashboard;
