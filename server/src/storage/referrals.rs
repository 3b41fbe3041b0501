//! Referral storage: referrals, the outbox the dispatcher drains, the delivery log and
//! status updates from the care plan. Both backends share the SQL (`impl_referral_store!`).

use async_trait::async_trait;
use uuid::Uuid;

use super::{Error, Result};
use crate::referrals::{NewOutbox, Referral};

/// One outbox row: one event owed to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxRow {
    /// The stable webhook id.
    pub outbox_id: String,
    /// The referral.
    pub referral_id: String,
    /// The event's order within its referral.
    pub seq: i64,
    /// The event type.
    pub event_type: String,
    /// The endpoint's URL.
    pub endpoint: String,
    /// The exact body.
    pub body: String,
    /// When it was queued.
    pub created_at: String,
    /// When retries stop.
    pub expires_at: String,
    /// When it may next be tried.
    pub next_attempt_at: String,
    /// Attempts so far.
    pub attempts: i64,
    /// When it was delivered.
    pub delivered_at: Option<String>,
    /// When it was dead-lettered.
    pub dead_at: Option<String>,
    /// The last attempt's error.
    pub last_error: Option<String>,
}

/// One delivery attempt, as the delivery log shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryRow {
    /// The outbox row (webhook id).
    pub outbox_id: String,
    /// Its event type.
    pub event_type: String,
    /// Its endpoint.
    pub endpoint: String,
    /// When the attempt started.
    pub attempted_at: String,
    /// The answer's status code; none when no answer came.
    pub status_code: Option<i64>,
    /// How long it took.
    pub duration_ms: i64,
    /// What went wrong.
    pub error: Option<String>,
}

/// A team-wide read of referrals (by a referrals lead or an admin), kept for audit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralAccess {
    /// Its id.
    pub referral_access_id: String,
    /// The referral read, or none for the team-wide list.
    pub referral_id: Option<String>,
    /// Who read it.
    pub app_user_id: String,
    /// "list_team" or "read".
    pub action: String,
    /// When (`time_text`).
    pub accessed_at: String,
}

/// What an attempt led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered at this time.
    Delivered(String),
    /// Try again at this time.
    Retry(String),
    /// Given up at this time (dead letter).
    Dead(String),
}

/// Referral storage; both backends implement it with the same SQL.
#[async_trait]
pub trait ReferralStore: Send + Sync {
    /// Saves a referral and its first event's outbox rows in one transaction.
    async fn create_referral(&self, referral: &Referral, outbox: &[NewOutbox], now: &str, expires: &str) -> Result<()>;
    /// Marks a referral withdrawn and queues its outbox rows after its earlier events, in
    /// one transaction.
    async fn withdraw_referral(&self, id: Uuid, outbox: &[NewOutbox], now: &str, expires: &str) -> Result<()>;
    /// Returns one referral, or `Error::NotFound`.
    async fn referral(&self, id: Uuid) -> Result<Referral>;
    /// Returns the newest referrals first.
    async fn referrals(&self, limit: i64) -> Result<Vec<Referral>>;
    /// Returns the newest referrals recorded by `created_by` first.
    async fn referrals_by(&self, created_by: Uuid, limit: i64) -> Result<Vec<Referral>>;
    /// Records that `user` did `action` ("list_team", "read") on others' referrals.
    async fn record_referral_access(&self, access: &ReferralAccess) -> Result<()>;
    /// Returns the newest team-wide referral accesses first.
    async fn referral_accesses(&self, limit: i64) -> Result<Vec<ReferralAccess>>;
    /// Records a status update from the care plan, once per webhook id; returns false
    /// for a repeat. `Error::NotFound` when there is no such referral.
    async fn record_status_update(
        &self,
        webhook_id: &str,
        id: Uuid,
        status: &str,
        reason: Option<&str>,
        now: &str,
    ) -> Result<bool>;
    /// Leases up to `limit` due rows until `lease_until`: not delivered, not dead, due
    /// by `now`, not leased by another dispatcher, and with every earlier event of the
    /// same referral and endpoint delivered. Runs under the write lock, so two
    /// dispatchers never lease the same row.
    async fn claim_outbox(&self, now: &str, lease_until: &str, limit: i64) -> Result<Vec<OutboxRow>>;
    /// Logs an attempt and applies its outcome, releasing the lease.
    async fn record_delivery(&self, attempt: &DeliveryRow, outcome: &Outcome) -> Result<()>;
    /// Returns a referral's outbox rows, in event order.
    async fn referral_outbox(&self, id: Uuid) -> Result<Vec<OutboxRow>>;
    /// Returns a referral's delivery log, oldest first.
    async fn delivery_log(&self, id: Uuid) -> Result<Vec<DeliveryRow>>;
    /// Returns dead-lettered rows, newest first: of referrals recorded by `created_by`,
    /// or everyone's when `None`.
    async fn dead_letters(&self, created_by: Option<Uuid>, limit: i64) -> Result<Vec<OutboxRow>>;
    /// Counts dead-lettered rows: of referrals recorded by `created_by`, or everyone's when `None`.
    async fn count_dead_letters(&self, created_by: Option<Uuid>) -> Result<i64>;
    /// Returns one dead letter; `Error::NotFound` when there is no such dead letter.
    async fn dead_letter(&self, outbox_id: &str) -> Result<OutboxRow>;
    /// Counts rows not yet delivered (dead letters included).
    async fn count_undelivered(&self) -> Result<i64>;
    /// Puts a dead letter back in the queue, due now, with a new expiry;
    /// `Error::NotFound` when there is no such dead letter.
    async fn replay_dead_letter(&self, outbox_id: &str, now: &str, expires: &str) -> Result<()>;
}

