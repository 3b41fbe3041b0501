-- Curation: per-record review intervals, the inbox (public reports and staff suggestions
-- with an audited status), anonymous search insight and the editable synonym rules.

-- How often a record is checked, in months; a record without a row uses the default (6).
create table service_review_interval (
    service_id text primary key not null references service (service_id),
    months integer not null check (months in (3, 6, 12)),
    set_by text not null,
    set_at text not null
);

-- The inbox holds public problem reports and staff suggestions side by side.
alter table problem_report add column kind text not null default 'report';
alter table problem_report add column app_user_id text;
alter table problem_report add column status_changed_by text;
alter table problem_report add column status_changed_at text;

-- Every status change of an inbox item: who and when.
create table inbox_event (
    inbox_event_id integer primary key autoincrement,
    problem_report_id text not null references problem_report (problem_report_id),
    actor text not null,
    old_status text not null,
    new_status text not null,
    occurred_at text not null
);
create index inbox_event_item_idx on inbox_event (problem_report_id, inbox_event_id);

-- Searches, counted per day and shape, never one row per person: cleaned words, the
-- district (never a postcode), the filters and a result-count bucket.
create table search_insight (
    search_day text not null,
    words text not null,
    district text not null,
    needs text not null,
    age_band text not null,
    free_only boolean not null,
    open_now boolean not null,
    delivery text not null,
    result_bucket text not null,
    searches integer not null,
    primary key (search_day, words, district, needs, age_band, free_only, open_now, delivery, result_bucket)
);

-- The synonym rules (one row); `version` goes up on every save so each instance reloads.
create table synonym_rules (
    synonym_rules_id integer primary key not null check (synonym_rules_id = 1),
    rules text not null,
    version integer not null,
    updated_by text not null,
    updated_at text not null
);
