//! Flattens a stored service into the search index's document.

use chrono::NaiveDate;
use signpost_index::{Audience, Delivery, GeoPoint, ServiceDoc, WeeklyInterval, MINUTES_PER_WEEK};

use crate::{
    hsds::{Service, AUDIENCE_TAXONOMY, DELIVERY_TAXONOMY, NEEDS_TAXONOMY},
    opening::{always_open_described, opening_intervals},
    reference::{area_names, Taxonomy},
};

/// The need whose services are for carers.
const CARERS_NEED: &str = "carers-support";
/// Youngest age of a service for older people.
const OLDER_PEOPLE_MIN_AGE: i64 = 50;
/// Oldest upper age limit of a service for children and young people.
const YOUNG_PEOPLE_MAX_AGE: i64 = 25;

/// Returns whether a service may be shown as a current service: not `inactive` or
/// `defunct` (HSDS 3.0 status). A temporarily closed service is still shown, as closed.
pub fn is_current(service: &Service) -> bool {
    !matches!(service.status.as_str(), "inactive" | "defunct")
}

/// Returns whether the service says it is temporarily closed.
pub fn is_temporarily_closed(service: &Service) -> bool {
    service.status == "temporarily closed"
}

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
    // Only a service people can reach without travelling, or one with no place to go to
    // (it comes to people), covers an area as a whole.
    let coverage = if remote || locations.is_empty() { coverage_codes(service) } else { Vec::new() };

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
        opening: opening(service),
        assured_date: assured_day.and(service.assured_date.clone()),
        assured_day,
        audiences: audiences(service),
    }
}

/// Returns the area codes a service covers: ONS codes in `extent`, or an area's name
/// ("Leicestershire", "Leicester, Leicestershire and Rutland") resolved to its codes.
pub fn coverage_codes(service: &Service) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for area in &service.service_areas {
        let extent = area.extent.as_deref().map(str::trim).filter(|extent| !extent.is_empty());
        let found: Vec<String> = match extent {
            Some(code) if is_area_code(code) => vec![code.to_owned()],
            _ => [area.name.as_deref(), extent]
                .into_iter()
                .flatten()
                .find_map(area_names::area_codes)
                .unwrap_or_default(),
        };
        for code in found {
            push_unique(&mut codes, &code);
        }
    }
    codes
}

/// Returns the weekly opening: closed while temporarily closed, open all week when the
/// record says so in words ("24 hours a day, 7 days a week") and gives no times.
fn opening(service: &Service) -> Option<Vec<WeeklyInterval>> {
    if is_temporarily_closed(service) {
        return Some(Vec::new());
    }
    opening_intervals(&service.schedules).or_else(|| {
        let described = service.schedules.iter().filter_map(|schedule| schedule.description.as_deref());
        let texts = [service.description.as_deref(), service.alternate_name.as_deref()];
        described
            .chain(texts.into_iter().flatten())
            .chain(std::iter::once(service.name.as_str()))
            .any(always_open_described)
            .then(|| vec![WeeklyInterval { start: 0, end: MINUTES_PER_WEEK }])
    })
}

