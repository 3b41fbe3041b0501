//! Shared application state handed to every handler.

use std::sync::Arc;

use signpost_index::SearchIndex;

use crate::{
    auth::SessionSettings, client_addr::TrustedProxies, clock::Clock, insight::SearchLog, keeper::IndexKeeper,
    rate_limit::RateLimiter, reference::ReferenceData, referrals::ReferralSettings, storage::Store,
    synonym_rules::SynonymWatcher,
};

/// Everything handlers need.
#[derive(Clone)]
pub struct AppState {
    /// The system of record.
    pub store: Arc<dyn Store>,
    /// The search index (read side).
    pub index: Arc<SearchIndex>,
    /// The index keeper (write side).
    pub keeper: Arc<IndexKeeper>,
    /// Geography, taxonomy, synonyms.
    pub reference: Arc<ReferenceData>,
    /// Base for absolute links in API answers ("" for relative links).
    pub public_url: Arc<str>,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// Limits "report a problem" messages per client.
    pub report_limiter: RateLimiter,
    /// Proxies whose `X-Forwarded-For` decides the client address.
    pub trusted_proxies: Arc<TrustedProxies>,
    /// Console session time-outs and cookie attributes.
    pub sessions: SessionSettings,
    /// Counts searches for the curator's insight page (anonymously, off the request path).
    pub search_log: SearchLog,
    /// Keeps the index on the stored synonym rules.
    pub synonyms: Arc<SynonymWatcher>,
    /// Referral validation and delivery settings (endpoints, secrets, retry policy).
    pub referrals: Arc<ReferralSettings>,
    /// Whether console imports may fetch feeds from private or internal addresses.
    pub import_allow_private: bool,
    /// The local contacts (helpline, central access point, crisis services) from configuration.
    pub contacts: Arc<signpost_web::LocalContacts>,
    /// Who runs the service (privacy notice, accessibility statement).
    pub organisation: Arc<crate::config::OrganisationArgs>,
    /// How long personal-ish records are kept (the daily purge, and the privacy notice).
    pub retention: crate::retention::Retention,
}

impl AppState {
    /// Returns the public page address of a service.
    pub fn service_url(&self, id: &str) -> String {
        format!("{}/services/{id}", self.public_url)
    }
}
