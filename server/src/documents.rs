//! Flattens a stored service into the search index's document.

use chrono::NaiveDate;
use signpost_index::{Delivery, GeoPoint, ServiceDoc};

use crate::{
    hsds::{Service, AUDIENCE_TAXONOMY, DELIVERY_TAXONOMY, NEEDS_TAXONOMY},
    opening::opening_intervals,
    reference::Taxonomy,
};

const SUMMARY_MAX_CHARS: usize = 160;

/// Returns the index document for a published service.
pub fn service_doc(service: &Service, taxonomy: &Taxonomy) -> ServiceDoc {
    let mut needs: Vec<String> = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    let codes: Vec<&str> = service.term_codes(NEEDS_TAXONOMY).collect();
    for code in &codes {
        let Some(term) = taxonomy.need(code) else { continue };
        push_unique(&mut needs, code);
        match taxonomy.parent_of(code) {
            // A sub-need: its label and the words people use for it ("eviction", "betting").
            Some(parent) => {
                push_unique(&mut needs, parent);
                keywords.push(term.label.clone());
                keywords.extend(term.keywords.iter().cloned());
            }
            // A need area's label names all its sub-needs ("Money, benefits and debt"), so a
            // benefits service would match "debt": it is indexed only for a service that has
            // no sub-need of that area.
            None if !codes.iter().any(|other| taxonomy.parent_of(other) == Some(*code)) => {
                keywords.push(term.label.clone());
            }
            None => {}
        }
    }
    for code in service.term_codes(AUDIENCE_TAXONOMY) {
        if let Some(term) = taxonomy.other_term(code) {
            keywords.push(term.label.clone());
        }
    }
    if let Some(alternate) = &service.alternate_name {
        keywords.push(alternate.clone());
    }

    let locations: Vec<GeoPoint> = service
        .service_at_locations
        .iter()
        .filter(|sal| sal.location.location_type == "physical")
        .filter_map(|sal| match (sal.location.latitude, sal.location.longitude) {
            (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
            _ => None,
        })
        .collect();
    let delivery = delivery_modes(service, !locations.is_empty());
    let remote = delivery.iter().any(|mode| matches!(mode, Delivery::Phone | Delivery::Online));
    // Only a service people can reach without travelling covers an area as a whole.
    let coverage = if remote {
        service
            .service_areas
            .iter()
            .filter_map(|area| area.extent.as_deref())
            .filter(|extent| is_area_code(extent))
            .map(str::to_owned)
            .collect()
    } else {
        Vec::new()
    };

    let description = service.description.clone().unwrap_or_default();
    let assured_day = service.assured_date.as_deref().and_then(days_since_epoch);
    ServiceDoc {
        id: service.id.to_string(),
        name: service.name.clone(),
        organisation: service.organization.as_ref().map(|org| org.name.clone()).unwrap_or_default(),
        summary: summary(&description),
        description,
        keywords,
        needs,
        locations,
        coverage,
        delivery,
        min_age: service.minimum_age.and_then(|age| u32::try_from(age).ok()),
        max_age: service.maximum_age.and_then(|age| u32::try_from(age).ok()),
        free: service.is_free(),
        opening: opening_intervals(&service.schedules),
        assured_date: assured_day.and(service.assured_date.clone()),
        assured_day,
    }
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|existing| existing == value) {
        list.push(value.to_owned());
    }
}

/// Returns the delivery modes: the explicit `signpost-delivery` terms, or else a guess
/// from the record's shape (a physical place, a virtual location, a phone).
pub fn delivery_modes(service: &Service, has_physical_location: bool) -> Vec<Delivery> {
    let explicit: Vec<Delivery> = service.term_codes(DELIVERY_TAXONOMY).filter_map(Delivery::from_slug).collect();
    if !explicit.is_empty() {
        return explicit;
    }
    let mut modes = Vec::new();
    if has_physical_location {
        modes.push(Delivery::InPerson);
    } else if !service.phones.is_empty() {
        modes.push(Delivery::Phone);
    }
    if service.service_at_locations.iter().any(|sal| sal.location.location_type == "virtual") {
        modes.push(Delivery::Online);
    }
    modes
}

/// Returns true for an ONS area code such as E07000133 or K02000001.
pub fn is_area_code(text: &str) -> bool {
    text.len() == 9 && text.starts_with(['E', 'K', 'W', 'S', 'N']) && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Returns days since 1970-01-01 of a "YYYY-MM-DD" date (a longer ISO date-time is cut).
pub fn days_since_epoch(date: &str) -> Option<i32> {
    let day = NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((day - epoch).num_days()).ok()
}

/// Returns the first sentence of a description, cut at a word near 160 characters.
pub fn summary(description: &str) -> String {
    let first_paragraph = description.trim().split("\n\n").next().unwrap_or_default();
    let sentence_end = first_paragraph
        .char_indices()
        .find(|(index, c)| {
            matches!(c, '.' | '!' | '?')
                && first_paragraph[index + c.len_utf8()..].chars().next().is_none_or(char::is_whitespace)
        })
        .map(|(index, c)| index + c.len_utf8());
    let sentence = sentence_end.map_or(first_paragraph, |end| &first_paragraph[..end]);
    let flat = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SUMMARY_MAX_CHARS {
        return flat;
    }
    let mut cut = String::new();
    for word in flat.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > SUMMARY_MAX_CHARS - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_takes_the_first_sentence() {
        assert_eq!(summary("Free debt advice. We also help with bills."), "Free debt advice.");
        assert_eq!(summary("Costs £3.50 per session. Next."), "Costs £3.50 per session.");
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let long = "word ".repeat(80);
        let cut = summary(&long);
        assert!(cut.chars().count() <= SUMMARY_MAX_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn area_codes_are_recognised() {
        assert!(is_area_code("E07000133"));
        assert!(is_area_code("K02000001"));
        assert!(!is_area_code("Melton"));
    }

    #[test]
    fn epoch_days_are_counted() {
        assert_eq!(days_since_epoch("1970-01-02"), Some(1));
        assert_eq!(days_since_epoch("2026-11-23T10:00:00Z"), days_since_epoch("2026-11-23"));
        assert_eq!(days_since_epoch("not a date"), None);
    }
}
