//! Plain data the server hands to the pages: search form values, results and service details.
//!
//! These types are the contract between `server` and `web`; they hold no markup.

use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// What the person typed or chose in the search and filter forms (the `/search` query string).
///
/// Every field may be missing from the query string. Empty values (`age=`, `radius_km=`,
/// `need=`, `delivery=`) and values that cannot be read (`age=ten`) become `None`, so a
/// half-filled form never fails to parse.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    /// Free text: what the person is looking for.
    pub q: String,
    /// Postcode or town, as typed.
    pub location: String,
    /// Search radius in kilometres.
    #[serde(deserialize_with = "lenient_number")]
    pub radius_km: Option<f64>,
    /// Slug of the chosen need (a need area or a sub-need).
    #[serde(deserialize_with = "non_empty_text")]
    pub need: Option<String>,
    /// Age of the person who needs help.
    #[serde(deserialize_with = "lenient_number")]
    pub age: Option<u32>,
    /// Only show free services (`free=true`).
    pub free: bool,
    /// Only show services open now (`open_now=true`).
    pub open_now: bool,
    /// How help is given: `in_person`, `phone` or `online`.
    #[serde(deserialize_with = "non_empty_text")]
    pub delivery: Option<String>,
    /// Who the help is for: audience slugs (`carers`, `older_people`…), any of.
    #[serde(default)]
    pub audiences: Vec<String>,
}

impl SearchForm {
    /// Returns true when any filter (not the words or the place) is set.
    pub fn has_filters(&self) -> bool {
        self.radius_km.is_some()
            || self.need.is_some()
            || self.age.is_some()
            || self.free
            || self.open_now
            || self.delivery.is_some()
            || !self.audiences.is_empty()
    }
}

/// One choice in the "need" list: either one of the 7 need areas or a sub-need.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NeedOption {
    /// Value sent as `need=<slug>`.
    pub slug: String,
    /// Plain-English name shown to people.
    pub label: String,
    /// Number of services with this need (0 when not known).
    pub count: u64,
    /// Slug of the need area this sub-need belongs to; `None` for the need areas themselves.
    pub parent: Option<String>,
}

/// One service in a list of search results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultItem {
    /// Service id.
    pub id: String,
    /// Service name.
    pub name: String,
    /// Organisation that runs the service.
    pub organisation: String,
    /// Short plain-text summary.
    pub summary: String,
    /// Distance from the searched place, in kilometres.
    pub distance_km: Option<f64>,
    /// Labels of the needs this service helps with.
    pub need_labels: Vec<String>,
    /// True when the service is free.
    pub free: bool,
    /// Whether the service is open now; `None` when not known.
    pub open_now: Option<bool>,
    /// Date the service was quality assured, if it was.
    pub assured_date: Option<String>,
    /// Text such as "checked 3 months ago", computed by the server.
    pub checked_ago: Option<String>,
    /// Link to the service page, `/services/{id}`.
    pub url: String,
    /// First phone number, as written.
    pub phone: Option<String>,
    /// Today's hours, such as "Open today 9am to 5pm" or "Closed today"; `None` when not known.
    pub today: Option<String>,
    /// What it costs: "Free", "£3.50 per session" or "There may be a cost".
    pub cost: String,
    /// True when the service is on the visitor's shortlist.
    pub shortlisted: bool,
}

/// Everything the results page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultsPage {
    /// The search as typed, used to refill the forms.
    pub form: SearchForm,
    /// Tidy name of the searched place (for example "LE1 6ZG"), when it was found.
    pub location_label: Option<String>,
    /// Number of services found across all pages.
    pub total: usize,
    /// Current page, starting at 1.
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
    /// Results on this page.
    pub results: Vec<ResultItem>,
    /// Need areas and sub-needs for the filter list.
    pub needs: Vec<NeedOption>,
    /// A problem with what was typed; shown as an error summary.
    pub error: Option<FieldError>,
    /// Other sub-needs of the same need area, offered when nothing is found.
    pub related_needs: Vec<NeedOption>,
    /// Number of services on the visitor's shortlist (shown in the header).
    pub shortlist_count: usize,
    /// This page's path and query, sent with the shortlist forms so they come back here.
    pub return_to: String,
    /// The crisis answer, when the words say someone is at risk now; shown before any result.
    #[serde(default)]
    pub crisis: Option<crate::contacts::CrisisAnswer>,
}

/// A problem with one form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Name (and id) of the field: `location`, `q` or `radius_km`.
    pub field: String,
    /// Plain-English message saying how to fix it.
    pub message: String,
}

