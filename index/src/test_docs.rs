//! Test helpers: small hand-built services and in-memory indexes.

use crate::{GeoPoint, SearchIndex, ServiceDoc, Synonyms};

/// Leicester clock tower.
pub(crate) const CENTRE: GeoPoint = GeoPoint { lat: 52.6344, lon: -1.1319 };

/// Returns a point `north_km` north and `east_km` east of [`CENTRE`].
pub(crate) fn offset(north_km: f64, east_km: f64) -> GeoPoint {
    let lat = CENTRE.lat + north_km / 111.195;
    let lon = CENTRE.lon + east_km / (111.195 * CENTRE.lat.to_radians().cos());
    GeoPoint { lat, lon }
}

/// Returns a minimal free-text service: only `id` and `name` set.
pub(crate) fn doc(id: &str, name: &str) -> ServiceDoc {
    ServiceDoc {
        id: id.into(),
        name: name.into(),
        organisation: String::new(),
        summary: String::new(),
        description: String::new(),
        keywords: Vec::new(),
        needs: Vec::new(),
        locations: Vec::new(),
        coverage: Vec::new(),
        delivery: Vec::new(),
        min_age: None,
        max_age: None,
        free: false,
        opening: None,
        assured_date: None,
        assured_day: None,
        audiences: Vec::new(),
    }
}

/// Returns an in-memory index holding `docs`, committed.
pub(crate) fn ram_index(docs: &[ServiceDoc]) -> SearchIndex {
    ram_index_with(docs, Synonyms::empty())
}

/// Returns an in-memory index with synonyms holding `docs`, committed.
pub(crate) fn ram_index_with(docs: &[ServiceDoc], synonyms: Synonyms) -> SearchIndex {
    let index = SearchIndex::create_in_ram(synonyms).expect("creates index");
    let mut w = index.writer(15_000_000).expect("opens writer");
    for d in docs {
        w.upsert(d).expect("indexes doc");
    }
    w.commit(1).expect("commits");
    index
}
