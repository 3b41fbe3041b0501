//! Open Referral UK v1 service objects, as council directories publish them at
//! `/services`. Ids that are not UUIDs become stable UUIDv5 values of (feed, id), and the
//! original id is kept as provenance, so a re-import updates the same record.

use serde_json::Value;
use uuid::Uuid;

use super::html::html_to_text;
use crate::hsds::{
    Address, Attribute, CostOption, Language, Location, Organization, Phone, Schedule, Service, ServiceArea,
    ServiceAtLocation, TaxonomyTerm, AUDIENCE_TAXONOMY, DELIVERY_TAXONOMY,
};

/// Namespace for ids derived from feeds (UUIDv5 of "https://signpost.example.org/feed").
fn feed_namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://signpost.example.org/feed")
}

/// Returns true when a record has fields only ORUK v1 uses.
pub(super) fn is_oruk_v1(value: &Value) -> bool {
    const ORUK_V1_ONLY: [&str; 8] = [
        "pc_metadata",
        "pc_targetAudience",
        "deliverable_type",
        "attending_type",
        "attending_access",
        "regular_schedules",
        "service_taxonomys",
        "eligibilitys",
    ];
    ORUK_V1_ONLY.iter().any(|key| value.get(key).is_some())
}

fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn items<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> + 'a {
    value.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// Returns the record's id as a UUID, deriving one from (feed, scope, id) when needed.
fn stable_id(feed: &str, scope: &str, raw: Option<&str>, fallback: &str) -> Uuid {
    if let Some(id) = raw.and_then(|raw| Uuid::parse_str(raw).ok()) {
        return id;
    }
    let key = format!("{feed}/{scope}/{}", raw.unwrap_or(fallback));
    Uuid::new_v5(&feed_namespace(), key.as_bytes())
}

