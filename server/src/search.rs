//! The search request: parsing what people and clients send, and running it against the
//! index. Shared by the JSON API and the pages so both accept and refuse the same input.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use serde::Deserialize;
use signpost_index::{Audience, Delivery, Near, SearchQuery, SearchResults};

use crate::{
    documents::days_since_epoch,
    opening::week_minute,
    reference::{ReferenceData, ResolvedPlace},
};

/// Default radius when a location is given.
pub const DEFAULT_RADIUS_KM: f64 = 10.0;
/// Radius limits.
pub const RADIUS_RANGE_KM: (f64, f64) = (0.5, 100.0);
/// Default page size.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Largest page size.
pub const MAX_PER_PAGE: u32 = 100;
const MAX_PAGE: u32 = 500;
const MAX_QUERY_CHARS: usize = 200;

/// Query-string parameters, all as text so that any input reaches validation.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SearchParams {
    /// Words.
    pub q: Option<String>,
    /// Postcode, postcode district or place.
    pub location: Option<String>,
    /// Latitude (with `lon`, instead of `location`).
    pub lat: Option<String>,
    /// Longitude.
    pub lon: Option<String>,
    /// Radius in km.
    pub radius_km: Option<String>,
    /// Need slug(s), comma-separated.
    pub need: Option<String>,
    /// Age in years.
    pub age: Option<String>,
    /// Free only.
    pub free: Option<String>,
    /// Open now only.
    pub open_now: Option<String>,
    /// in_person, phone or online.
    pub delivery: Option<String>,
    /// Audience slug(s), comma-separated (a form's repeated values are joined).
    pub audience: Option<String>,
    /// 1-based page.
    pub page: Option<String>,
    /// Page size.
    pub per_page: Option<String>,
}

impl SearchParams {
    /// Reads a URL query string. Like a `Query` extractor, but the checkboxes' repeated
    /// `audience` values are joined with commas; another repeated parameter is refused.
    pub fn from_query_string(query: Option<&str>) -> Result<Self, SearchError> {
        let mut params = Self::default();
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match name.as_ref() {
                "q" => &mut params.q,
                "location" => &mut params.location,
                "lat" => &mut params.lat,
                "lon" => &mut params.lon,
                "radius_km" => &mut params.radius_km,
                "need" => &mut params.need,
                "age" => &mut params.age,
                "free" => &mut params.free,
                "open_now" => &mut params.open_now,
                "delivery" => &mut params.delivery,
                "page" => &mut params.page,
                "per_page" => &mut params.per_page,
                "audience" => {
                    let joined = match params.audience.take() {
                        Some(earlier) if !value.trim().is_empty() => format!("{earlier},{value}"),
                        Some(earlier) => earlier,
                        None => value.into_owned(),
                    };
                    params.audience = Some(joined);
                    continue;
                }
                _ => continue,
            };
            if slot.is_some() {
                return Err(invalid(
                    "invalid_parameter",
                    "q",
                    format!("The parameter {name} was given more than once."),
                ));
            }
            *slot = Some(value.into_owned());
        }
        Ok(params)
    }
}

/// Input that cannot be searched, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SearchError {
    /// Stable machine-readable code.
    pub code: &'static str,
    /// The parameter at fault.
    pub field: &'static str,
    /// What to change, in plain English.
    pub message: String,
}

fn invalid(code: &'static str, field: &'static str, message: impl Into<String>) -> SearchError {
    SearchError { code, field, message: message.into() }
}

/// A validated search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Words (may be empty).
    pub text: String,
    /// Where, if given.
    pub place: Option<ResolvedPlace>,
    /// Radius in km.
    pub radius_km: f64,
    /// Need slugs.
    pub needs: Vec<String>,
    /// Age.
    pub age: Option<u32>,
    /// Free only.
    pub free_only: bool,
    /// Open now only.
    pub open_now_only: bool,
    /// Delivery mode.
    pub delivery: Option<Delivery>,
    /// Audiences, any of.
    pub audiences: Vec<Audience>,
    /// 1-based page.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|text| !text.is_empty())
}

fn flag(value: &Option<String>, field: &'static str) -> Result<bool, SearchError> {
    match present(value).map(str::to_lowercase).as_deref() {
        None | Some("false" | "0" | "no" | "off") => Ok(false),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some(_) => Err(invalid("invalid_parameter", field, format!("{field} must be true or false."))),
    }
}

fn number<T: std::str::FromStr>(
    value: &Option<String>,
    field: &'static str,
    what: &str,
) -> Result<Option<T>, SearchError> {
    present(value)
        .map(|text| {
            text.parse::<T>().map_err(|_| invalid("invalid_parameter", field, format!("{field} must be {what}.")))
        })
        .transpose()
}

