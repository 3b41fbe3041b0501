//! Signpost's search engine: full-text, geographic and faceted search over the community
//! services directory, on tantivy. No database and no HTTP: the server feeds it
//! [`ServiceDoc`]s through an [`IndexUpdater`] and queries it with [`SearchQuery`].
#![warn(missing_docs)]

mod audience;
mod error;
mod geo;
mod model;
mod opening;
mod schema;
mod search;
mod search_index;
mod synonyms;
mod updater;

#[cfg(test)]
mod test_docs;

pub use audience::{detect as detect_audiences, Audience};
pub use error::{Error, Result};
pub use geo::distance_km;
pub use model::{
    Delivery, GeoPoint, Hit, Near, SearchQuery, SearchResults, ServiceDoc, WeekMinute, WeeklyInterval, MINUTES_PER_WEEK,
};
pub use search_index::SearchIndex;
pub use synonyms::Synonyms;
pub use updater::IndexUpdater;