fn age(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Maps one ORUK v1 service to HSDS 3.0.
pub(super) fn convert(value: &Value, feed: &str) -> Result<(Service, Option<String>), String> {
    let raw_id = text(value, "id").ok_or("the record has no id")?;
    let id = stable_id(feed, "service", Some(&raw_id), &raw_id);
    let source_id = (Uuid::parse_str(&raw_id).is_err()).then(|| raw_id.clone());
    let scope = id.to_string();
    let name = text(value, "name").ok_or("the record has no name")?;

    let organization = value.get("organization").filter(|org| org.is_object()).and_then(|org| {
        let name = text(org, "name")?;
        Some(Organization {
            id: stable_id(feed, "organization", text(org, "id").as_deref(), &name),
            description: text(org, "description").map(|d| html_to_text(&d)).unwrap_or_default(),
            email: text(org, "email"),
            website: text(org, "url").or_else(|| text(org, "website")),
            name,
        })
    });

    let mut phones = Vec::new();
    for (index, contact) in items(value, "contacts").enumerate() {
        for (phone_index, phone) in items(contact, "phones").enumerate() {
            let Some(number) = text(phone, "number") else { continue };
            phones.push(Phone {
                id: stable_id(
                    feed,
                    &format!("{scope}/phone/{index}/{phone_index}"),
                    text(phone, "id").as_deref(),
                    &number,
                ),
                number,
                extension: None,
                phone_type: None,
                description: text(contact, "name"),
            });
        }
    }

    let mut schedules = Vec::new();
    for (index, rule) in items(value, "regular_schedules").enumerate() {
        let byday = text(rule, "byday").or_else(|| text(rule, "weekday").and_then(|day| weekday_code(&day)));
        schedules.push(Schedule {
            id: stable_id(feed, &format!("{scope}/schedule/{index}"), text(rule, "id").as_deref(), "schedule"),
            freq: Some("WEEKLY".to_owned()),
            byday,
            opens_at: text(rule, "opens_at"),
            closes_at: text(rule, "closes_at"),
            valid_from: None,
            valid_to: None,
            description: text(rule, "description"),
        });
    }

    let service_areas = items(value, "service_areas")
        .enumerate()
        .map(|(index, area)| ServiceArea {
            id: stable_id(feed, &format!("{scope}/area/{index}"), text(area, "id").as_deref(), "area"),
            name: text(area, "service_area"),
            description: None,
            extent: text(area, "extent"),
            extent_type: None,
        })
        .collect();

    let mut service_at_locations = Vec::new();
    for (index, sal) in items(value, "service_at_locations").enumerate() {
        let Some(location) = sal.get("location") else { continue };
        let location_id =
            stable_id(feed, &format!("{scope}/location/{index}"), text(location, "id").as_deref(), "location");
        let addresses = items(location, "physical_addresses")
            .enumerate()
            .map(|(address_index, address)| Address {
                id: stable_id(
                    feed,
                    &format!("{location_id}/address/{address_index}"),
                    text(address, "id").as_deref(),
                    "address",
                ),
                attention: None,
                address_1: text(address, "address_1").unwrap_or_default(),
                address_2: None,
                city: text(address, "city").unwrap_or_default(),
                region: None,
                state_province: text(address, "state_province").unwrap_or_default(),
                postal_code: text(address, "postal_code").unwrap_or_default(),
                country: text(address, "country").unwrap_or_else(|| "GB".to_owned()),
                address_type: "physical".to_owned(),
            })
            .collect();
        service_at_locations.push(ServiceAtLocation {
            id: stable_id(feed, &format!("{scope}/sal/{index}"), text(sal, "id").as_deref(), "sal"),
            description: None,
            location: Location {
                id: location_id,
                location_type: "physical".to_owned(),
                name: text(location, "name"),
                description: text(location, "description"),
                url: None,
                latitude: location.get("latitude").and_then(Value::as_f64),
                longitude: location.get("longitude").and_then(Value::as_f64),
                addresses,
                accessibility: Vec::new(),
            },
        });
    }

    let eligibility = items(value, "eligibilitys").next();
    let cost_options = items(value, "cost_options")
        .enumerate()
        .map(|(index, cost)| CostOption {
            id: stable_id(feed, &format!("{scope}/cost/{index}"), text(cost, "id").as_deref(), "cost"),
            option: text(cost, "option"),
            currency: Some("GBP".to_owned()),
            amount: cost.get("amount").and_then(Value::as_f64),
            amount_description: text(cost, "amount_description"),
        })
        .collect();
    let languages = items(value, "languages")
        .enumerate()
        .map(|(index, language)| Language {
            id: stable_id(feed, &format!("{scope}/language/{index}"), text(language, "id").as_deref(), "language"),
            name: text(language, "language"),
            code: None,
            note: None,
        })
        .collect();

    let mut attributes = delivery_attributes(value, &scope);
    attributes.extend(audience_attributes(value, &scope));

    let service = Service {
        id,
        name,
        alternate_name: None,
        description: text(value, "description").map(|d| html_to_text(&d)),
        url: text(value, "url"),
        email: text(value, "email"),
        status: text(value, "status").unwrap_or_else(|| "active".to_owned()),
        interpretation_services: None,
        application_process: None,
        fees_description: text(value, "fees"),
        wait_time: None,
        accreditations: text(value, "accreditations"),
        eligibility_description: None,
        minimum_age: eligibility.and_then(|e| e.get("minimum_age")).and_then(age),
        maximum_age: eligibility.and_then(|e| e.get("maximum_age")).and_then(age),
        assured_date: text(value, "assured_date").map(|date| date.chars().take(10).collect()),
        assurer_email: text(value, "assured_by").filter(|email| email.contains('@')),
        alert: None,
        last_modified: value.get("pc_metadata").and_then(|meta| text(meta, "date_modified")).map(date_time),
        organization,
        phones,
        schedules,
        service_areas,
        service_at_locations,
        languages,
        cost_options,
        attributes,
    };
    Ok((service, source_id))
}

/// Maps ORUK v1 `attending_type` ("Venue", "Phone", "Online", "Home visit") to delivery terms.
fn delivery_attributes(value: &Value, scope: &str) -> Vec<Attribute> {
    let Some(attending) = text(value, "attending_type") else { return Vec::new() };
    // The term is shared by every service, so its name is the canonical label, not the feed's word.
    let (slug, label) = match attending.to_lowercase().as_str() {
        "venue" | "home visit" | "in person" => ("in_person", "In person"),
        "phone" | "telephone" => ("phone", "By phone"),
        "online" => ("online", "Online"),
        _ => return Vec::new(),
    };
    let term_id =
        Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("https://signpost.example.org/taxonomy/{slug}").as_bytes());
    vec![Attribute {
        id: Uuid::new_v5(&feed_namespace(), format!("{scope}/delivery/{slug}").as_bytes()),
        taxonomy_term_id: Some(term_id),
        link_type: Some("service".to_owned()),
        link_entity: Some("service".to_owned()),
        value: Some(slug.to_owned()),
        taxonomy_term: Some(TaxonomyTerm {
            id: term_id,
            code: Some(slug.to_owned()),
            name: label.to_owned(),
            description: String::new(),
            parent_id: None,
            taxonomy: Some(DELIVERY_TAXONOMY.to_owned()),
        }),
    }]
}