#[derive(sqlx::FromRow)]
pub(super) struct ReferralRow {
    referral_id: String,
    care_plan_reference: String,
    support_level: String,
    actions: String,
    services: String,
    note: Option<String>,
    staff_role: String,
    created_by: String,
    status: String,
    status_reason: Option<String>,
    status_updated_at: Option<String>,
    created_at: String,
}

impl ReferralRow {
    pub(super) fn into_referral(self) -> Result<Referral> {
        let corrupt = |what: &str| Error::Corrupt(format!("referral {what}"));
        Ok(Referral {
            id: self.referral_id.parse().map_err(|_| corrupt("id"))?,
            care_plan_reference: self.care_plan_reference,
            support_level: serde_json::from_value(serde_json::Value::String(self.support_level))
                .map_err(|_| corrupt("support level"))?,
            actions: serde_json::from_str(&self.actions).map_err(|_| corrupt("actions"))?,
            services: serde_json::from_str(&self.services).map_err(|_| corrupt("services"))?,
            note: self.note,
            staff_role: self.staff_role.parse()?,
            created_by: self.created_by.parse().map_err(|_| corrupt("author"))?,
            status: self.status.parse()?,
            status_reason: self.status_reason,
            status_updated_at: self.status_updated_at,
            created_at: self.created_at,
        })
    }
}

/// Returns a referral's stored JSON columns (actions, services).
pub(super) fn json_columns(referral: &Referral) -> Result<(String, String)> {
    let text = |value: serde_json::Result<String>| value.map_err(|error| Error::Corrupt(error.to_string()));
    Ok((text(serde_json::to_string(&referral.actions))?, text(serde_json::to_string(&referral.services))?))
}

/// Columns of `ReferralRow`.
pub(super) const REFERRAL_COLUMNS: &str = "referral_id, care_plan_reference, support_level, actions, services, note, \
     staff_role, created_by, status, status_reason, status_updated_at, created_at";

/// Columns of `OutboxRow`.
pub(super) const OUTBOX_COLUMNS: &str = "outbox_id, referral_id, seq, event_type, endpoint, body, created_at, \
     expires_at, next_attempt_at, attempts, delivered_at, dead_at, last_error";

