//! HSDS 3.0 service objects (the shape of the specification's `service_full.json`).

use serde_json::Value;

use crate::hsds::Service;

/// Reads an HSDS 3.0 service; ids must already be UUIDs, as HSDS 3.0 requires.
pub(super) fn convert(value: &Value) -> Result<(Service, Option<String>), String> {
    let service = serde_json::from_value::<Service>(value.clone())
        .map_err(|error| format!("not a valid HSDS 3.0 service: {error}"))?;
    Ok((service, None))
}
