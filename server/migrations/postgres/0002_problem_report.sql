-- "Report a problem with this page": messages from the public for the Community
-- Knowledge Officer's inbox.
create table problem_report (
    problem_report_id text primary key not null,
    service_id text not null references service (service_id),
    reason text not null,
    details text not null,
    status text not null default 'new' check (status in ('new', 'in_progress', 'closed')),
    created_at text not null
);
create index problem_report_status_idx on problem_report (status, created_at);
