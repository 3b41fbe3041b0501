//! Retention: how long personal-ish records are kept, the purge `serve` runs daily and
//! `signpost purge` runs on demand.
//!
//! What is purged, and why: helpline query and unmet-need free text (notes, searched words
//! and links may describe a person) while the coded counts behind commissioners' reports
//! stay; search insight rows (typed words); "report a problem" messages and staff
//! suggestions (the public may write names in them); referral notes, the payloads sent to
//! the care plan (they carry its reference for the person), delivery logs and the care
//! plan's reasons. A referral's status and services stay, for the staff member's list.

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;

use crate::{
    clock::Clock,
    config::RetentionArgs,
    storage::{
        self,
        accounts::time_text,
        retention::{PurgeCounts, PurgeCutoffs},
        Store,
    },
};

/// How often `serve` purges.
const PURGE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Retention periods in days; 0 keeps for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Query-log free text and search insight.
    pub query_log_days: u32,
    /// Problem reports and suggestions.
    pub reports_days: u32,
    /// Referral notes, payloads and delivery logs.
    pub referral_payload_days: u32,
}

impl Retention {
    /// Reads the periods from the configuration.
    pub fn from_args(args: &RetentionArgs) -> Self {
        Self {
            query_log_days: args.retain_query_log_days,
            reports_days: args.retain_reports_days,
            referral_payload_days: args.retain_referral_payload_days,
        }
    }

    /// Returns the cutoffs at `now`.
    pub fn cutoffs(&self, now: DateTime<Utc>) -> PurgeCutoffs {
        let before = |days: u32| (days > 0).then(|| now - chrono::Duration::days(i64::from(days)));
        PurgeCutoffs {
            query_log: before(self.query_log_days).map(time_text),
            insight_day: before(self.query_log_days)
                .map(|instant| instant.with_timezone(&London).format("%Y-%m-%d").to_string()),
            reports: before(self.reports_days).map(time_text),
            referral_payloads: before(self.referral_payload_days).map(time_text),
        }
    }
}

/// Purges what is past retention at `now`.
pub async fn purge(store: &dyn Store, retention: &Retention, now: DateTime<Utc>) -> storage::Result<PurgeCounts> {
    store.purge(&retention.cutoffs(now)).await
}

/// Returns what a purge removed, one line per kind, for people.
pub fn summary(counts: &PurgeCounts) -> String {
    [
        (counts.helpline_queries, "helpline queries: notes and searched words removed"),
        (counts.unmet_needs, "unmet needs: descriptions and searched words removed"),
        (counts.insight_rows, "search insight rows deleted"),
        (counts.reports, "problem reports and suggestions deleted"),
        (counts.referral_notes, "referral notes removed"),
        (counts.referral_payloads, "sent referral payloads removed"),
        (counts.delivery_logs, "delivery log entries deleted"),
        (counts.status_reasons, "care-plan status reasons removed"),
    ]
    .iter()
    .map(|(count, what)| format!("{count} {what}"))
    .collect::<Vec<_>>()
    .join("\n")
}

/// Purges once at start and then every day, by the app's clock; errors are logged and
/// retried the next day.
pub async fn run_daily(store: Arc<dyn Store>, clock: Arc<dyn Clock>, retention: Retention) {
    loop {
        match purge(store.as_ref(), &retention, clock.now()).await {
            Ok(counts) => tracing::info!(?counts, "retention purge"),
            Err(error) => tracing::error!(%error, "retention purge failed"),
        }
        tokio::time::sleep(PURGE_EVERY).await;
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn cutoffs_are_the_periods_before_now_and_zero_keeps_for_ever() {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 0, 30, 0).single().expect("date");
        let retention = Retention { query_log_days: 365, reports_days: 0, referral_payload_days: 90 };
        let cutoffs = retention.cutoffs(now);
        assert_eq!(cutoffs.query_log.as_deref(), Some("2025-12-06T00:30:00.000Z"));
        assert_eq!(cutoffs.insight_day.as_deref(), Some("2025-12-06"));
        assert_eq!(cutoffs.reports, None);
        assert_eq!(cutoffs.referral_payloads.as_deref(), Some("2026-09-07T00:30:00.000Z"));
    }
}