/// Implements `ReferralStore` for a store with a `pool` of database `$db` and a
/// `begin_write()`.
macro_rules! impl_referral_store {
    ($store:ty, $db:ty) => {
        impl $store {
            async fn insert_outbox(
                tx: &mut sqlx::Transaction<'_, $db>,
                referral_id: &str,
                outbox: &[$crate::referrals::NewOutbox],
                now: &str,
                expires: &str,
            ) -> $crate::storage::Result<()> {
                for row in outbox {
                    let (seq,): (i64,) = sqlx::query_as(
                        "select coalesce(max(seq), 0) + 1 from referral_outbox where referral_id = $1 and endpoint = $2",
                    )
                    .bind(referral_id)
                    .bind(&row.endpoint)
                    .fetch_one(&mut **tx)
                    .await?;
                    sqlx::query(
                        "insert into referral_outbox (outbox_id, referral_id, seq, event_type, endpoint, body, \
                         created_at, expires_at, next_attempt_at, attempts) \
                         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)",
                    )
                    .bind(&row.id)
                    .bind(referral_id)
                    .bind(seq)
                    .bind(&row.event_type)
                    .bind(&row.endpoint)
                    .bind(&row.body)
                    .bind(now)
                    .bind(expires)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::storage::referrals::ReferralStore for $store {
            async fn create_referral(
                &self,
                referral: &$crate::referrals::Referral,
                outbox: &[$crate::referrals::NewOutbox],
                now: &str,
                expires: &str,
            ) -> $crate::storage::Result<()> {
                let (actions, services) = $crate::storage::referrals::json_columns(referral)?;
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "insert into referral (referral_id, care_plan_reference, support_level, actions, services, note, \
                     staff_role, created_by, status, status_reason, status_updated_at, created_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(referral.id.to_string())
                .bind(&referral.care_plan_reference)
                .bind(referral.support_level.code())
                .bind(actions)
                .bind(services)
                .bind(&referral.note)
                .bind(referral.staff_role.as_str())
                .bind(referral.created_by.to_string())
                .bind(referral.status.as_str())
                .bind(&referral.status_reason)
                .bind(&referral.status_updated_at)
                .bind(&referral.created_at)
                .execute(&mut *tx)
                .await?;
                Self::insert_outbox(&mut tx, &referral.id.to_string(), outbox, now, expires).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn withdraw_referral(
                &self,
                id: uuid::Uuid,
                outbox: &[$crate::referrals::NewOutbox],
                now: &str,
                expires: &str,
            ) -> $crate::storage::Result<()> {
                let mut tx = self.begin_write().await?;
                let updated = sqlx::query(
                    "update referral set status = $1, status_reason = null, status_updated_at = $2 \
                     where referral_id = $3",
                )
                .bind("withdrawn")
                .bind(now)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 0 {
                    return Err($crate::storage::Error::NotFound);
                }
                Self::insert_outbox(&mut tx, &id.to_string(), outbox, now, expires).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn referral(&self, id: uuid::Uuid) -> $crate::storage::Result<$crate::referrals::Referral> {
                use $crate::storage::referrals::{ReferralRow, REFERRAL_COLUMNS};
                let row = sqlx::query_as::<$db, ReferralRow>(&format!(
                    "select {REFERRAL_COLUMNS} from referral where referral_id = $1"
                ))
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
                row.ok_or($crate::storage::Error::NotFound)?.into_referral()
            }

            async fn referrals(&self, limit: i64) -> $crate::storage::Result<Vec<$crate::referrals::Referral>> {
                use $crate::storage::referrals::{ReferralRow, REFERRAL_COLUMNS};
                let rows = sqlx::query_as::<$db, ReferralRow>(&format!(
                    "select {REFERRAL_COLUMNS} from referral order by created_at desc, referral_id limit $1"
                ))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(ReferralRow::into_referral).collect()
            }

            async fn referrals_by(
                &self,
                created_by: uuid::Uuid,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::referrals::Referral>> {
                use $crate::storage::referrals::{ReferralRow, REFERRAL_COLUMNS};
                let rows = sqlx::query_as::<$db, ReferralRow>(&format!(
                    "select {REFERRAL_COLUMNS} from referral where created_by = $1 \
                     order by created_at desc, referral_id limit $2"
                ))
                .bind(created_by.to_string())
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(ReferralRow::into_referral).collect()
            }

            async fn record_referral_access(
                &self,
                access: &$crate::storage::referrals::ReferralAccess,
            ) -> $crate::storage::Result<()> {
                sqlx::query(
                    "insert into referral_access (referral_access_id, referral_id, app_user_id, action, accessed_at) \
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(&access.referral_access_id)
                .bind(&access.referral_id)
                .bind(&access.app_user_id)
                .bind(&access.action)
                .bind(&access.accessed_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn referral_accesses(
                &self,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::referrals::ReferralAccess>> {
                Ok(sqlx::query_as::<$db, $crate::storage::referrals::ReferralAccess>(
                    "select referral_access_id, referral_id, app_user_id, action, accessed_at from referral_access \
                     order by accessed_at desc, referral_access_id limit $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn record_status_update(
                &self,
                webhook_id: &str,
                id: uuid::Uuid,
                status: &str,
                reason: Option<&str>,
                now: &str,
            ) -> $crate::storage::Result<bool> {
                let mut tx = self.begin_write().await?;
                let seen: Option<(String,)> =
                    sqlx::query_as("select webhook_id from referral_status_update where webhook_id = $1")
                        .bind(webhook_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if seen.is_some() {
                    return Ok(false);
                }
                let updated = sqlx::query(
                    "update referral set status = $1, status_reason = $2, status_updated_at = $3 \
                     where referral_id = $4",
                )
                .bind(status)
                .bind(reason)
                .bind(now)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 0 {
                    return Err($crate::storage::Error::NotFound);
                }
                sqlx::query(
                    "insert into referral_status_update (webhook_id, referral_id, status, reason, received_at) \
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(webhook_id)
                .bind(id.to_string())
                .bind(status)
                .bind(reason)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn claim_outbox(
                &self,
                now: &str,
                lease_until: &str,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::referrals::OutboxRow>> {
                use $crate::storage::referrals::{OutboxRow, OUTBOX_COLUMNS};
                let mut tx = self.begin_write().await?;
                let rows = sqlx::query_as::<$db, OutboxRow>(&format!(
                    "select {OUTBOX_COLUMNS} from referral_outbox o \
                     where o.delivered_at is null and o.dead_at is null and o.next_attempt_at <= $1 \
                     and (o.leased_until is null or o.leased_until <= $2) \
                     and not exists (select 1 from referral_outbox p where p.referral_id = o.referral_id \
                     and p.endpoint = o.endpoint and p.seq < o.seq and p.delivered_at is null) \
                     order by o.next_attempt_at, o.created_at, o.referral_id, o.seq limit $3"
                ))
                .bind(now)
                .bind(now)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
                for row in &rows {
                    sqlx::query("update referral_outbox set leased_until = $1 where outbox_id = $2")
                        .bind(lease_until)
                        .bind(&row.outbox_id)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(rows)
            }

            async fn record_delivery(
                &self,
                attempt: &$crate::storage::referrals::DeliveryRow,
                outcome: &$crate::storage::referrals::Outcome,
            ) -> $crate::storage::Result<()> {
                use $crate::storage::referrals::Outcome;
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "insert into referral_delivery (outbox_id, attempted_at, status_code, duration_ms, error) \
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(&attempt.outbox_id)
                .bind(&attempt.attempted_at)
                .bind(attempt.status_code)
                .bind(attempt.duration_ms)
                .bind(&attempt.error)
                .execute(&mut *tx)
                .await?;
                let (sql, at) = match outcome {
                    Outcome::Delivered(at) => (
                        "update referral_outbox set delivered_at = $1, leased_until = null, attempts = attempts + 1, \
                         last_error = $2 where outbox_id = $3",
                        at,
                    ),
                    Outcome::Retry(at) => (
                        "update referral_outbox set next_attempt_at = $1, leased_until = null, \
                         attempts = attempts + 1, last_error = $2 where outbox_id = $3",
                        at,
                    ),
                    Outcome::Dead(at) => (
                        "update referral_outbox set dead_at = $1, leased_until = null, attempts = attempts + 1, \
                         last_error = $2 where outbox_id = $3",
                        at,
                    ),
                };
                sqlx::query(sql)
                    .bind(at)
                    .bind(&attempt.error)
                    .bind(&attempt.outbox_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn referral_outbox(
                &self,
                id: uuid::Uuid,
            ) -> $crate::storage::Result<Vec<$crate::storage::referrals::OutboxRow>> {
                use $crate::storage::referrals::{OutboxRow, OUTBOX_COLUMNS};
                Ok(sqlx::query_as::<$db, OutboxRow>(&format!(
                    "select {OUTBOX_COLUMNS} from referral_outbox where referral_id = $1 order by seq, endpoint"
                ))
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?)
            }

            async fn delivery_log(
                &self,
                id: uuid::Uuid,
            ) -> $crate::storage::Result<Vec<$crate::storage::referrals::DeliveryRow>> {
                use $crate::storage::referrals::DeliveryRow;
                Ok(sqlx::query_as::<$db, DeliveryRow>(
                    "select d.outbox_id, o.event_type, o.endpoint, d.attempted_at, d.status_code, d.duration_ms, \
                     d.error from referral_delivery d join referral_outbox o on o.outbox_id = d.outbox_id \
                     where o.referral_id = $1 order by d.delivery_id",
                )
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?)
            }

            async fn dead_letters(
                &self,
                created_by: Option<uuid::Uuid>,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::referrals::OutboxRow>> {
                use $crate::storage::referrals::{OutboxRow, OUTBOX_COLUMNS};
                // A null owner means everyone's (the team view).
                Ok(sqlx::query_as::<$db, OutboxRow>(&format!(
                    "select {OUTBOX_COLUMNS} from referral_outbox where dead_at is not null \
                     and ($1 is null or referral_id in (select referral_id from referral where created_by = $1)) \
                     order by dead_at desc, outbox_id limit $2"
                ))
                .bind(created_by.map(|id| id.to_string()))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn count_dead_letters(&self, created_by: Option<uuid::Uuid>) -> $crate::storage::Result<i64> {
                let (count,): (i64,) = sqlx::query_as(
                    "select count(*) from referral_outbox where dead_at is not null \
                     and ($1 is null or referral_id in (select referral_id from referral where created_by = $1))",
                )
                .bind(created_by.map(|id| id.to_string()))
                .fetch_one(&self.pool)
                .await?;
                Ok(count)
            }

            async fn dead_letter(
                &self,
                outbox_id: &str,
            ) -> $crate::storage::Result<$crate::storage::referrals::OutboxRow> {
                use $crate::storage::referrals::{OutboxRow, OUTBOX_COLUMNS};
                sqlx::query_as::<$db, OutboxRow>(&format!(
                    "select {OUTBOX_COLUMNS} from referral_outbox where outbox_id = $1 and dead_at is not null"
                ))
                .bind(outbox_id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or($crate::storage::Error::NotFound)
            }

            async fn count_undelivered(&self) -> $crate::storage::Result<i64> {
                let (count,): (i64,) =
                    sqlx::query_as("select count(*) from referral_outbox where delivered_at is null")
                        .fetch_one(&self.pool)
                        .await?;
                Ok(count)
            }

            async fn replay_dead_letter(&self, outbox_id: &str, now: &str, expires: &str) -> $crate::storage::Result<()> {
                let updated = sqlx::query(
                    "update referral_outbox set dead_at = null, next_attempt_at = $1, expires_at = $2, \
                     leased_until = null where outbox_id = $3 and dead_at is not null and body <> ''",
                )
                .bind(now)
                .bind(expires)
                .bind(outbox_id)
                .execute(&self.pool)
                .await?;
                if updated.rows_affected() == 0 {
                    return Err($crate::storage::Error::NotFound);
                }
                Ok(())
            }
        }
    };
}
pub(super) use impl_referral_store;