/// Maps ORUK v1 `pc_targetAudience` (`audienceType` such as "Carers", "Autism" or
/// "Sensory Impaired>Visually Impaired") to Signpost's audience terms; others are dropped.
fn audience_attributes(value: &Value, scope: &str) -> Vec<Attribute> {
    let mut slugs: Vec<(&str, &str)> = Vec::new();
    for audience in items(value, "pc_targetAudience") {
        let Some(kind) = text(audience, "audienceType") else { continue };
        for part in kind.split('>') {
            let found = match part.trim().to_lowercase().as_str() {
                "carers" | "carer" | "young carers" => ("carers", "Carers"),
                "autism" | "learning disabilities" | "learning disability" | "learning difficulties" => {
                    ("learning-disabilities", "People with a learning disability")
                }
                "older people" | "older adults" | "elderly" | "over 50s" | "over 60s" | "pensioners" => {
                    ("older-people", "Older people")
                }
                "children" | "young people" | "children and young people" | "youth" | "teenagers" => {
                    ("children-and-young-people", "Children and young people (CAMHS)")
                }
                "adults" => ("adults", "Adults"),
                _ => continue,
            };
            if !slugs.contains(&found) {
                slugs.push(found);
            }
        }
    }
    slugs
        .into_iter()
        .map(|(slug, label)| Attribute {
            id: Uuid::new_v5(&feed_namespace(), format!("{scope}/audience/{slug}").as_bytes()),
            taxonomy_term_id: Some(taxonomy_term_id(slug)),
            link_type: Some("service".to_owned()),
            link_entity: Some("service".to_owned()),
            value: Some(slug.to_owned()),
            taxonomy_term: Some(TaxonomyTerm {
                id: taxonomy_term_id(slug),
                code: Some(slug.to_owned()),
                name: label.to_owned(),
                description: String::new(),
                parent_id: None,
                taxonomy: Some(AUDIENCE_TAXONOMY.to_owned()),
            }),
        })
        .collect()
}

/// The id of a Signpost taxonomy term (as `seed-data/taxonomy.json` gives it).
fn taxonomy_term_id(slug: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("https://signpost.example.org/taxonomy/{slug}").as_bytes())
}

/// HSDS 3.0 `last_modified` is a date-time; ORUK v1 feeds often give a bare date.
fn date_time(text: String) -> String {
    if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text
    }
}

fn weekday_code(day: &str) -> Option<String> {
    let code = match day.trim().to_lowercase().get(..2)? {
        "mo" => "MO",
        "tu" => "TU",
        "we" => "WE",
        "th" => "TH",
        "fr" => "FR",
        "sa" => "SA",
        "su" => "SU",
        _ => return None,
    };
    Some(code.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn non_uuid_ids_become_stable_uuids_with_provenance() {
        let record = json!({"id": "svc-42", "name": "Walking group", "status": "active", "pc_metadata": {}});
        let (first, source_id) = convert(&record, "feed.json").expect("converts");
        let (second, _) = convert(&record, "feed.json").expect("converts");
        assert_eq!(first.id, second.id);
        assert_eq!(source_id.as_deref(), Some("svc-42"));
        let (other_feed, _) = convert(&record, "other.json").expect("converts");
        assert_ne!(first.id, other_feed.id);
    }

    #[test]
    fn html_descriptions_become_text_and_venue_means_in_person() {
        let record = json!({"id": "2a3483ea-8966-4f50-9dc3-7bafa1e5c623", "name": "X", "description": "<p>Hello&nbsp;there</p>", "attending_type": "Venue"});
        let (service, source_id) = convert(&record, "feed.json").expect("converts");
        assert_eq!(service.description.as_deref(), Some("Hello there"));
        assert_eq!(source_id, None);
        assert_eq!(service.term_codes(DELIVERY_TAXONOMY).collect::<Vec<_>>(), vec!["in_person"]);
    }

    #[test]
    fn status_and_target_audiences_are_carried_over() {
        let record = json!({
            "id": "svc-7", "name": "Memory café", "status": "Defunct",
            "pc_targetAudience": [
                {"id": "1", "audienceType": "Carers"},
                {"id": "2", "audienceType": "Dementia"},
                {"id": "3", "audienceType": "Disabled People>Autism"}
            ]
        });
        let (service, _) = convert(&record, "feed.json").expect("converts");
        assert_eq!(service.status, "Defunct", "kept as given; validation lowercases it");
        let audiences: Vec<&str> = service.term_codes(AUDIENCE_TAXONOMY).collect();
        assert_eq!(audiences, vec!["carers", "learning-disabilities"]);
    }
}
