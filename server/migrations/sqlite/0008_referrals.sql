-- Referrals recorded in the integrated care plan, and the outbox that delivers them.
-- A referral and its outbox rows are written in one transaction, so a referral is never
-- saved without its delivery being owed (and never delivered without being saved).
create table referral (
    referral_id text primary key not null,
    care_plan_reference text not null,
    support_level text not null,
    -- JSON array of action codes.
    actions text not null,
    -- JSON array of service snapshots (name, contact, url, id) as they were when referred.
    services text not null,
    note text,
    staff_role text not null,
    created_by text not null,
    status text not null,
    status_reason text,
    status_updated_at text,
    created_at text not null
);
create index referral_created_idx on referral (created_at);

-- One row per event per configured endpoint; its id is the stable webhook id.
create table referral_outbox (
    outbox_id text primary key not null,
    referral_id text not null references referral (referral_id),
    -- Order of the event within its referral: n + 1 is not sent before n is delivered.
    seq integer not null,
    event_type text not null,
    endpoint text not null,
    body text not null,
    created_at text not null,
    -- Retries stop here and the row is dead-lettered (reset by a manual replay).
    expires_at text not null,
    next_attempt_at text not null,
    attempts integer not null default 0,
    leased_until text,
    delivered_at text,
    dead_at text,
    last_error text,
    unique (referral_id, endpoint, seq)
);
create index referral_outbox_due_idx on referral_outbox (next_attempt_at) where delivered_at is null and dead_at is null;
create index referral_outbox_referral_idx on referral_outbox (referral_id, endpoint, seq);

-- Every delivery attempt: status code (none when no answer came), duration, error.
create table referral_delivery (
    delivery_id integer primary key autoincrement,
    outbox_id text not null references referral_outbox (outbox_id),
    attempted_at text not null,
    status_code integer,
    duration_ms integer not null,
    error text
);
create index referral_delivery_outbox_idx on referral_delivery (outbox_id, delivery_id);

-- Status updates from the care-plan system, de-duplicated by their webhook id.
create table referral_status_update (
    webhook_id text primary key not null,
    referral_id text not null references referral (referral_id),
    status text not null,
    reason text,
    received_at text not null
);
create index referral_status_update_referral_idx on referral_status_update (referral_id, received_at);
