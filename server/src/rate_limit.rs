//! A small in-memory sliding-window rate limiter for public forms (per client address,
//! per server instance: enough to stop a flood, not a quota).

use std::{
    collections::{HashMap, VecDeque},
    net::IpAddr,
    sync::Mutex,
};

use chrono::{DateTime, Duration, Utc};

/// Most distinct clients tracked before stale entries are swept.
const SWEEP_AT: usize = 10_000;

/// Allows `limit` events per `window` per client.
#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    events: Mutex<HashMap<IpAddr, VecDeque<DateTime<Utc>>>>,
}

impl RateLimiter {
    /// Creates a limiter.
    pub fn new(limit: usize, window: Duration) -> Self {
        Self { limit, window, events: Mutex::new(HashMap::new()) }
    }

    /// Records an event for `client` at `now` and returns true, or returns false (and
    /// records nothing) when the client has reached the limit.
    pub fn allow(&self, client: IpAddr, now: DateTime<Utc>) -> bool {
        let mut events = self.events.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let cutoff = now - self.window;
        if events.len() >= SWEEP_AT {
            events.retain(|_, times| times.back().is_some_and(|last| *last > cutoff));
        }
        let times = events.entry(client).or_default();
        while times.front().is_some_and(|first| *first <= cutoff) {
            times.pop_front();
        }
        if times.len() >= self.limit {
            return false;
        }
        times.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_client_is_limited_within_the_window_and_free_again_after_it() {
        let limiter = RateLimiter::new(2, Duration::minutes(10));
        let client = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        let start = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("valid date");
        assert!(limiter.allow(client, start));
        assert!(limiter.allow(client, start + Duration::minutes(1)));
        assert!(!limiter.allow(client, start + Duration::minutes(2)), "third within ten minutes");
        assert!(limiter.allow(other, start + Duration::minutes(2)), "other clients are separate");
        assert!(limiter.allow(client, start + Duration::minutes(11)), "the first has left the window");
    }
}
