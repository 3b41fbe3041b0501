//! Retention purges: what is past its keeping period is deleted or blanked, in one
//! transaction per kind, on both backends with the same SQL.

use async_trait::async_trait;

use super::Result;

/// The instants before which each kind of record is past retention (`time_text`, or a
/// London date `YYYY-MM-DD` for search insight days); `None` keeps that kind for ever.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeCutoffs {
    /// Helpline query and unmet-need free text.
    pub query_log: Option<String>,
    /// Search insight days (a date).
    pub insight_day: Option<String>,
    /// Problem reports and suggestions.
    pub reports: Option<String>,
    /// Referral notes, sent payloads, delivery logs and the care plan's reasons.
    pub referral_payloads: Option<String>,
}

/// What a purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    /// Helpline queries whose notes, searched words and search link were blanked.
    pub helpline_queries: u64,
    /// Unmet needs whose description, searched words and search link were blanked.
    pub unmet_needs: u64,
    /// Search insight rows deleted.
    pub insight_rows: u64,
    /// Problem reports and suggestions deleted.
    pub reports: u64,
    /// Referral notes blanked.
    pub referral_notes: u64,
    /// Sent referral payloads (outbox bodies) blanked.
    pub referral_payloads: u64,
    /// Delivery log rows deleted.
    pub delivery_logs: u64,
    /// Status-update reasons from the care plan blanked.
    pub status_reasons: u64,
}

/// Retention storage; both backends implement it with the same SQL.
#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Removes what is older than the cutoffs and returns the counts.
    async fn purge(&self, cutoffs: &PurgeCutoffs) -> Result<PurgeCounts>;
}

/// Implements `RetentionStore` for a store with a `pool` and `begin_write()`.
macro_rules! impl_retention_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::storage::retention::RetentionStore for $store {
            async fn purge(
                &self,
                cutoffs: &$crate::storage::retention::PurgeCutoffs,
            ) -> $crate::storage::Result<$crate::storage::retention::PurgeCounts> {
                let mut counts = $crate::storage::retention::PurgeCounts::default();
                if let Some(before) = &cutoffs.query_log {
                    let mut tx = self.begin_write().await?;
                    counts.helpline_queries = sqlx::query(
                        "update helpline_query set notes = '', search_text = '', search_url = null \
                         where created_at < $1 and (notes <> '' or search_text <> '' or search_url is not null)",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    counts.unmet_needs = sqlx::query(
                        "update unmet_need set description = '', searched = '', search_url = null \
                         where created_at < $1 and (description <> '' or searched <> '' or search_url is not null)",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    tx.commit().await?;
                }
                if let Some(day) = &cutoffs.insight_day {
                    counts.insight_rows = sqlx::query("delete from search_insight where search_day < $1")
                        .bind(day)
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                }
                if let Some(before) = &cutoffs.reports {
                    let mut tx = self.begin_write().await?;
                    sqlx::query(
                        "delete from inbox_event where problem_report_id in \
                         (select problem_report_id from problem_report where created_at < $1)",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?;
                    counts.reports = sqlx::query("delete from problem_report where created_at < $1")
                        .bind(before)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    tx.commit().await?;
                }
                if let Some(before) = &cutoffs.referral_payloads {
                    let mut tx = self.begin_write().await?;
                    counts.referral_notes =
                        sqlx::query("update referral set note = null where created_at < $1 and note is not null")
                            .bind(before)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                    // Only finished events: one still being retried keeps what it must send.
                    counts.referral_payloads = sqlx::query(
                        "update referral_outbox set body = '' where body <> '' \
                         and (delivered_at is not null or dead_at is not null) \
                         and referral_id in (select referral_id from referral where created_at < $1)",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    counts.delivery_logs = sqlx::query("delete from referral_delivery where attempted_at < $1")
                        .bind(before)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    counts.status_reasons = sqlx::query(
                        "update referral_status_update set reason = null where received_at < $1 and reason is not null",
                    )
                    .bind(before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    tx.commit().await?;
                }
                Ok(counts)
            }
        }
    };
}
pub(super) use impl_retention_store;
