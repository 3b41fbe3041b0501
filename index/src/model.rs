//! The public data types: the indexed document, the query and the results.

use std::collections::BTreeMap;

use crate::audience::Audience;

/// A point in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GeoPoint {
    /// Latitude in degrees, positive north.
    pub lat: f64,
    /// Longitude in degrees, positive east.
    pub lon: f64,
}

/// How a service is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Face to face at one of its locations.
    InPerson,
    /// By telephone.
    Phone,
    /// Online (web, video, chat).
    Online,
}

impl Delivery {
    /// All delivery methods.
    pub const ALL: [Delivery; 3] = [Delivery::InPerson, Delivery::Phone, Delivery::Online];

    /// Returns the stable slug: `"in_person"`, `"phone"` or `"online"`.
    pub fn slug(self) -> &'static str {
        match self {
            Delivery::InPerson => "in_person",
            Delivery::Phone => "phone",
            Delivery::Online => "online",
        }
    }

    /// Parses a slug produced by [`Delivery::slug`].
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.slug() == s)
    }
}

/// Minutes since Monday 00:00 local time, 0..10080.
pub type WeekMinute = u32;

/// Minutes in a week; the exclusive upper bound of a [`WeekMinute`].
pub const MINUTES_PER_WEEK: WeekMinute = 7 * 24 * 60;

/// A weekly opening interval [start, end) in week minutes; start < end <= 10080.
/// The caller splits intervals that wrap past Sunday midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WeeklyInterval {
    /// First open minute.
    pub start: WeekMinute,
    /// First minute after closing.
    pub end: WeekMinute,
}

/// The flattened document for one published service (the server builds it from the database).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServiceDoc {
    /// UUID string, the unique key.
    pub id: String,
    /// Service name (boosted in text search).
    pub name: String,
    /// Name of the organisation running it.
    pub organisation: String,
    /// One line, shown in results.
    pub summary: String,
    /// Plain-text description.
    pub description: String,
    /// Need labels, taxonomy words and other terms to match.
    pub keywords: Vec<String>,
    /// Need slugs, area and sub-need, e.g. `["money","debt"]`.
    pub needs: Vec<String>,
    /// Physical places where it is delivered (may be empty).
    pub locations: Vec<GeoPoint>,
    /// Region codes it serves remotely (phone/online); empty = only by its locations.
    pub coverage: Vec<String>,
    /// How it is delivered.
    pub delivery: Vec<Delivery>,
    /// Youngest eligible age, if limited.
    pub min_age: Option<u32>,
    /// Oldest eligible age, if limited.
    pub max_age: Option<u32>,
    /// Free at the point of use.
    pub free: bool,
    /// Weekly opening intervals; `None` = hours unknown.
    pub opening: Option<Vec<WeeklyInterval>>,
    /// Date last assured, `"YYYY-MM-DD"`, for display.
    pub assured_date: Option<String>,
    /// The same as days since 1970-01-01, for freshness ranking.
    pub assured_day: Option<i32>,
    /// Who it is for (empty = not said).
    #[serde(default)]
    pub audiences: Vec<Audience>,
}

/// Restricts a search to services near a point or covering its regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    /// Centre of the search.
    pub point: GeoPoint,
    /// Radius in kilometres.
    pub radius_km: f64,
    /// Codes of the regions containing the point (district, LLR, England, UK).
    pub regions: Vec<String>,
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Free text; empty means browse (nearest first when `near` is set, else by name).
    pub text: String,
    /// Optional location restriction.
    pub near: Option<Near>,
    /// Need slugs, any-of.
    pub needs: Vec<String>,
    /// Only services whose age range contains this age.
    pub age: Option<u32>,
    /// Only free services.
    pub free_only: bool,
    /// Only services open at `now`.
    pub open_now_only: bool,
    /// Current London week minute, for `open_now_only` and [`Hit::open_now`].
    pub now: WeekMinute,
    /// Only services delivered this way.
    pub delivery: Option<Delivery>,
    /// Only services for one of these audiences (empty = any). Audience words in `text`
    /// rank services for those people higher whether or not this is set.
    pub audiences: Vec<Audience>,
    /// Today as days since 1970-01-01, for freshness.
    pub today_day: i32,
    /// Number of hits to skip.
    pub offset: usize,
    /// Maximum number of hits to return.
    pub limit: usize,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Service id.
    pub id: String,
    /// Service name.
    pub name: String,
    /// Organisation name.
    pub organisation: String,
    /// One-line summary.
    pub summary: String,
    /// Distance to the nearest location; `None` without `near` or when matched only through coverage.
    pub distance_km: Option<f64>,
    /// Need slugs.
    pub needs: Vec<String>,
    /// Free at the point of use.
    pub free: bool,
    /// Whether it is open at the query's `now`; `None` when hours are unknown.
    pub open_now: Option<bool>,
    /// Date last assured.
    pub assured_date: Option<String>,
    /// Ranking score (higher is better; for browse, a closeness score).
    pub score: f32,
}

/// A page of results with totals and facet counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Number of matching services.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Need slug counts over every service matching the query and all filters except `needs`.
    pub need_facets: BTreeMap<String, u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_slugs_round_trip() {
        for d in Delivery::ALL {
            assert_eq!(Delivery::from_slug(d.slug()), Some(d));
        }
        assert_eq!(Delivery::from_slug("carrier_pigeon"), None);
    }

    #[test]
    fn delivery_serialises_as_its_slug() {
        let json = serde_json::to_string(&Delivery::InPerson).expect("serialises");
        assert_eq!(json, "\"in_person\"");
    }
}
