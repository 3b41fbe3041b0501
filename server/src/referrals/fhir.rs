//! The referral as a FHIR R4 `ServiceRequest` (UK Core profile), for care-plan systems
//! that take FHIR: the services travel as `contained` `HealthcareService` resources, the
//! code is the SNOMED CT concept 871731000000106 "Referral to social prescribing
//! service", and the subject is identified only by the care plan's own reference.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{EventType, Referral};
use crate::storage::accounts::time_text;

/// The UK Core ServiceRequest profile.
pub const UK_CORE_SERVICE_REQUEST: &str = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest";
/// The UK Core HealthcareService profile.
pub const UK_CORE_HEALTHCARE_SERVICE: &str = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-HealthcareService";
/// SNOMED CT's system URI.
pub const SNOMED: &str = "http://snomed.info/sct";
/// "Referral to social prescribing service" (UK extension).
pub const SOCIAL_PRESCRIBING_REFERRAL: (&str, &str) = ("871731000000106", "Referral to social prescribing service");
/// Signpost's code systems for its own codes (support levels, actions, ids).
pub const SIGNPOST_SYSTEM: &str = "https://signpost.nhs.uk/fhir";

/// Returns the ServiceRequest for `referral`.
pub fn service_request(referral: &Referral, event: EventType, at: DateTime<Utc>, public_url: &str) -> Value {
    let contained: Vec<Value> = referral
        .services
        .iter()
        .enumerate()
        .map(|(at, service)| {
            let mut telecom = Vec::new();
            if let Some(phone) = &service.phone {
                telecom.push(json!({"system": "phone", "value": phone}));
            }
            if let Some(email) = &service.email {
                telecom.push(json!({"system": "email", "value": email}));
            }
            if let Some(url) = &service.url {
                telecom.push(json!({"system": "url", "value": url}));
            }
            let mut resource = json!({
                "resourceType": "HealthcareService",
                "id": format!("service{}", at + 1),
                "meta": {"profile": [UK_CORE_HEALTHCARE_SERVICE]},
                "identifier": [{"system": format!("{SIGNPOST_SYSTEM}/service-id"), "value": service.id}],
                "active": true,
                "name": service.name,
                "telecom": telecom,
            });
            if let Some(object) = resource.as_object_mut() {
                if let Some(org) = &service.organisation {
                    object.insert("providedBy".into(), json!({"display": org}));
                }
                object
                    .insert("comment".into(), format!("Signpost record: {public_url}/services/{}", service.id).into());
            }
            resource
        })
        .collect();
    let performers: Vec<Value> =
        (1..=referral.services.len()).map(|n| json!({"reference": format!("#service{n}")})).collect();
    let order_detail: Vec<Value> = referral
        .actions
        .iter()
        .map(|action| {
            json!({"coding": [{"system": format!("{SIGNPOST_SYSTEM}/expected-action"), "code": action.code(), "display": action.label()}], "text": action.label()})
        })
        .collect();
    let status = match event {
        EventType::Created => "active",
        EventType::Withdrawn => "revoked",
    };
    let mut request = json!({
        "resourceType": "ServiceRequest",
        "id": referral.id,
        "meta": {"profile": [UK_CORE_SERVICE_REQUEST], "lastUpdated": time_text(at)},
        "contained": contained,
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{}", referral.id)}],
        "status": status,
        "intent": "order",
        "category": [{
            "coding": [{
                "system": format!("{SIGNPOST_SYSTEM}/support-level"),
                "code": referral.support_level.code(),
                "display": referral.support_level.label(),
            }],
            "text": referral.support_level.label(),
        }],
        "priority": "routine",
        "code": {
            "coding": [{"system": SNOMED, "code": SOCIAL_PRESCRIBING_REFERRAL.0, "display": SOCIAL_PRESCRIBING_REFERRAL.1}],
            "text": SOCIAL_PRESCRIBING_REFERRAL.1,
        },
        "orderDetail": order_detail,
        "subject": {"identifier": {"system": format!("{SIGNPOST_SYSTEM}/care-plan-reference"), "value": referral.care_plan_reference}},
        "authoredOn": referral.created_at,
        "requester": {"display": format!("Signpost ({})", referral.staff_role.label())},
        "performer": performers,
    });
    if let (Some(note), Some(object)) = (&referral.note, request.as_object_mut()) {
        object.insert("note".into(), json!([{"text": note}]));
    }
    request
}
