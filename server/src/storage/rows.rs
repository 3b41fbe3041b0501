//! Row types shared by both backends, and the assembly of rows into services.

use std::collections::HashMap;

use uuid::Uuid;

use super::{Error, Provenance, Result, ServiceRecord};
use crate::hsds::{
    Accessibility, Address, Attribute, CostOption, Language, Location, Organization, Phone, Schedule, Service,
    ServiceArea, ServiceAtLocation, TaxonomyTerm,
};

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ServiceRow {
    pub(super) service_id: String,
    pub(super) organization_id: Option<String>,
    pub(super) name: String,
    pub(super) alternate_name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) url: Option<String>,
    pub(super) email: Option<String>,
    pub(super) status: String,
    pub(super) interpretation_services: Option<String>,
    pub(super) application_process: Option<String>,
    pub(super) fees_description: Option<String>,
    pub(super) wait_time: Option<String>,
    pub(super) accreditations: Option<String>,
    pub(super) eligibility_description: Option<String>,
    pub(super) minimum_age: Option<i64>,
    pub(super) maximum_age: Option<i64>,
    pub(super) assured_date: Option<String>,
    pub(super) assurer_email: Option<String>,
    pub(super) alert: Option<String>,
    pub(super) last_modified: Option<String>,
    pub(super) record_status: String,
    pub(super) review_due_date: Option<String>,
    pub(super) source: String,
    pub(super) source_id: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct OrganizationRow {
    pub(super) organization_id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) email: Option<String>,
    pub(super) website: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct LocationRow {
    pub(super) service_id: String,
    pub(super) service_at_location_id: String,
    pub(super) sal_description: Option<String>,
    pub(super) location_id: String,
    pub(super) location_type: String,
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) url: Option<String>,
    pub(super) latitude: Option<f64>,
    pub(super) longitude: Option<f64>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct AddressRow {
    pub(super) location_id: String,
    pub(super) address_id: String,
    pub(super) attention: Option<String>,
    pub(super) address_1: String,
    pub(super) address_2: Option<String>,
    pub(super) city: String,
    pub(super) region: Option<String>,
    pub(super) state_province: String,
    pub(super) postal_code: String,
    pub(super) country: String,
    pub(super) address_type: String,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct AccessibilityRow {
    pub(super) location_id: String,
    pub(super) accessibility_id: String,
    pub(super) description: Option<String>,
    pub(super) details: Option<String>,
    pub(super) url: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct PhoneRow {
    pub(super) service_id: String,
    pub(super) phone_id: String,
    pub(super) number: String,
    pub(super) extension: Option<i64>,
    pub(super) phone_type: Option<String>,
    pub(super) description: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ScheduleRow {
    pub(super) service_id: String,
    pub(super) schedule_id: String,
    pub(super) freq: Option<String>,
    pub(super) byday: Option<String>,
    pub(super) opens_at: Option<String>,
    pub(super) closes_at: Option<String>,
    pub(super) valid_from: Option<String>,
    pub(super) valid_to: Option<String>,
    pub(super) description: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ServiceAreaRow {
    pub(super) service_id: String,
    pub(super) service_area_id: String,
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) extent: Option<String>,
    pub(super) extent_type: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct LanguageRow {
    pub(super) service_id: String,
    pub(super) language_id: String,
    pub(super) name: Option<String>,
    pub(super) code: Option<String>,
    pub(super) note: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct CostOptionRow {
    pub(super) service_id: String,
    pub(super) cost_option_id: String,
    pub(super) option: Option<String>,
    pub(super) currency: Option<String>,
    pub(super) amount: Option<f64>,
    pub(super) amount_description: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct AttributeRow {
    pub(super) service_id: String,
    pub(super) attribute_id: String,
    pub(super) taxonomy_term_id: Option<String>,
    pub(super) link_type: Option<String>,
    pub(super) link_entity: Option<String>,
    pub(super) value: Option<String>,
    pub(super) term_code: Option<String>,
    pub(super) term_name: Option<String>,
    pub(super) term_description: Option<String>,
    pub(super) term_parent_id: Option<String>,
    pub(super) term_taxonomy: Option<String>,
}

/// Every child row of a batch of services, each list ordered by (owner, position).
#[derive(Default)]
pub(super) struct Children {
    pub(super) organizations: Vec<OrganizationRow>,
    pub(super) locations: Vec<LocationRow>,
    pub(super) addresses: Vec<AddressRow>,
    pub(super) accessibility: Vec<AccessibilityRow>,
    pub(super) phones: Vec<PhoneRow>,
    pub(super) schedules: Vec<ScheduleRow>,
    pub(super) service_areas: Vec<ServiceAreaRow>,
    pub(super) languages: Vec<LanguageRow>,
    pub(super) cost_options: Vec<CostOptionRow>,
    pub(super) attributes: Vec<AttributeRow>,
}

fn uuid(value: &str) -> Result<Uuid> {
    Uuid::parse_str(value).map_err(|_| Error::Corrupt(format!("uuid {value:?}")))
}

fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> &str) -> HashMap<String, Vec<T>> {
    let mut groups: HashMap<String, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row).to_owned()).or_default().push(row);
    }
    groups
}

/// Builds full service records from their rows.
pub(super) fn assemble(services: Vec<ServiceRow>, children: Children) -> Result<Vec<ServiceRecord>> {
    let mut organizations = HashMap::new();
    for row in children.organizations {
        let organization = Organization {
            id: uuid(&row.organization_id)?,
            name: row.name,
            description: row.description,
            email: row.email,
            website: row.website,
        };
        organizations.insert(row.organization_id, organization);
    }
    let addresses = group(children.addresses, |row| &row.location_id);
    let accessibility = group(children.accessibility, |row| &row.location_id);
    let mut locations = group(children.locations, |row| &row.service_id);
    let mut phones = group(children.phones, |row| &row.service_id);
    let mut schedules = group(children.schedules, |row| &row.service_id);
    let mut areas = group(children.service_areas, |row| &row.service_id);
    let mut languages = group(children.languages, |row| &row.service_id);
    let mut costs = group(children.cost_options, |row| &row.service_id);
    let mut attributes = group(children.attributes, |row| &row.service_id);

    let mut records = Vec::with_capacity(services.len());
    for row in services {
        let key = row.service_id.as_str();
        let mut service_at_locations = Vec::new();
        for sal in locations.remove(key).unwrap_or_default() {
            // A location may be shared by several services, so clone rather than take.
            let location_addresses = addresses.get(&sal.location_id).map_or(&[][..], Vec::as_slice);
            let location_accessibility = accessibility.get(&sal.location_id).map_or(&[][..], Vec::as_slice);
            service_at_locations.push(ServiceAtLocation {
                id: uuid(&sal.service_at_location_id)?,
                description: sal.sal_description,
                location: Location {
                    id: uuid(&sal.location_id)?,
                    location_type: sal.location_type,
                    name: sal.name,
                    description: sal.description,
                    url: sal.url,
                    latitude: sal.latitude,
                    longitude: sal.longitude,
                    addresses: location_addresses
                        .iter()
                        .map(|a| {
                            Ok(Address {
                                id: uuid(&a.address_id)?,
                                attention: a.attention.clone(),
                                address_1: a.address_1.clone(),
                                address_2: a.address_2.clone(),
                                city: a.city.clone(),
                                region: a.region.clone(),
                                state_province: a.state_province.clone(),
                                postal_code: a.postal_code.clone(),
                                country: a.country.clone(),
                                address_type: a.address_type.clone(),
                            })
                        })
                        .collect::<Result<_>>()?,
                    accessibility: location_accessibility
                        .iter()
                        .map(|a| {
                            Ok(Accessibility {
                                id: uuid(&a.accessibility_id)?,
                                description: a.description.clone(),
                                details: a.details.clone(),
                                url: a.url.clone(),
                            })
                        })
                        .collect::<Result<_>>()?,
                },
            });
        }
        let service = Service {
            id: uuid(&row.service_id)?,
            name: row.name,
            alternate_name: row.alternate_name,
            description: row.description,
            url: row.url,
            email: row.email,
            status: row.status,
            interpretation_services: row.interpretation_services,
            application_process: row.application_process,
            fees_description: row.fees_description,
            wait_time: row.wait_time,
            accreditations: row.accreditations,
            eligibility_description: row.eligibility_description,
            minimum_age: row.minimum_age,
            maximum_age: row.maximum_age,
            assured_date: row.assured_date,
            assurer_email: row.assurer_email,
            alert: row.alert,
            last_modified: row.last_modified,
            organization: row.organization_id.as_ref().and_then(|id| organizations.get(id).cloned()),
            phones: phones
                .remove(key)
                .unwrap_or_default()
                .into_iter()
                .map(|p| {
                    Ok(Phone {
                        id: uuid(&p.phone_id)?,
                        number: p.number,
                        extension: p.extension,
                        phone_type: p.phone_type,
                        description: p.description,
                    })
                })
                .collect::<Result<_>>()?,
            schedules: schedules
                .remove(key)
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    Ok(Schedule {
                        id: uuid(&s.schedule_id)?,
                        freq: s.freq,
                        byday: s.byday,
                        opens_at: s.opens_at,
                        closes_at: s.closes_at,
                        valid_from: s.valid_from,
                        valid_to: s.valid_to,
                        description: s.description,
                    })
                })
                .collect::<Result<_>>()?,
            service_areas: areas
                .remove(key)
                .unwrap_or_default()
                .into_iter()
                .map(|a| {
                    Ok(ServiceArea {
                        id: uuid(&a.service_area_id)?,
                        name: a.name,
                        description: a.description,
                        extent: a.extent,
                        extent_type: a.extent_type,
                    })
                })
                .collect::<Result<_>>()?,
            service_at_locations,
            languages: languages
                .remove(key)
                .unwrap_or_default()
                .into_iter()
                .map(|l| Ok(Language { id: uuid(&l.language_id)?, name: l.name, code: l.code, note: l.note }))
                .collect::<Result<_>>()?,
            cost_options: costs
                .remove(key)
                .unwrap_or_default()
                .into_iter()
                .map(|c| {
                    Ok(CostOption {
                        id: uuid(&c.cost_option_id)?,
                        option: c.option,
                        currency: c.currency,
                        amount: c.amount,
                        amount_description: c.amount_description,
                    })
                })
                .collect::<Result<_>>()?,
            attributes: attributes
                .remove(key)
                .unwrap_or_default()
                .into_iter()
                .map(attribute_from_row)
                .collect::<Result<_>>()?,
        };
        records.push(ServiceRecord {
            service,
            record_status: row.record_status.parse()?,
            review_due_date: row.review_due_date,
            provenance: Provenance { source: row.source, source_id: row.source_id },
        });
    }
    Ok(records)
}

