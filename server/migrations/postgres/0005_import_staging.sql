-- Imports from other directories. Each upload or fetch is an import batch of staged
-- records that a curator accepts, merges or rejects. `source_record` remembers, per
-- (source, id in that feed), the service it became, when it was last imported and the
-- hash of the version last reviewed, so re-importing the same feed stages nothing.
-- Times are UTC text ("YYYY-MM-DDTHH:MM:SS.mmmZ") so they sort as written.
create table import_batch (
    import_batch_id text primary key not null,
    source text not null,
    kind text not null check (kind in ('upload', 'url')),
    url text,
    created_by text not null,
    created_at text not null,
    record_count bigint not null,
    new_count bigint not null,
    matched_count bigint not null,
    unchanged_count bigint not null,
    -- JSON list of {"id", "reason"} for records that could not be read.
    problems text not null
);
create index import_batch_created_idx on import_batch (created_at);

create table staged_record (
    staged_record_id text primary key not null,
    import_batch_id text not null references import_batch (import_batch_id) on delete cascade,
    position bigint not null,
    feed_id text not null,
    name text not null,
    -- The incoming HSDS 3.0 service as JSON.
    service_json text not null,
    review_due_date text,
    content_hash text not null,
    match_kind text not null check (match_kind in ('new', 'matched', 'unchanged')),
    matched_service_id text,
    match_score bigint not null,
    -- JSON list of plain-words reasons shown to the curator.
    match_reasons text not null,
    decision text not null check (decision in ('pending', 'accepted', 'merged', 'rejected', 'unchanged')),
    decided_by text,
    decided_at text
);
create index staged_record_batch_idx on staged_record (import_batch_id, position);

create table source_record (
    source text not null,
    feed_id text not null,
    -- The service it became; null when a new record was rejected.
    service_id text,
    content_hash text not null,
    last_decision text not null,
    last_imported_at text not null,
    primary key (source, feed_id)
);
