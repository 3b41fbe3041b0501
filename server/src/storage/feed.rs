//! The Open Referral UK feed's queries: paged, filtered listings of what the public may see
//! (published records of services that are not inactive or defunct), counted and sliced in
//! SQL so a page costs the same at 100k services as at 100. Same SQL on both backends
//! (`impl_feed_store!`).

use async_trait::async_trait;
use uuid::Uuid;

use super::Result;
use crate::hsds::{Organization, TaxonomyTerm};

/// The condition a service row `s` meets to appear in the feed.
pub(super) const VISIBLE: &str = "s.record_status = 'published' and s.status not in ('inactive', 'defunct')";

/// A point and radius for the `postcode` + `proximity` filter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Latitude of the centre.
    pub lat: f64,
    /// Longitude of the centre.
    pub lon: f64,
    /// Radius in metres.
    pub metres: f64,
}

/// Which services a listing shows; every field narrows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedFilter {
    /// Just this service.
    pub service_id: Option<Uuid>,
    /// Words in the name or description (case-insensitive substring).
    pub search: Option<String>,
    /// Linked to this taxonomy term.
    pub taxonomy_term_id: Option<Uuid>,
    /// Linked to a term of this taxonomy (by name).
    pub taxonomy: Option<String>,
    /// Provided by this organisation.
    pub organization_id: Option<Uuid>,
    /// Changed in Signpost at or after this UTC time ("YYYY-MM-DDTHH:MM:SSZ").
    pub modified_after: Option<String>,
    /// With a location within this distance...
    pub near: Option<Near>,
    /// ...or (when not empty, and combined with `near` by "or") a service area covering
    /// one of these area codes.
    pub areas: Vec<String>,
}

/// A visible service's id and when Signpost last changed it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedService {
    /// The service id (text, as stored).
    pub service_id: String,
    /// UTC "YYYY-MM-DDTHH:MM:SSZ".
    pub updated_at: String,
}

/// A service-at-location of a visible service.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FeedServiceAtLocation {
    /// The service-at-location id.
    pub service_at_location_id: String,
    /// Its service.
    pub service_id: String,
    /// When Signpost last changed the service.
    pub updated_at: String,
}

/// One page of a listing and the total across all pages.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPage<T> {
    /// Items matching the filter on every page.
    pub total: i64,
    /// This page's items, in id order.
    pub items: Vec<T>,
}

/// Which taxonomy terms a listing shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermFilter {
    /// Just this term.
    pub id: Option<Uuid>,
    /// Terms of this taxonomy (by name).
    pub taxonomy: Option<String>,
    /// Words in the name (case-insensitive substring).
    pub search: Option<String>,
}

/// A value bound to a `$n` placeholder.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Bind {
    Text(String),
    Real(f64),
}

