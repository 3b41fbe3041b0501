//! Sliding-window rate limits for public forms, per client address, kept in the database
//! (`rate_event`) so they hold across restarts and across instances.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::storage::{self, accounts::time_text, Store};

/// Allows `limit` events of one action per `window` per client.
#[derive(Debug, Clone, Copy)]
pub struct RateLimiter {
    action: &'static str,
    limit: i64,
    window: Duration,
}

impl RateLimiter {
    /// Creates a limiter for `action` (the key's prefix, e.g. "report").
    pub fn new(action: &'static str, limit: i64, window: Duration) -> Self {
        Self { action, limit, window }
    }

    /// Records an event for `client` at `now` and returns true, or returns false (and
    /// records nothing) when the client has reached the limit.
    pub async fn allow(&self, store: &dyn Store, client: IpAddr, now: DateTime<Utc>) -> storage::Result<bool> {
        let key = format!("{}:{client}", self.action);
        // Events older than a day are of no use to any window used here.
        let forget_before = now - self.window.max(Duration::days(1));
        store
            .take_rate_slot(&key, &time_text(now), &time_text(now - self.window), self.limit, &time_text(forget_before))
            .await
    }
}