impl SearchRequest {
    /// Validates parameters, resolving the location against the gazetteer.
    pub fn parse(params: &SearchParams, reference: &ReferenceData) -> Result<Self, SearchError> {
        let text = present(&params.q).unwrap_or_default().to_owned();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(invalid(
                "query_too_long",
                "q",
                format!("Search words must be {MAX_QUERY_CHARS} characters or fewer."),
            ));
        }
        let lat = number::<f64>(&params.lat, "lat", "a number")?;
        let lon = number::<f64>(&params.lon, "lon", "a number")?;
        let place = match (present(&params.location), lat, lon) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(invalid(
                    "invalid_parameter",
                    "location",
                    "Give either a location or lat and lon, not both.",
                ))
            }
            (Some(location), None, None) => Some(reference.geography.resolve(location).map_err(|error| {
                let code = match error {
                    crate::reference::LocationError::UnknownPostcode(_) => "unknown_postcode",
                    crate::reference::LocationError::UnknownPlace(_) => "unknown_place",
                    crate::reference::LocationError::BadCoordinates => "invalid_coordinates",
                };
                invalid(code, "location", error.to_string())
            })?),
            (None, Some(lat), Some(lon)) => Some(
                reference
                    .geography
                    .resolve_point(lat, lon)
                    .map_err(|error| invalid("invalid_coordinates", "lat", error.to_string()))?,
            ),
            (None, None, None) => None,
            (None, _, _) => return Err(invalid("invalid_parameter", "lat", "Give both lat and lon.")),
        };
        let radius_km =
            number::<f64>(&params.radius_km, "radius_km", "a number of kilometres")?.unwrap_or(DEFAULT_RADIUS_KM);
        let (min_radius, max_radius) = RADIUS_RANGE_KM;
        if !(min_radius..=max_radius).contains(&radius_km) {
            return Err(invalid(
                "radius_out_of_range",
                "radius_km",
                format!("The distance must be between {min_radius} and {max_radius} km."),
            ));
        }
        let mut needs = Vec::new();
        for slug in present(&params.need).unwrap_or_default().split(',').map(str::trim).filter(|slug| !slug.is_empty())
        {
            if reference.taxonomy.need(slug).is_none() {
                return Err(invalid(
                    "unknown_need",
                    "need",
                    format!("We do not know the need \"{slug}\". The list of needs is at /api/v1/needs."),
                ));
            }
            needs.push(slug.to_owned());
        }
        let age = number::<u32>(&params.age, "age", "a whole number of years")?;
        if age.is_some_and(|age| age > 120) {
            return Err(invalid("invalid_parameter", "age", "age must be between 0 and 120."));
        }
        let delivery = match present(&params.delivery) {
            None => None,
            Some(slug) => Some(Delivery::from_slug(slug).ok_or_else(|| {
                invalid("invalid_parameter", "delivery", "delivery must be in_person, phone or online.")
            })?),
        };
        let audiences = parse_audiences(&params.audience)?;
        let page = number::<u32>(&params.page, "page", "a whole number")?.unwrap_or(1);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(invalid("invalid_parameter", "page", format!("page must be between 1 and {MAX_PAGE}.")));
        }
        let per_page = number::<u32>(&params.per_page, "per_page", "a whole number")?.unwrap_or(DEFAULT_PER_PAGE);
        if per_page > MAX_PER_PAGE {
            return Err(invalid(
                "per_page_too_large",
                "per_page",
                format!("per_page must be {MAX_PER_PAGE} or fewer."),
            ));
        }
        if per_page == 0 {
            return Err(invalid("invalid_parameter", "per_page", "per_page must be at least 1."));
        }
        Ok(Self {
            text,
            place,
            radius_km,
            needs,
            age,
            free_only: flag(&params.free, "free")?,
            open_now_only: flag(&params.open_now, "open_now")?,
            delivery,
            audiences,
            page,
            per_page,
        })
    }

    /// Returns the index query for this request at `now` (open now is London time).
    pub fn to_query(&self, now: DateTime<Utc>) -> SearchQuery {
        let today = now.with_timezone(&London).format("%Y-%m-%d").to_string();
        SearchQuery {
            text: self.text.clone(),
            near: self.place.as_ref().map(|place| Near {
                point: place.point,
                radius_km: self.radius_km,
                regions: place.regions.clone(),
            }),
            needs: self.needs.clone(),
            age: self.age,
            free_only: self.free_only,
            open_now_only: self.open_now_only,
            now: week_minute(now),
            delivery: self.delivery,
            audiences: self.audiences.clone(),
            today_day: days_since_epoch(&today).unwrap_or_default(),
            offset: ((self.page - 1) * self.per_page) as usize,
            limit: self.per_page as usize,
        }
    }
}

/// Reads `audience=` values, comma-separated; an unknown one is refused by name.
fn parse_audiences(value: &Option<String>) -> Result<Vec<Audience>, SearchError> {
    let mut audiences = Vec::new();
    for slug in present(value).unwrap_or_default().split(',').map(str::trim).filter(|slug| !slug.is_empty()) {
        let audience = Audience::from_slug(slug).ok_or_else(|| {
            let known = Audience::ALL.map(Audience::slug).join(", ");
            invalid(
                "unknown_audience",
                "audience",
                format!("We do not know the audience \"{slug}\". Use one of: {known}."),
            )
        })?;
        if !audiences.contains(&audience) {
            audiences.push(audience);
        }
    }
    Ok(audiences)
}

/// Runs a query on a blocking thread (tantivy searches block).
pub async fn run(
    index: std::sync::Arc<signpost_index::SearchIndex>,
    query: SearchQuery,
) -> anyhow::Result<SearchResults> {
    Ok(tokio::task::spawn_blocking(move || index.search(&query)).await??)
}

/// Returns need facet counts for every slug of the taxonomy (zero when absent).
pub fn need_counts(reference: &ReferenceData, facets: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    reference
        .taxonomy
        .need_slugs()
        .into_iter()
        .map(|slug| (slug.to_owned(), facets.get(slug).copied().unwrap_or(0)))
        .collect()
}
