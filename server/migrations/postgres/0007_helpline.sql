-- The helpline: each query staff log, the unmet needs found, and the local roles
-- directory ("who can help in this area"). No patient-identifiable data: the person's
-- postcode is used to derive district and PCN and is never stored, and every free-text
-- column has passed the patient-data guard. `month` is the Europe/London calendar month
-- ("YYYY-MM") so both databases group by the same text.
create table helpline_query (
    helpline_query_id text primary key not null,
    created_at text not null,
    month text not null,
    staff_user_id text not null references app_user (app_user_id),
    support_level text not null
        check (support_level in ('advice_information', 'needing_help', 'needing_more_help')),
    specialty text not null check (specialty in ('camhs', 'adult', 'older_people', 'learning_disabilities')),
    district_code text,
    pcn_code text,
    outcome text not null check (outcome in ('found', 'found_elsewhere', 'no_suitable_service')),
    search_text text not null default '',
    search_url text,
    notes text not null default ''
);
create index helpline_query_month_idx on helpline_query (month);

-- The need areas or sub-needs (taxonomy slugs) a query was about.
create table helpline_query_need (
    helpline_query_id text not null references helpline_query (helpline_query_id),
    need text not null,
    primary key (helpline_query_id, need)
);

-- The services suggested, in the order given.
create table helpline_query_service (
    helpline_query_id text not null references helpline_query (helpline_query_id),
    position integer not null,
    service_id text not null,
    primary key (helpline_query_id, position)
);

create table unmet_need (
    unmet_need_id text primary key not null,
    helpline_query_id text references helpline_query (helpline_query_id),
    created_at text not null,
    month text not null,
    staff_user_id text not null references app_user (app_user_id),
    -- Need area slug (e.g. "money") and optional sub-need slug (e.g. "benefits").
    need text not null,
    sub_need text,
    district_code text,
    pcn_code text,
    specialty text not null check (specialty in ('camhs', 'adult', 'older_people', 'learning_disabilities')),
    age_band text not null
        check (age_band in ('under_16', '16_17', '18_24', '25_64', '65_plus', 'not_known')),
    support_level text not null
        check (support_level in ('advice_information', 'needing_help', 'needing_more_help')),
    searched text not null,
    search_url text,
    description text not null
);
create index unmet_need_month_idx on unmet_need (month, need);
create index unmet_need_area_idx on unmet_need (district_code, pcn_code);

create table unmet_need_barrier (
    unmet_need_id text not null references unmet_need (unmet_need_id),
    barrier text not null check (barrier in
        ('cost', 'distance', 'waiting_list', 'eligibility', 'language', 'none_exists', 'no_capacity')),
    primary key (unmet_need_id, barrier)
);
create index unmet_need_barrier_idx on unmet_need_barrier (barrier);

-- Local roles who help people into community support (social prescribing link workers,
-- local area coordinators, peer support workers...), by PCN or district. Curated.
create table local_role (
    local_role_id text primary key not null,
    role_kind text not null,
    title text not null,
    organisation text not null,
    pcn_code text,
    district_code text,
    how_to_contact text not null,
    notes text not null default '',
    updated_at text not null,
    updated_by text not null
);
create index local_role_area_idx on local_role (district_code, pcn_code);
