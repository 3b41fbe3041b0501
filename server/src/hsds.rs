//! The directory's records in HSDS 3.0 shape: what is stored, imported and served.
//!
//! Only the fields Signpost keeps are modelled; anything else in a feed is dropped on
//! import, so a record read back from storage equals the normalised record written.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An HSDS 3.0 `service` with its nested organisation, contacts, places and terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// HSDS status: active, inactive, defunct or temporarily closed.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_services: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_process: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditations: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<i64>,
    /// The date the record was last checked ("YYYY-MM-DD").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurer_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    #[serde(default)]
    pub phones: Vec<Phone>,
    #[serde(default)]
    pub schedules: Vec<Schedule>,
    #[serde(default)]
    pub service_areas: Vec<ServiceArea>,
    #[serde(default)]
    pub service_at_locations: Vec<ServiceAtLocation>,
    #[serde(default)]
    pub languages: Vec<Language>,
    #[serde(default)]
    pub cost_options: Vec<CostOption>,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
}

/// An HSDS 3.0 `organization`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "url")]
    pub website: Option<String>,
}

/// An HSDS 3.0 `phone`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    pub id: Uuid,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<i64>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An HSDS 3.0 `schedule`: Signpost reads weekly rules (`freq` WEEKLY, `byday`,
/// `opens_at`, `closes_at`); a `closes_at` before `opens_at` runs past midnight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An HSDS 3.0 `service_area`. Signpost puts an ONS area code in `extent`
/// (`extent_type` "text"): a district, E54000015 (LLR), E92000001 or K02000001.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceArea {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent_type: Option<String>,
}

/// An HSDS 3.0 `service_at_location` with its location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceAtLocation {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub location: Location,
}

/// An HSDS 3.0 `location`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: Uuid,
    /// physical, postal or virtual.
    pub location_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub addresses: Vec<Address>,
    #[serde(default)]
    pub accessibility: Vec<Accessibility>,
}

/// An HSDS 3.0 `address`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<String>,
    #[serde(default)]
    pub address_1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    #[serde(default)]
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default)]
    pub state_province: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub country: String,
    #[serde(default = "default_address_type")]
    pub address_type: String,
}

fn default_address_type() -> String {
    "physical".to_owned()
}

/// An HSDS 3.0 `accessibility` note on a location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accessibility {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An HSDS 3.0 `language`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An HSDS 3.0 `cost_option`. A service is free when it has none with an amount above 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostOption {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_description: Option<String>,
}

/// An HSDS 3.0 `attribute` linking the service to a taxonomy term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_term_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_term: Option<TaxonomyTerm>,
}

/// An HSDS 3.0 `taxonomy_term`. Signpost's own vocabularies are named in `taxonomy`:
/// `signpost-needs`, `signpost-delivery` and `signpost-audience`, with the slug in `code`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaxonomyTerm {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<String>,
}

/// Vocabulary name of need terms.
pub const NEEDS_TAXONOMY: &str = "signpost-needs";
/// Vocabulary name of delivery terms.
pub const DELIVERY_TAXONOMY: &str = "signpost-delivery";
/// Vocabulary name of audience terms.
pub const AUDIENCE_TAXONOMY: &str = "signpost-audience";

impl Service {
    /// Returns an active service with only its id and name set.
    pub fn new(id: Uuid, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            alternate_name: None,
            description: None,
            url: None,
            email: None,
            status: "active".to_owned(),
            interpretation_services: None,
            application_process: None,
            fees_description: None,
            wait_time: None,
            accreditations: None,
            eligibility_description: None,
            minimum_age: None,
            maximum_age: None,
            assured_date: None,
            assurer_email: None,
            alert: None,
            last_modified: None,
            organization: None,
            phones: Vec::new(),
            schedules: Vec::new(),
            service_areas: Vec::new(),
            service_at_locations: Vec::new(),
            languages: Vec::new(),
            cost_options: Vec::new(),
            attributes: Vec::new(),
        }
    }

    /// Returns the slugs of the terms from `taxonomy` attached to this service.
    pub fn term_codes<'a>(&'a self, taxonomy: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.attributes.iter().filter_map(move |attribute| {
            let term = attribute.taxonomy_term.as_ref()?;
            if term.taxonomy.as_deref() != Some(taxonomy) {
                return None;
            }
            term.code.as_deref()
        })
    }

    /// Returns true when no cost option charges anything.
    pub fn is_free(&self) -> bool {
        self.cost_options.iter().all(|cost| cost.amount.is_none_or(|amount| amount <= 0.0))
    }
}
