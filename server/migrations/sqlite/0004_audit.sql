-- The console's audit history: one row per changed field of a service, written in the
-- same transaction as the service itself. Values are JSON text (absent is null).
create table audit_event (
    audit_event_id integer primary key autoincrement,
    service_id text not null,
    actor text not null,
    note text not null,
    field text not null,
    old_value text,
    new_value text,
    occurred_at text not null
);
create index audit_event_service_idx on audit_event (service_id, audit_event_id);
