-- Curators' internal notes on a service, shown to helpline staff only (never public):
-- one note per service, replaced when edited.
create table service_internal_note (
    service_id text primary key not null,
    note text not null,
    updated_at text not null,
    updated_by text not null
);

-- A few SAMPLE local roles so "Who can help in this area" has something to show; they
-- are labelled as samples, carry no real contact details, and curators delete them.
insert into local_role
    (local_role_id, role_kind, title, organisation, pcn_code, district_code, how_to_contact, notes, updated_at, updated_by)
values
    ('7a1f0c52-0001-4c1e-9a55-000000000001', 'social_prescribing_link_worker',
     'SAMPLE: Social prescribing link worker', 'SAMPLE: Belgrave & Spinney Hill PCN', 'U64426', 'E06000016',
     'Via the GP practice: ask reception for the social prescribing link worker.',
     'Sample entry for testing; not a real contact.', '2026-01-01T00:00:00.000Z', 'sample data'),
    ('7a1f0c52-0002-4c1e-9a55-000000000002', 'local_area_coordinator',
     'SAMPLE: Local area coordinator', 'SAMPLE: Melton Borough', null, 'E07000133',
     'Email lac-sample@example.org (sample address).',
     'Sample entry for testing; not a real contact.', '2026-01-01T00:00:00.000Z', 'sample data'),
    ('7a1f0c52-0003-4c1e-9a55-000000000003', 'peer_support_worker',
     'SAMPLE: Peer support worker', 'SAMPLE: Rutland Health PCN', 'U67590', 'E06000017',
     'Via the GP practice.',
     'Sample entry for testing; not a real contact.', '2026-01-01T00:00:00.000Z', 'sample data'),
    ('7a1f0c52-0004-4c1e-9a55-000000000004', 'social_prescribing_link_worker',
     'SAMPLE: Social prescribing link worker', 'SAMPLE: Soar Valley PCN', 'U33192', 'E07000130',
     'Via the GP practice.',
     'Sample entry for testing; not a real contact.', '2026-01-01T00:00:00.000Z', 'sample data');
