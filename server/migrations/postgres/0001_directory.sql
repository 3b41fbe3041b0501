-- The directory in HSDS 3.0 shape. Child rows are keyed by (service_id, position):
-- feeds reuse child ids across records, and a service's children are replaced whole.
create table organization (
    organization_id text primary key not null,
    name text not null,
    description text not null default '',
    email text,
    website text,
    created_at text not null default (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    updated_at text not null default (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);

create table service (
    service_id text primary key not null,
    organization_id text references organization (organization_id),
    name text not null,
    alternate_name text,
    description text,
    url text,
    email text,
    status text not null,
    interpretation_services text,
    application_process text,
    fees_description text,
    wait_time text,
    accreditations text,
    eligibility_description text,
    minimum_age bigint,
    maximum_age bigint,
    assured_date text,
    assurer_email text,
    alert text,
    last_modified text,
    record_status text not null check (record_status in ('draft', 'published', 'archived')),
    review_due_date text,
    source text not null,
    source_id text,
    created_at text not null default (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    updated_at text not null default (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
);
create index service_record_status_idx on service (record_status);
create index service_source_idx on service (source, source_id);

create table location (
    location_id text primary key not null,
    location_type text not null,
    name text,
    description text,
    url text,
    latitude double precision,
    longitude double precision
);

create table address (
    location_id text not null references location (location_id) on delete cascade,
    position bigint not null,
    address_id text not null,
    attention text,
    address_1 text not null,
    address_2 text,
    city text not null,
    region text,
    state_province text not null,
    postal_code text not null,
    country text not null,
    address_type text not null,
    primary key (location_id, position)
);

create table accessibility (
    location_id text not null references location (location_id) on delete cascade,
    position bigint not null,
    accessibility_id text not null,
    description text,
    details text,
    url text,
    primary key (location_id, position)
);

create table service_at_location (
    service_id text not null references service (service_id) on delete cascade,
    position bigint not null,
    service_at_location_id text not null,
    location_id text not null references location (location_id),
    description text,
    primary key (service_id, position)
);

create table phone (
    service_id text not null references service (service_id) on delete cascade,
    position bigint not null,
    phone_id text not null,
    number text not null,
    extension bigint,
    phone_type text,
    description text,
    primary key (service_id, position)
);

create table schedule (
    service_id text not null references service (service_id) on delete cascade,
    position bigint not null,
    schedule_id text not null,
    freq text,
    byday text,
    opens_at text,
    closes_at text,
    valid_from text,
    valid_to text,
    description text,
    primary key (service_id, position)
);

create table service_area (
    service_id text not null references service (service_id) on delete cascade,
    position bigint not null,
    service_area_id text not null,
    name text,
    description text,
    extent text,
    extent_type text,
    primary key (service_id, position)
);

create table language (
    service_id text not null references service (service_id) on delete cascade,
    position bigint not null,
    language_id text not null,
    name text,
    code text,
    note text,
    primary key (service_id, position)
);

create table cost_option (
    service_id text not null references service (service_id) on delete cascade,
    position bigint not null,
    cost_option_id text not null,
    option text,
    currency text,
    amount double precision,
    amount_description text,
    primary key (service_id, position)
);

create table taxonomy_term (
    taxonomy_term_id text primary key not null,
    code text,
    name text not null,
    description text not null default '',
    parent_id text,
    taxonomy text
);

create table service_attribute (
    service_id text not null references service (service_id) on delete cascade,
    position bigint not null,
    attribute_id text not null,
    taxonomy_term_id text,
    link_type text,
    link_entity text,
    value text,
    primary key (service_id, position)
);

-- Every write that changes what search shows appends here in the same transaction;
-- the index keeper applies it in order (DESIGN.md, "Storage").
create table change_log (
    change_seq bigint generated always as identity primary key,
    service_id text not null,
    change_kind text not null,
    changed_at text not null default (to_char(clock_timestamp() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);
