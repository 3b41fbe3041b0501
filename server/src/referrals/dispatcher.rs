//! The dispatcher: one task per server instance that drains the outbox. It leases due
//! rows (under the database's write lock, so instances never lease the same row), POSTs
//! each signed body to its configured endpoint, logs the attempt, and then marks the row
//! delivered, schedules a retry with exponential back-off and jitter, or dead-letters it
//! once it is older than the maximum age. Delivery is at least once: a crash after a send
//! and before the log write sends again, with the same webhook id.

use std::{sync::Arc, time::Instant};

use chrono::{DateTime, Utc};
use rand::Rng;
use tokio::task::JoinSet;

use super::ReferralSettings;
use crate::{
    clock::Clock,
    outbound,
    storage::{
        self,
        accounts::{parse_time, time_text},
        referrals::{DeliveryRow, OutboxRow, Outcome},
        Store,
    },
};

/// Longest error text kept in the delivery log.
const MAX_ERROR_CHARS: usize = 300;

/// Drains the outbox.
pub struct Dispatcher {
    store: Arc<dyn Store>,
    settings: Arc<ReferralSettings>,
    clock: Arc<dyn Clock>,
    client: reqwest::Client,
}

impl Dispatcher {
    /// Builds a dispatcher with the safe outbound client.
    pub fn new(store: Arc<dyn Store>, settings: Arc<ReferralSettings>, clock: Arc<dyn Clock>) -> reqwest::Result<Self> {
        let client = outbound::client(settings.timeout, settings.allow_private)?;
        Ok(Self { store, settings, clock, client })
    }

    /// Runs until the task is aborted: drains what is due, then waits to be woken or for
    /// the poll interval.
    pub async fn run(self: Arc<Self>) {
        loop {
            let busy = match self.run_once().await {
                Ok(count) => count >= self.settings.concurrency,
                Err(error) => {
                    tracing::warn!(%error, "referral dispatcher could not read the outbox");
                    false
                }
            };
            if busy {
                continue;
            }
            tokio::select! {
                () = self.settings.wake.notified() => {}
                () = tokio::time::sleep(self.settings.poll) => {}
            }
        }
    }

    /// Leases one batch of due rows and delivers them at once; returns how many.
    pub async fn run_once(self: &Arc<Self>) -> storage::Result<usize> {
        let now = self.clock.now();
        // A lease outlives an attempt, so a dispatcher that dies mid-send releases its rows.
        let lease =
            chrono::Duration::from_std(self.settings.timeout).unwrap_or_default() + chrono::Duration::seconds(5);
        let limit = i64::try_from(self.settings.concurrency).unwrap_or(i64::MAX);
        let rows = self.store.claim_outbox(&time_text(now), &time_text(now + lease), limit).await?;
        let count = rows.len();
        let mut tasks = JoinSet::new();
        for row in rows {
            let this = Arc::clone(self);
            tasks.spawn(async move { this.deliver(row).await });
        }
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::warn!(%error, "could not record a referral delivery"),
                Err(error) => tracing::warn!(%error, "referral delivery task failed"),
            }
        }
        Ok(count)
    }

    /// Sends one row and records the attempt and its outcome.
    async fn deliver(&self, row: OutboxRow) -> storage::Result<()> {
        let attempted = self.clock.now();
        let started = Instant::now();
        let (status_code, error) = self.send(&row, attempted).await;
        let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let finished = self.clock.now();
        let delivered = status_code.is_some_and(|code| (200..300).contains(&code));
        let outcome =
            if delivered { Outcome::Delivered(time_text(finished)) } else { self.after_failure(&row, finished)? };
        if let Outcome::Dead(_) = outcome {
            tracing::error!(webhook_id = %row.outbox_id, endpoint = %row.endpoint, "referral event dead-lettered");
        }
        let attempt = DeliveryRow {
            outbox_id: row.outbox_id.clone(),
            event_type: row.event_type.clone(),
            endpoint: row.endpoint.clone(),
            attempted_at: time_text(attempted),
            status_code,
            duration_ms,
            error,
        };
        self.store.record_delivery(&attempt, &outcome).await
    }

    /// POSTs the body; returns the status code (none when no answer came) and an error.
    async fn send(&self, row: &OutboxRow, at: DateTime<Utc>) -> (Option<i64>, Option<String>) {
        let Some(endpoint) = self.settings.endpoint(&row.endpoint) else {
            return (None, Some("this endpoint is no longer configured".to_owned()));
        };
        if let Err(error) = outbound::check_literal(&endpoint.url, self.settings.allow_private) {
            return (None, Some(error.to_string()));
        }
        let timestamp = at.timestamp();
        let Some(keys) = self.settings.signing_for(&row.endpoint) else {
            return (None, Some("this endpoint has no signing secret".to_owned()));
        };
        let signature = keys.sign(&row.outbox_id, timestamp, row.body.as_bytes());
        let sent = self
            .client
            .post(endpoint.url.clone())
            .header("content-type", "application/json")
            .header("webhook-id", &row.outbox_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(row.body.clone())
            .send()
            .await;
        match sent {
            Ok(response) => {
                let status = response.status();
                let error = (!status.is_success()).then(|| format!("answered {status}"));
                (Some(i64::from(status.as_u16())), error)
            }
            Err(error) => (None, Some(error_text(&error))),
        }
    }

    /// Schedules the next attempt, or dead-letters the row once past its expiry.
    fn after_failure(&self, row: &OutboxRow, now: DateTime<Utc>) -> storage::Result<Outcome> {
        let expires = parse_time(&row.expires_at)?;
        if now >= expires {
            return Ok(Outcome::Dead(time_text(now)));
        }
        let next = now + backoff(&self.settings, row.attempts + 1);
        // The last attempt happens at the maximum age, not after it.
        Ok(Outcome::Retry(time_text(next.min(expires))))
    }
}

/// The delay before attempt `attempt + 1`: the base doubled per attempt, capped, times a
/// random factor in [0.5, 1] so that many failed events do not retry in step.
pub fn backoff(settings: &ReferralSettings, attempt: i64) -> chrono::Duration {
    let exponent = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    let base = settings.retry_base.num_milliseconds().max(1);
    let capped = base.saturating_mul(1_i64 << exponent).min(settings.max_delay.num_milliseconds());
    let jitter: f64 = rand::rng().random_range(0.5..=1.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss, reason = "milliseconds fit easily")]
    let jittered = (capped as f64 * jitter) as i64;
    chrono::Duration::milliseconds(jittered.max(1))
}

/// The error and its causes, shortened for the log.
fn error_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.chars().take(MAX_ERROR_CHARS).collect()
}