/// Everything the service page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServicePage {
    /// Service id.
    pub id: String,
    /// Service name.
    pub name: String,
    /// Organisation that runs the service.
    pub organisation: String,
    /// Plain text; paragraphs are split on blank lines.
    pub description: String,
    /// Important notice, such as "This service is closed over Christmas".
    pub alert: Option<String>,
    /// Phone numbers as written, such as "0116 123 4567".
    pub phones: Vec<String>,
    /// Website address.
    pub website: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Full addresses, one line each.
    pub addresses: Vec<String>,
    /// Day and times, such as ("Monday", "9am to 5pm").
    pub opening_hours: Vec<(String, String)>,
    /// What it costs.
    pub fees: Option<String>,
    /// Who the service is for.
    pub eligibility: Option<String>,
    /// How to get help from the service.
    pub how_to_access: Option<String>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Labels of the needs this service helps with.
    pub need_labels: Vec<String>,
    /// Text such as "checked 3 months ago", computed by the server.
    pub checked_ago: Option<String>,
    /// Accessibility features, such as "Step-free access" or "Hearing loop".
    #[serde(default)]
    pub accessibility: Vec<String>,
    /// True when the service is on the visitor's shortlist.
    pub shortlisted: bool,
    /// Number of services on the visitor's shortlist (shown in the header).
    pub shortlist_count: usize,
    /// The "Report a problem" form: what was sent back and any problem with it.
    pub report: ReportForm,
    /// True after a report was sent (`?reported=1`): shows the "Thank you" panel.
    pub reported: bool,
    /// True when the record's review is more than six months overdue: the page asks
    /// visitors to check with the service first.
    #[serde(default)]
    pub long_overdue: bool,
    /// True when a member of staff is signed in: the page offers "Suggest a change".
    #[serde(default)]
    pub staff_signed_in: bool,
}

/// The "Report a problem with this page" form on the service page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportForm {
    /// Chosen reason: one of the keys in [`crate::REPORT_REASONS`].
    pub reason: Option<String>,
    /// What the person typed (kept when the form comes back with an error).
    pub details: String,
    /// A problem with `reason` or `details`.
    pub error: Option<FieldError>,
}

/// The visitor's shortlist, or a list someone shared by link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShortlistPage {
    /// Services on the list, in the order they were added.
    pub items: Vec<ShortlistItem>,
    /// True when the list came from a shared link (`?ids=`), not the visitor's own cookie.
    pub shared: bool,
    /// Ids of the services on the list.
    pub ids: Vec<String>,
    /// Link that shows this list to someone else (`/shortlist?ids=…`, absolute when known).
    pub share_url: String,
    /// The list as plain text, from [`crate::shortlist_plain_text`].
    pub plain_text: String,
    /// Number of services on the visitor's own shortlist (shown in the header).
    pub shortlist_count: usize,
    /// For signed-in staff: the link that records these services in the care plan.
    #[serde(default)]
    pub record_href: Option<String>,
}

/// One service on a shortlist, with every way to contact it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShortlistItem {
    /// Service id.
    pub id: String,
    /// Service name.
    pub name: String,
    /// Organisation that runs the service.
    pub organisation: String,
    /// Short plain-text summary.
    pub summary: String,
    /// Phone numbers, as written.
    pub phones: Vec<String>,
    /// Address on one line.
    pub address: Option<String>,
    /// Website address.
    pub website: Option<String>,
    /// Day and times, such as ("Monday", "9am to 5pm").
    pub opening_hours: Vec<(String, String)>,
    /// Link to the service page (absolute when known, so it works in a text message).
    pub url: String,
}

/// A value as it arrives: a real number (JSON) or text (query strings).
#[derive(Deserialize)]
#[serde(untagged)]
enum Loose<T> {
    Value(T),
    Text(String),
}

/// Reads a number from a number or from text; empty or unreadable text becomes `None`.
fn lenient_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
{
    Ok(match Option::<Loose<T>>::deserialize(deserializer)? {
        None => None,
        Some(Loose::Value(value)) => Some(value),
        Some(Loose::Text(text)) => text.trim().parse().ok(),
    })
}

/// Reads optional text; empty or blank text becomes `None`.
fn non_empty_text<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.map(|value| value.trim().to_owned()).filter(|value| !value.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> SearchForm {
        match serde_urlencoded::from_str(query) {
            Ok(form) => form,
            Err(error) => panic!("{query:?} did not parse: {error}"),
        }
    }

    #[test]
    fn search_form_reads_a_full_query_string() {
        let form = parse(
            "q=food+bank&location=LE1%206ZG&radius_km=5&need=money&age=17\
             &free=true&open_now=true&delivery=phone&page=2",
        );

        assert_eq!(form.q, "food bank");
        assert_eq!(form.location, "LE1 6ZG");
        assert_eq!(form.radius_km, Some(5.0));
        assert_eq!(form.need.as_deref(), Some("money"));
        assert_eq!(form.age, Some(17));
        assert!(form.free && form.open_now);
        assert_eq!(form.delivery.as_deref(), Some("phone"));
    }

    #[test]
    fn search_form_treats_empty_and_unreadable_values_as_not_set() {
        let cases = ["", "q=&location=&radius_km=&need=&age=&delivery=", "age=ten&radius_km=far", "age=-1&need=%20"];
        for query in cases {
            let form = parse(query);
            assert!(!form.has_filters(), "{query:?} gave {form:?}");
        }
    }

    #[test]
    fn search_form_survives_a_json_round_trip() {
        let form = parse("radius_km=2.5&age=40&free=true");

        let json = serde_json::to_string(&form).unwrap_or_default();
        let back: SearchForm = serde_json::from_str(&json).unwrap_or_default();

        assert_eq!(back.radius_km, Some(2.5));
        assert_eq!(back.age, Some(40));
        assert!(back.free);
    }
}