/// Returns a `like` pattern matching `text` anywhere, with `%`, `_` and `\` escaped.
pub(super) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Returns the conditions on service row `s` for `filter` (joined by "and", starting with
/// visibility) and the values to bind from `$1`.
pub(super) fn service_conditions(filter: &FeedFilter) -> (String, Vec<Bind>) {
    let mut conditions = vec![VISIBLE.to_owned()];
    let mut binds = Vec::new();
    let next = |bind: Bind, binds: &mut Vec<Bind>| {
        binds.push(bind);
        format!("${}", binds.len())
    };
    if let Some(id) = filter.service_id {
        let p = next(Bind::Text(id.to_string()), &mut binds);
        conditions.push(format!("s.service_id = {p}"));
    }
    if let Some(search) = &filter.search {
        let p = next(Bind::Text(contains_pattern(search)), &mut binds);
        conditions.push(format!(
            "(lower(s.name) like {p} escape '\\' or lower(coalesce(s.description, '')) like {p} escape '\\')"
        ));
    }
    if let Some(term) = filter.taxonomy_term_id {
        let p = next(Bind::Text(term.to_string()), &mut binds);
        conditions.push(format!(
            "exists (select 1 from service_attribute a where a.service_id = s.service_id and a.taxonomy_term_id = {p})"
        ));
    }
    if let Some(taxonomy) = &filter.taxonomy {
        let p = next(Bind::Text(taxonomy.clone()), &mut binds);
        conditions.push(format!(
            "exists (select 1 from service_attribute a join taxonomy_term t on t.taxonomy_term_id = a.taxonomy_term_id \
             where a.service_id = s.service_id and t.taxonomy = {p})"
        ));
    }
    if let Some(organization) = filter.organization_id {
        let p = next(Bind::Text(organization.to_string()), &mut binds);
        conditions.push(format!("s.organization_id = {p}"));
    }
    if let Some(after) = &filter.modified_after {
        let p = next(Bind::Text(after.clone()), &mut binds);
        conditions.push(format!("s.updated_at >= {p}"));
    }
    let mut place = Vec::new();
    if let Some(near) = filter.near {
        // An equirectangular distance: exact enough at these scales, and plain arithmetic
        // on both backends. The bounding box lets the database skip far rows cheaply.
        let degrees = near.metres / 111_320.0;
        let squeeze = near.lat.to_radians().cos().max(0.01);
        let lat = next(Bind::Real(near.lat), &mut binds);
        let lon = next(Bind::Real(near.lon), &mut binds);
        let squeeze_sq = next(Bind::Real(squeeze * squeeze), &mut binds);
        let radius_sq = next(Bind::Real(degrees * degrees), &mut binds);
        let lat_min = next(Bind::Real(near.lat - degrees), &mut binds);
        let lat_max = next(Bind::Real(near.lat + degrees), &mut binds);
        let lon_min = next(Bind::Real(near.lon - degrees / squeeze), &mut binds);
        let lon_max = next(Bind::Real(near.lon + degrees / squeeze), &mut binds);
        place.push(format!(
            "exists (select 1 from service_at_location sal join location l on l.location_id = sal.location_id \
             where sal.service_id = s.service_id and l.latitude between {lat_min} and {lat_max} \
             and l.longitude between {lon_min} and {lon_max} \
             and (l.latitude - {lat}) * (l.latitude - {lat}) \
             + (l.longitude - {lon}) * (l.longitude - {lon}) * {squeeze_sq} <= {radius_sq})"
        ));
    }
    if !filter.areas.is_empty() {
        let list: Vec<String> = filter.areas.iter().map(|area| next(Bind::Text(area.clone()), &mut binds)).collect();
        place.push(format!(
            "exists (select 1 from service_area sa where sa.service_id = s.service_id and sa.extent in ({}))",
            list.join(", ")
        ));
    }
    if !place.is_empty() {
        conditions.push(format!("({})", place.join(" or ")));
    }
    (conditions.join(" and "), binds)
}

/// Returns the conditions on taxonomy term row `t` for `filter` and the values to bind.
pub(super) fn term_conditions(filter: &TermFilter) -> (String, Vec<Bind>) {
    let mut conditions = vec!["1 = 1".to_owned()];
    let mut binds = Vec::new();
    if let Some(id) = filter.id {
        binds.push(Bind::Text(id.to_string()));
        conditions.push(format!("t.taxonomy_term_id = ${}", binds.len()));
    }
    if let Some(taxonomy) = &filter.taxonomy {
        binds.push(Bind::Text(taxonomy.clone()));
        conditions.push(format!("t.taxonomy = ${}", binds.len()));
    }
    if let Some(search) = &filter.search {
        binds.push(Bind::Text(contains_pattern(search)));
        conditions.push(format!("lower(t.name) like ${} escape '\\'", binds.len()));
    }
    (conditions.join(" and "), binds)
}

/// The feed's read queries; both backends implement it with the same SQL.
#[async_trait]
pub trait FeedStore: Send + Sync {
    /// Returns one page of visible services matching `filter`, in id order.
    async fn feed_services(&self, filter: &FeedFilter, offset: i64, limit: i64) -> Result<FeedPage<FeedService>>;
    /// Returns one page of the service-at-locations of visible services matching `filter`,
    /// in id order.
    async fn feed_service_at_locations(
        &self,
        filter: &FeedFilter,
        service_at_location_id: Option<Uuid>,
        offset: i64,
        limit: i64,
    ) -> Result<FeedPage<FeedServiceAtLocation>>;
    /// Returns one page of organisations that provide at least one visible service.
    async fn feed_organizations(
        &self,
        id: Option<Uuid>,
        search: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<FeedPage<Organization>>;
    /// Returns one page of taxonomy terms.
    async fn feed_taxonomy_terms(&self, filter: &TermFilter, offset: i64, limit: i64)
        -> Result<FeedPage<TaxonomyTerm>>;
    /// Returns the names of the taxonomies terms belong to, in order.
    async fn feed_taxonomies(&self) -> Result<Vec<String>>;
}

macro_rules! impl_feed_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::storage::feed::FeedStore for $store {
            async fn feed_services(
                &self,
                filter: &$crate::storage::feed::FeedFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::storage::Result<$crate::storage::feed::FeedPage<$crate::storage::feed::FeedService>> {
                use $crate::storage::feed::{service_conditions, Bind, FeedPage, FeedService};
                let (conditions, binds) = service_conditions(filter);
                let count_sql = format!("select count(*) from service s where {conditions}");
                let mut count = sqlx::query_scalar::<$db, i64>(&count_sql);
                for bind in &binds {
                    count = match bind {
                        Bind::Text(text) => count.bind(text.clone()),
                        Bind::Real(real) => count.bind(*real),
                    };
                }
                let total = count.fetch_one(&self.pool).await?;
                let n = binds.len();
                let page_sql = format!(
                    "select s.service_id, s.updated_at from service s where {conditions} \
                     order by s.service_id limit ${} offset ${}",
                    n + 1,
                    n + 2
                );
                let mut page = sqlx::query_as::<$db, FeedService>(&page_sql);
                for bind in &binds {
                    page = match bind {
                        Bind::Text(text) => page.bind(text.clone()),
                        Bind::Real(real) => page.bind(*real),
                    };
                }
                let items = page.bind(limit).bind(offset).fetch_all(&self.pool).await?;
                Ok(FeedPage { total, items })
            }

            async fn feed_service_at_locations(
                &self,
                filter: &$crate::storage::feed::FeedFilter,
                service_at_location_id: Option<uuid::Uuid>,
                offset: i64,
                limit: i64,
            ) -> $crate::storage::Result<$crate::storage::feed::FeedPage<$crate::storage::feed::FeedServiceAtLocation>>
            {
                use $crate::storage::feed::{service_conditions, Bind, FeedPage, FeedServiceAtLocation};
                let (mut conditions, mut binds) = service_conditions(filter);
                if let Some(id) = service_at_location_id {
                    binds.push(Bind::Text(id.to_string()));
                    conditions.push_str(&format!(" and x.service_at_location_id = ${}", binds.len()));
                }
                let from = "service_at_location x join service s on s.service_id = x.service_id";
                let count_sql = format!("select count(*) from {from} where {conditions}");
                let mut count = sqlx::query_scalar::<$db, i64>(&count_sql);
                for bind in &binds {
                    count = match bind {
                        Bind::Text(text) => count.bind(text.clone()),
                        Bind::Real(real) => count.bind(*real),
                    };
                }
                let total = count.fetch_one(&self.pool).await?;
                let n = binds.len();
                let page_sql = format!(
                    "select x.service_at_location_id, x.service_id, s.updated_at from {from} where {conditions} \
                     order by x.service_at_location_id, x.service_id limit ${} offset ${}",
                    n + 1,
                    n + 2
                );
                let mut page = sqlx::query_as::<$db, FeedServiceAtLocation>(&page_sql);
                for bind in &binds {
                    page = match bind {
                        Bind::Text(text) => page.bind(text.clone()),
                        Bind::Real(real) => page.bind(*real),
                    };
                }
                let items = page.bind(limit).bind(offset).fetch_all(&self.pool).await?;
                Ok(FeedPage { total, items })
            }

            async fn feed_organizations(
                &self,
                id: Option<uuid::Uuid>,
                search: Option<&str>,
                offset: i64,
                limit: i64,
            ) -> $crate::storage::Result<$crate::storage::feed::FeedPage<$crate::hsds::Organization>> {
                use $crate::storage::feed::{contains_pattern, FeedPage, VISIBLE};
                let mut conditions = format!(
                    "exists (select 1 from service s where s.organization_id = o.organization_id and {VISIBLE})"
                );
                let mut binds = Vec::new();
                if let Some(id) = id {
                    binds.push(id.to_string());
                    conditions.push_str(&format!(" and o.organization_id = ${}", binds.len()));
                }
                if let Some(search) = search {
                    binds.push(contains_pattern(search));
                    conditions.push_str(&format!(" and lower(o.name) like ${} escape '\\'", binds.len()));
                }
                let count_sql = format!("select count(*) from organization o where {conditions}");
                let mut count = sqlx::query_scalar::<$db, i64>(&count_sql);
                for bind in &binds {
                    count = count.bind(bind.clone());
                }
                let total = count.fetch_one(&self.pool).await?;
                let n = binds.len();
                let page_sql = format!(
                    "select o.organization_id, o.name, o.description, o.email, o.website from organization o \
                     where {conditions} order by o.organization_id limit ${} offset ${}",
                    n + 1,
                    n + 2
                );
                let mut page = sqlx::query_as::<$db, $crate::storage::rows::OrganizationRow>(&page_sql);
                for bind in &binds {
                    page = page.bind(bind.clone());
                }
                let rows = page.bind(limit).bind(offset).fetch_all(&self.pool).await?;
                let items = rows
                    .into_iter()
                    .map($crate::storage::rows::organization_from_row)
                    .collect::<$crate::storage::Result<Vec<_>>>()?;
                Ok(FeedPage { total, items })
            }

            async fn feed_taxonomy_terms(
                &self,
                filter: &$crate::storage::feed::TermFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::storage::Result<$crate::storage::feed::FeedPage<$crate::hsds::TaxonomyTerm>> {
                use $crate::storage::feed::{term_conditions, Bind, FeedPage};
                let (conditions, binds) = term_conditions(filter);
                let count_sql = format!("select count(*) from taxonomy_term t where {conditions}");
                let mut count = sqlx::query_scalar::<$db, i64>(&count_sql);
                for bind in &binds {
                    if let Bind::Text(text) = bind {
                        count = count.bind(text.clone());
                    }
                }
                let total = count.fetch_one(&self.pool).await?;
                let n = binds.len();
                let page_sql = format!(
                    "select t.taxonomy_term_id, t.code, t.name, t.description, t.parent_id, t.taxonomy \
                     from taxonomy_term t where {conditions} order by t.taxonomy_term_id limit ${} offset ${}",
                    n + 1,
                    n + 2
                );
                let mut page = sqlx::query_as::<$db, $crate::storage::rows::TermRow>(&page_sql);
                for bind in &binds {
                    if let Bind::Text(text) = bind {
                        page = page.bind(text.clone());
                    }
                }
                let rows = page.bind(limit).bind(offset).fetch_all(&self.pool).await?;
                let items = rows
                    .into_iter()
                    .map($crate::storage::rows::term_from_row)
                    .collect::<$crate::storage::Result<Vec<_>>>()?;
                Ok(FeedPage { total, items })
            }

            async fn feed_taxonomies(&self) -> $crate::storage::Result<Vec<String>> {
                Ok(sqlx::query_scalar::<$db, String>(
                    "select distinct taxonomy from taxonomy_term where taxonomy is not null order by taxonomy",
                )
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}
pub(super) use impl_feed_store;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("Food_Bank 100%"), "%food\\_bank 100\\%%");
    }

    #[test]
    fn placeholders_are_numbered_in_bind_order() {
        let filter = FeedFilter {
            search: Some("debt".into()),
            organization_id: Some(Uuid::nil()),
            areas: vec!["E07000129".into(), "E54000015".into()],
            ..FeedFilter::default()
        };
        let (sql, binds) = service_conditions(&filter);
        assert_eq!(binds.len(), 4);
        assert!(sql.contains("s.organization_id = $2"), "{sql}");
        assert!(sql.contains("sa.extent in ($3, $4)"), "{sql}");
    }
}
