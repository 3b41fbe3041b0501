//! The thin JSON event, in the Standard Webhooks shape `{type, timestamp, data}`: what
//! the care plan needs to record the referral, and nothing about the person beyond the
//! care plan's own reference.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{EventType, Referral};
use crate::storage::accounts::time_text;

/// Returns the event for `referral` at `at`. `public_url` makes Signpost links absolute.
pub fn event(referral: &Referral, event: EventType, at: DateTime<Utc>, public_url: &str) -> Value {
    let services: Vec<Value> = referral
        .services
        .iter()
        .map(|service| {
            json!({
                "id": service.id,
                "name": service.name,
                "organisation": service.organisation,
                "contact": {"phone": service.phone, "email": service.email},
                "url": service.url,
                "signpost_url": format!("{public_url}/services/{}", service.id),
            })
        })
        .collect();
    json!({
        "type": event.as_str(),
        "timestamp": time_text(at),
        "data": {
            "referral_id": referral.id,
            "care_plan_reference": referral.care_plan_reference,
            "support_level": {"code": referral.support_level.code(), "label": referral.support_level.label()},
            "actions": referral.actions.iter().map(|action| json!({"code": action.code(), "label": action.label()})).collect::<Vec<_>>(),
            "services": services,
            "note": referral.note,
            "staff_role": referral.staff_role.as_str(),
            "status": referral.status.as_str(),
            "created_at": referral.created_at,
            "status_updated_at": referral.status_updated_at,
        }
    })
}
