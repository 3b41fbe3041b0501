//! Reads an Open Referral UK 3.0 feed by URL: walks the paged `/services` listing and
//! fetches each full service from `/services/{id}`, with the console import's outbound
//! safety (`fetch::fetch_feed`: http/https only, no redirects, no private addresses
//! unless allowed, a size cap per answer).

use anyhow::Context;
use serde_json::Value;
use uuid::Uuid;

use super::{fetch, store_records, to_record, ImportOptions, ImportReport, Rejection};
use crate::storage::Store;

/// Services asked for per listing page.
const PER_PAGE: u32 = 200;
/// The most listing pages walked (a feed that never ends is cut off).
const MAX_PAGES: u32 = 100_000;

/// Returns whether an import argument is a feed URL rather than a file.
pub fn is_feed_url(argument: &str) -> bool {
    argument.starts_with("http://") || argument.starts_with("https://")
}

/// Returns the feed's base (`…/api/v1`) from its root or `/services` address.
fn feed_base(address: &str) -> Result<String, fetch::FetchError> {
    let url = fetch::parse_feed_url(address)?;
    let mut base = url.as_str().split(['?', '#']).next().unwrap_or_default().trim_end_matches('/').to_owned();
    if let Some(stripped) = base.strip_suffix("/services") {
        base = stripped.to_owned();
    }
    Ok(base)
}

async fn fetch_json(address: &str, allow_private: bool) -> anyhow::Result<Value> {
    let text =
        fetch::fetch_feed(address, allow_private).await.map_err(|error| anyhow::anyhow!("{address}: {error}"))?;
    serde_json::from_str(&text).with_context(|| format!("{address} did not answer JSON"))
}

/// Imports every service of the ORUK 3.0 feed at `address`.
pub async fn import_feed(
    store: &dyn Store,
    address: &str,
    options: &ImportOptions,
    allow_private: bool,
) -> anyhow::Result<ImportReport> {
    let base = feed_base(address).map_err(|error| anyhow::anyhow!("{address}: {error}"))?;
    let mut report = ImportReport::default();
    let mut page = 1;
    loop {
        let listing = fetch_json(&format!("{base}/services?page={page}&per_page={PER_PAGE}"), allow_private).await?;
        let contents =
            listing["contents"].as_array().with_context(|| format!("{base}/services is not a paged listing"))?;
        let mut records = Vec::with_capacity(contents.len());
        for item in contents {
            let id_text = item["id"].as_str().unwrap_or_default();
            // Only a UUID goes into the next address: a feed cannot steer the fetch elsewhere.
            let Ok(id) = Uuid::parse_str(id_text) else {
                records.push(Err(Rejection { id: id_text.to_owned(), reason: "the id is not a UUID".into() }));
                continue;
            };
            let full = fetch_json(&format!("{base}/services/{id}"), allow_private).await?;
            records.push(to_record(&full, &base, options.status));
        }
        store_records(store, records, &mut report).await?;
        let total_pages = listing["total_pages"].as_u64().unwrap_or(0);
        let last = listing["last_page"].as_bool().unwrap_or(false);
        if contents.is_empty() || last || u64::from(page) >= total_pages || page >= MAX_PAGES {
            break;
        }
        page += 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_base_is_found_from_its_root_or_services_address() {
        assert_eq!(feed_base("https://a.org/api/v1/").ok().as_deref(), Some("https://a.org/api/v1"));
        assert_eq!(feed_base("https://a.org/api/v1/services?page=2").ok().as_deref(), Some("https://a.org/api/v1"));
        assert!(feed_base("file:///etc/passwd").is_err());
        assert!(is_feed_url("https://a.org") && !is_feed_url("feed.json"));
    }
}