fn attribute_from_row(row: AttributeRow) -> Result<Attribute> {
    let taxonomy_term = match (&row.taxonomy_term_id, row.term_name) {
        (Some(id), Some(name)) => Some(TaxonomyTerm {
            id: uuid(id)?,
            code: row.term_code,
            name,
            description: row.term_description.unwrap_or_default(),
            parent_id: row.term_parent_id.as_deref().map(uuid).transpose()?,
            taxonomy: row.term_taxonomy,
        }),
        _ => None,
    };
    Ok(Attribute {
        id: uuid(&row.attribute_id)?,
        taxonomy_term_id: row.taxonomy_term_id.as_deref().map(uuid).transpose()?,
        link_type: row.link_type,
        link_entity: row.link_entity,
        value: row.value,
        taxonomy_term,
    })
}

/// A `taxonomy_term` row as the feed lists it.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct TermRow {
    pub(super) taxonomy_term_id: String,
    pub(super) code: Option<String>,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) parent_id: Option<String>,
    pub(super) taxonomy: Option<String>,
}

pub(super) fn organization_from_row(row: OrganizationRow) -> Result<Organization> {
    Ok(Organization {
        id: uuid(&row.organization_id)?,
        name: row.name,
        description: row.description,
        email: row.email,
        website: row.website,
    })
}

pub(super) fn term_from_row(row: TermRow) -> Result<TaxonomyTerm> {
    Ok(TaxonomyTerm {
        id: uuid(&row.taxonomy_term_id)?,
        code: row.code,
        name: row.name,
        description: row.description,
        parent_id: row.parent_id.as_deref().map(uuid).transpose()?,
        taxonomy: row.taxonomy,
    })
}
