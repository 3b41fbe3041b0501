//! Builders for test services.

use signpost_server::{
    hsds::{
        Address, Attribute, CostOption, Location, Organization, Phone, Schedule, Service, ServiceArea,
        ServiceAtLocation, TaxonomyTerm, AUDIENCE_TAXONOMY, DELIVERY_TAXONOMY, NEEDS_TAXONOMY,
    },
    storage::{Provenance, RecordStatus, ServiceRecord},
};
use uuid::Uuid;

/// Builds one service record.
#[derive(Debug, Clone)]
pub struct ServiceBuilder {
    record: ServiceRecord,
}

fn term_id(slug: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("https://signpost.example.org/taxonomy/{slug}").as_bytes())
}

impl ServiceBuilder {
    /// Starts a published, active, free service with a random id.
    pub fn new(name: &str) -> Self {
        let org_id = Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("https://test.example.org/org/{name}").as_bytes());
        Self {
            record: ServiceRecord {
                service: Service {
                    description: Some(format!("{name}. A test service.")),
                    url: Some("https://example.org/test".to_owned()),
                    assured_date: Some("2026-10-01".to_owned()),
                    organization: Some(Organization {
                        id: org_id,
                        name: format!("{name} Trust"),
                        description: String::new(),
                        email: None,
                        website: None,
                    }),
                    ..Service::new(Uuid::new_v4(), name)
                },
                record_status: RecordStatus::Published,
                review_due_date: None,
                provenance: Provenance { source: "test".to_owned(), source_id: None },
            },
        }
    }

    /// Sets the id.
    pub fn id(mut self, id: Uuid) -> Self {
        self.record.service.id = id;
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: &str) -> Self {
        self.record.service.description = Some(text.to_owned());
        self
    }

    fn term(mut self, taxonomy: &str, slug: &str) -> Self {
        let id = term_id(slug);
        self.record.service.attributes.push(Attribute {
            id: Uuid::new_v4(),
            taxonomy_term_id: Some(id),
            link_type: Some("service".into()),
            link_entity: Some("service".into()),
            value: Some(slug.to_owned()),
            taxonomy_term: Some(TaxonomyTerm {
                id,
                code: Some(slug.to_owned()),
                name: slug.to_owned(),
                description: String::new(),
                parent_id: None,
                taxonomy: Some(taxonomy.to_owned()),
            }),
        });
        self
    }

    /// Adds a need (area or sub-need slug).
    pub fn need(self, slug: &str) -> Self {
        self.term(NEEDS_TAXONOMY, slug)
    }

    /// Adds a delivery mode (in_person, phone, online).
    pub fn delivery(self, slug: &str) -> Self {
        self.term(DELIVERY_TAXONOMY, slug)
    }

    /// Adds an audience term (the taxonomy's slug, e.g. `carers`, `older-people`).
    pub fn audience(self, slug: &str) -> Self {
        self.term(AUDIENCE_TAXONOMY, slug)
    }

    /// Sets the HSDS status (active, inactive, defunct, temporarily closed).
    pub fn hsds_status(mut self, status: &str) -> Self {
        self.record.service.status = status.to_owned();
        self
    }

    /// Adds a service area given by name only, with no code.
    pub fn area_named(mut self, name: &str) -> Self {
        self.record.service.service_areas.push(ServiceArea {
            id: Uuid::new_v4(),
            name: Some(name.to_owned()),
            description: None,
            extent: None,
            extent_type: None,
        });
        self
    }

    /// Adds a physical location.
    pub fn at(mut self, lat: f64, lon: f64, postcode: &str) -> Self {
        self.record.service.service_at_locations.push(ServiceAtLocation {
            id: Uuid::new_v4(),
            description: None,
            location: Location {
                id: Uuid::new_v4(),
                location_type: "physical".into(),
                name: Some("Community Centre (test venue)".into()),
                description: None,
                url: None,
                latitude: Some(lat),
                longitude: Some(lon),
                addresses: vec![Address {
                    id: Uuid::new_v4(),
                    attention: None,
                    address_1: "Community Centre (test venue)".into(),
                    address_2: None,
                    city: "Leicester".into(),
                    region: None,
                    state_province: "Leicestershire".into(),
                    postal_code: postcode.into(),
                    country: "GB".into(),
                    address_type: "physical".into(),
                }],
                accessibility: Vec::new(),
            },
        });
        self
    }

    /// Adds a service area by ONS code.
    pub fn covers(mut self, code: &str) -> Self {
        self.record.service.service_areas.push(ServiceArea {
            id: Uuid::new_v4(),
            name: Some(code.to_owned()),
            description: None,
            extent: Some(code.to_owned()),
            extent_type: Some("text".into()),
        });
        self
    }

    /// Adds a weekly opening rule.
    pub fn open(mut self, byday: &str, opens: &str, closes: &str) -> Self {
        self.record.service.schedules.push(Schedule {
            id: Uuid::new_v4(),
            freq: Some("WEEKLY".into()),
            byday: Some(byday.into()),
            opens_at: Some(opens.into()),
            closes_at: Some(closes.into()),
            valid_from: None,
            valid_to: None,
            description: None,
        });
        self
    }

    /// Sets the age range.
    pub fn ages(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.record.service.minimum_age = min;
        self.record.service.maximum_age = max;
        self
    }

    /// Adds a charge.
    pub fn costs(mut self, amount: f64) -> Self {
        self.record.service.cost_options.push(CostOption {
            id: Uuid::new_v4(),
            option: Some("Per session".into()),
            currency: Some("GBP".into()),
            amount: Some(amount),
            amount_description: Some(format!("£{amount:.2} per session")),
        });
        self
    }

    /// Adds a phone number.
    pub fn phone(mut self, number: &str) -> Self {
        self.record.service.phones.push(Phone {
            id: Uuid::new_v4(),
            number: number.into(),
            extension: None,
            phone_type: Some("voice".into()),
            description: None,
        });
        self
    }

    /// Sets the assured date.
    pub fn assured(mut self, date: Option<&str>) -> Self {
        self.record.service.assured_date = date.map(str::to_owned);
        self
    }

    /// Sets the workflow status.
    pub fn status(mut self, status: RecordStatus) -> Self {
        self.record.record_status = status;
        self
    }

    /// Returns the record.
    pub fn build(self) -> ServiceRecord {
        self.record
    }
}