/// Returns who a service is for: the curated `signpost-audience` terms, the carers'
/// need, the eligible ages, and audience words in its name or eligibility.
pub fn audiences(service: &Service) -> Vec<Audience> {
    let mut found: Vec<Audience> = service.term_codes(AUDIENCE_TAXONOMY).filter_map(Audience::from_slug).collect();
    if service.term_codes(NEEDS_TAXONOMY).any(|code| code == CARERS_NEED) {
        found.push(Audience::Carers);
    }
    if let Some(max) = service.maximum_age {
        if max <= YOUNG_PEOPLE_MAX_AGE {
            found.push(Audience::ChildrenYoungPeople);
        }
    }
    if let Some(min) = service.minimum_age {
        if min >= OLDER_PEOPLE_MIN_AGE {
            found.push(Audience::OlderPeople);
        } else if min >= 16 && service.maximum_age.is_none_or(|max| max > YOUNG_PEOPLE_MAX_AGE) {
            found.push(Audience::Adults);
        }
    }
    found.extend(signpost_index::detect_audiences(&service.name));
    if let Some(eligibility) = &service.eligibility_description {
        // "Parents and carers" means whoever looks after a child, not carers as an audience.
        let eligibility = eligibility.to_lowercase().replace("parents and carers", "parents");
        found.extend(signpost_index::detect_audiences(&eligibility));
    }
    found.sort();
    found.dedup();
    found
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
    use uuid::Uuid;

    use super::*;
    use crate::hsds::{Attribute, Phone, Schedule, ServiceArea, TaxonomyTerm};

    fn named_area(name: &str) -> ServiceArea {
        ServiceArea { id: Uuid::nil(), name: Some(name.into()), description: None, extent: None, extent_type: None }
    }

    fn term(taxonomy: &str, code: &str) -> Attribute {
        Attribute {
            id: Uuid::nil(),
            taxonomy_term_id: None,
            link_type: None,
            link_entity: None,
            value: None,
            taxonomy_term: Some(TaxonomyTerm {
                id: Uuid::nil(),
                code: Some(code.into()),
                name: code.into(),
                description: String::new(),
                parent_id: None,
                taxonomy: Some(taxonomy.into()),
            }),
        }
    }

    fn empty_taxonomy() -> Taxonomy {
        Taxonomy::new(Vec::new(), Vec::new(), Vec::new())
    }

    #[test]
    fn only_inactive_and_defunct_records_are_not_current() {
        let mut service = Service::new(Uuid::nil(), "Advice");
        for (status, current) in
            [("active", true), ("temporarily closed", true), ("inactive", false), ("defunct", false)]
        {
            service.status = status.into();
            assert_eq!(is_current(&service), current, "{status}");
        }
        service.status = "temporarily closed".into();
        service.schedules.push(Schedule {
            id: Uuid::nil(),
            freq: None,
            byday: None,
            opens_at: Some("00:00".into()),
            closes_at: Some("24:00".into()),
            valid_from: None,
            valid_to: None,
            description: None,
        });
        assert_eq!(service_doc(&service, &empty_taxonomy()).opening, Some(Vec::new()), "never open now");
    }

    #[test]
    fn named_service_areas_become_coverage_codes_for_services_without_a_place() {
        let mut service = Service::new(Uuid::nil(), "Advocacy");
        service.service_areas = vec![named_area("Leicester, Leicestershire & Rutland"), named_area("Nowhere Town")];
        assert_eq!(service_doc(&service, &empty_taxonomy()).coverage, vec!["E54000015"]);
        service.service_areas = vec![named_area("Rutland"), named_area("Charnwood")];
        service.phones.push(Phone {
            id: Uuid::nil(),
            number: "0116 496 0000".into(),
            extension: None,
            phone_type: None,
            description: None,
        });
        assert_eq!(service_doc(&service, &empty_taxonomy()).coverage, vec!["E06000017", "E07000130"]);
        // A code in `extent` wins over the name.
        service.service_areas = vec![ServiceArea { extent: Some("E07000133".into()), ..named_area("Leicestershire") }];
        assert_eq!(coverage_codes(&service), vec!["E07000133"]);
    }

    #[test]
    fn twenty_four_seven_in_words_is_open_all_week_only_without_times() {
        let mut service = Service::new(Uuid::nil(), "Line");
        service.description = Some("We answer 24/7.".into());
        assert_eq!(opening(&service), Some(vec![WeeklyInterval { start: 0, end: MINUTES_PER_WEEK }]));
        service.description = Some("Call us any time.".into());
        assert_eq!(opening(&service), None, "hours unknown");
    }

    #[test]
    fn audiences_come_from_terms_needs_ages_and_names() {
        let mut service = Service::new(Uuid::nil(), "Drop-in");
        assert!(audiences(&service).is_empty(), "nothing said, nothing assumed");
        service.attributes.push(term(AUDIENCE_TAXONOMY, "learning-disabilities"));
        service.attributes.push(term(NEEDS_TAXONOMY, CARERS_NEED));
        assert_eq!(audiences(&service), vec![Audience::LearningDisability, Audience::Carers]);
        let mut young = Service::new(Uuid::nil(), "Club");
        young.maximum_age = Some(18);
        assert_eq!(audiences(&young), vec![Audience::ChildrenYoungPeople]);
        let mut older = Service::new(Uuid::nil(), "Lunch club");
        older.minimum_age = Some(60);
        assert_eq!(audiences(&older), vec![Audience::OlderPeople]);
        let mut adults = Service::new(Uuid::nil(), "Dementia café");
        adults.minimum_age = Some(18);
        adults.eligibility_description = Some("Carers are welcome too.".into());
        assert_eq!(audiences(&adults), vec![Audience::Adults, Audience::OlderPeople, Audience::Carers]);
    }

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
