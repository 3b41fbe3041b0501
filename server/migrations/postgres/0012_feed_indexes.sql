-- Indexes for the Open Referral UK feed's filters (taxonomy term, organisation,
-- modified_after, service areas) and its service_at_location lookups.
create index service_attribute_term_idx on service_attribute (taxonomy_term_id);
create index service_organization_idx on service (organization_id);
create index service_updated_idx on service (updated_at);
create index service_area_extent_idx on service_area (extent);
create index service_at_location_id_idx on service_at_location (service_at_location_id);
