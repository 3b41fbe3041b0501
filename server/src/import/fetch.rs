//! Fetching a feed by URL for the console's imports: http or https only, no redirects
//! (a redirect could lead anywhere), no private or internal addresses unless allowed (a
//! curator's URL must not reach services inside the trust's network, as with referral
//! webhooks: see `crate::outbound`), a time limit and a size cap, and errors in words a
//! curator can act on.

use std::time::Duration;

use crate::outbound;

/// The largest feed accepted, by upload or URL.
pub const MAX_FEED_BYTES: usize = 20 * 1024 * 1024;

/// How long a fetch may take in all.
const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a feed could not be fetched.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    /// Not an http or https URL.
    #[error("Enter the feed's address, starting with http:// or https://")]
    BadUrl,
    /// The address is on a private or internal network, which is refused unless allowed.
    #[error(
        "The feed's address {0} is on a private or internal network, which Signpost does not fetch from. Enter the feed's public address"
    )]
    Private(String),
    /// No answer, or the connection failed or timed out.
    #[error("The feed could not be reached: the connection failed or took too long")]
    Unreachable,
    /// The server answered with a redirect.
    #[error("The feed's address redirects to {0}. Enter the address it redirects to instead")]
    Redirect(String),
    /// The server answered with an error status.
    #[error("The feed's address answered \"{0}\". Check the address")]
    Status(String),
    /// The answer is larger than `MAX_FEED_BYTES`.
    #[error("The feed is larger than 20 MB, which is too large to import")]
    TooLarge,
    /// The answer is not UTF-8 text.
    #[error("The feed is not text (JSON)")]
    NotText,
}

/// Checks that `text` is an http or https URL with a host.
pub fn parse_feed_url(text: &str) -> Result<url::Url, FetchError> {
    let url = url::Url::parse(text.trim()).map_err(|_| FetchError::BadUrl)?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl);
    }
    Ok(url)
}

/// Fetches a feed's text; `allow_private` lets it reach private and internal addresses
/// (tests and closed networks only).
pub async fn fetch_feed(address: &str, allow_private: bool) -> Result<String, FetchError> {
    let url = parse_feed_url(address)?;
    let host = url.host_str().unwrap_or_default().to_owned();
    outbound::check_literal(&url, allow_private).map_err(|_| FetchError::Private(host.clone()))?;
    let client = outbound::builder(allow_private)
        .timeout(FETCH_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(|_| FetchError::Unreachable)?;
    let mut response = client.get(url).send().await.map_err(|error| {
        if outbound::refused_private(&error) {
            FetchError::Private(host.clone())
        } else {
            FetchError::Unreachable
        }
    })?;
    let status = response.status();
    if status.is_redirection() {
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("another address");
        return Err(FetchError::Redirect(location.to_owned()));
    }
    if !status.is_success() {
        return Err(FetchError::Status(status.to_string()));
    }
    if response.content_length().is_some_and(|length| length > MAX_FEED_BYTES as u64) {
        return Err(FetchError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|_| FetchError::Unreachable)? {
        if body.len() + chunk.len() > MAX_FEED_BYTES {
            return Err(FetchError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| FetchError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_are_fetched() {
        assert!(parse_feed_url("https://example.org/services").is_ok());
        assert!(parse_feed_url(" http://127.0.0.1:8080/feed.json ").is_ok());
        for bad in ["file:///etc/passwd", "ftp://example.org/a", "example.org/services", "", "https://"] {
            assert_eq!(parse_feed_url(bad).err(), Some(FetchError::BadUrl), "{bad}");
        }
    }

    #[tokio::test]
    async fn internal_addresses_are_refused_unless_allowed() {
        for address in ["http://127.0.0.1:9/feed.json", "http://[::1]:9/feed.json", "http://localhost:9/feed.json"] {
            assert!(matches!(fetch_feed(address, false).await, Err(FetchError::Private(_))), "{address}");
            // Allowed, the fetch goes ahead (and finds nothing listening on port 9).
            assert_eq!(fetch_feed(address, true).await, Err(FetchError::Unreachable), "{address}");
        }
    }
}
