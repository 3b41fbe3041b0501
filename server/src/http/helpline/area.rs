//! The area a person lives in, as the helpline records it: a district and a primary
//! care network (PCN), never the postcode itself.

use crate::reference::{Geography, LocationError};

/// District and PCN codes derived from what staff typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Area {
    /// ONS district code (only inside LLR).
    pub district_code: Option<String>,
    /// PCN code (only from a full postcode inside LLR).
    pub pcn_code: Option<String>,
}

/// Derives the area from a postcode, postcode district or town.
///
/// How: `Geography::resolve` looks the text up in `seed-data/geo` (postcodes.csv for a
/// full postcode, outcodes.csv for a district such as LE4, places.csv for a town) and
/// gives a point and, inside LLR, the district. Only a full postcode is precise enough
/// for a PCN: it is the PCN of the GP practice nearest that postcode's point
/// (practices.csv), since people usually register with a practice near home and PCNs
/// are groups of practices. A district or town gives the district alone, and a place
/// outside LLR gives neither. The text itself is dropped as soon as this returns.
pub fn area_of(geography: &Geography, text: &str) -> Result<Area, LocationError> {
    let place = geography.resolve(text)?;
    let Some(district_code) = place.district_code else { return Ok(Area::default()) };
    let full_postcode = geography.postcode_point(text).is_some();
    let pcn_code = full_postcode.then(|| geography.nearest_pcn(place.point)).flatten().map(|pcn| pcn.code.clone());
    Ok(Area { district_code: Some(district_code), pcn_code })
}

/// Returns an area in words: "Leicester, Belgrave & Spinney Hill PCN".
pub fn area_label(geography: &Geography, district: Option<&str>, pcn: Option<&str>) -> String {
    let district = district.and_then(|code| geography.district(code)).map(|district| district.name.clone());
    let pcn = pcn.and_then(|code| geography.pcn(code)).map(|pcn| pcn.name.clone());
    let parts: Vec<String> = [district, pcn].into_iter().flatten().collect();
    if parts.is_empty() {
        "Not known".to_owned()
    } else {
        parts.join(", ")
    }
}
