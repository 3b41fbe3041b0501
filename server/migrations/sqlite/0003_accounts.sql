-- Accounts for the curation console: people, their sessions, and login attempts for
-- throttling. Times are UTC text ("YYYY-MM-DDTHH:MM:SS.mmmZ") so they sort as written.
create table app_user (
    app_user_id text primary key not null,
    -- Stored lowercased, so uniqueness ignores case.
    email text not null unique,
    display_name text not null,
    role text not null check (role in ('admin', 'curator', 'staff', 'commissioner')),
    -- An argon2id PHC string; never the password.
    password_hash text not null,
    disabled boolean not null default false,
    created_at text not null
);

-- The id is the SHA-256 (hex) of the random token in the cookie; the token is never stored.
create table user_session (
    user_session_id text primary key not null,
    app_user_id text not null references app_user (app_user_id) on delete cascade,
    csrf_token text not null,
    created_at text not null,
    last_seen_at text not null,
    expires_at text not null
);
create index user_session_user_idx on user_session (app_user_id);

-- One row per login attempt, keyed "account:<email>" or "address:<ip>".
create table login_attempt (
    attempt_key text not null,
    attempted_at text not null,
    success boolean not null
);
create index login_attempt_key_idx on login_attempt (attempt_key, attempted_at);
