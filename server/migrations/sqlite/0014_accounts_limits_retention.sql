-- Several roles per account: a space-separated set (e.g. "curator staff"). The old `role`
-- column keeps the first of them that it allows, and is no longer read.
alter table app_user add column roles text not null default '';
update app_user set roles = role;

-- Rate-limited public actions (e.g. "report a problem"), one row per event, keyed
-- "<action>:<client address>", so limits hold across restarts and instances.
create table rate_event (
    rate_key text not null,
    occurred_at text not null
);
create index rate_event_key_idx on rate_event (rate_key, occurred_at);
create index rate_event_time_idx on rate_event (occurred_at);

-- Team-wide referral reads by a referrals lead, for the audit trail.
create table referral_access (
    referral_access_id text primary key not null,
    referral_id text,
    app_user_id text not null,
    action text not null,
    accessed_at text not null
);
create index referral_access_time_idx on referral_access (accessed_at);

-- Retention purges look referrals and reports up by age.
create index problem_report_created_idx on problem_report (created_at);
create index helpline_query_created_idx on helpline_query (created_at);
create index unmet_need_created_idx on unmet_need (created_at);
