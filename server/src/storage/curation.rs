//! Curation storage: per-record review intervals, the inbox (public problem reports and
//! staff suggestions, with an audited status), anonymous search insight and the editable
//! synonym rules. Both backends share the SQL (`impl_curation_store!`).

use std::{fmt, str::FromStr};

use async_trait::async_trait;
use uuid::Uuid;

use super::{Error, ProblemReport, Result};

/// Months between checks when a record sets none.
pub const DEFAULT_REVIEW_MONTHS: u32 = 6;

/// The review intervals a curator may choose, in months.
pub const REVIEW_MONTH_CHOICES: [u32; 3] = [3, 6, 12];

/// What kind of message an inbox item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxKind {
    /// "Report a problem with this page" from the public.
    Report,
    /// "Suggest a change" from a signed-in member of staff.
    StaffSuggestion,
}

impl InboxKind {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::StaffSuggestion => "staff_suggestion",
        }
    }

    /// Returns the name shown to curators.
    pub fn label(self) -> &'static str {
        match self {
            Self::Report => "Public report",
            Self::StaffSuggestion => "Staff suggestion",
        }
    }
}

impl FromStr for InboxKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "report" => Ok(Self::Report),
            "staff_suggestion" => Ok(Self::StaffSuggestion),
            other => Err(Error::Corrupt(format!("inbox kind {other:?}"))),
        }
    }
}

/// Where an inbox item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxStatus {
    /// Not yet looked at.
    New,
    /// Being dealt with.
    InProgress,
    /// Dealt with.
    Closed,
}

impl InboxStatus {
    /// Every status, in workflow order.
    pub const ALL: [InboxStatus; 3] = [Self::New, Self::InProgress, Self::Closed];

    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in_progress",
            Self::Closed => "closed",
        }
    }

    /// Returns the name shown to curators.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::InProgress => "In progress",
            Self::Closed => "Closed",
        }
    }
}

impl FromStr for InboxStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s).ok_or_else(|| Error::Corrupt(format!("status {s:?}")))
    }
}

impl fmt::Display for InboxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One inbox item with the name of the service it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    /// The report or suggestion.
    pub report: ProblemReport,
    /// The service's current name.
    pub service_name: String,
    /// Public report or staff suggestion.
    pub kind: InboxKind,
    /// The member of staff who suggested it (staff suggestions only).
    pub staff_user_id: Option<Uuid>,
    /// Who last changed the status (an email).
    pub status_changed_by: Option<String>,
    /// When the status last changed (`time_text`).
    pub status_changed_at: Option<String>,
}

/// One status change of an inbox item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxEvent {
    /// Who changed it (an email).
    pub actor: String,
    /// The status before.
    pub old_status: String,
    /// The status after.
    pub new_status: String,
    /// When (`time_text`).
    pub occurred_at: String,
}

/// One logged search shape, with nothing that identifies a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SearchShape {
    /// The London day ("YYYY-MM-DD").
    pub day: String,
    /// Cleaned, lowercased words ("" for none).
    pub words: String,
    /// The district code ("" for none or outside the area).
    pub district: String,
    /// Need slugs, comma-separated ("" for none).
    pub needs: String,
    /// "" or an age band such as "18-64".
    pub age_band: String,
    /// Free only.
    pub free_only: bool,
    /// Open now only.
    pub open_now: bool,
    /// "" or a delivery slug.
    pub delivery: String,
    /// "0", "1-2", "3-5" or "6+".
    pub result_bucket: String,
}

/// Zero- and few-result searches of one shape over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightRow {
    /// The shape (its `day` and `result_bucket` are empty: they are summed over).
    pub shape: SearchShape,
    /// Searches that found nothing.
    pub zero: i64,
    /// Searches that found one or two.
    pub few: i64,
}

/// The stored synonym rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymRules {
    /// The rules' text, in the index's format.
    pub rules: String,
    /// Goes up by one on every save.
    pub version: i64,
    /// Who saved them last (an email, or "seed-data").
    pub updated_by: String,
    /// When (`time_text`).
    pub updated_at: String,
}

/// Curation storage; both backends implement it with the same SQL.
#[async_trait]
pub trait CurationStore: Send + Sync {
    /// Returns a record's review interval in months, when one was set.
    async fn review_interval(&self, service_id: Uuid) -> Result<Option<u32>>;
    /// Sets a record's review interval.
    async fn set_review_interval(&self, service_id: Uuid, months: u32, actor: &str, at: &str) -> Result<()>;
    /// Stores a staff suggestion (a problem report of kind "staff suggestion").
    async fn add_staff_suggestion(&self, suggestion: &ProblemReport, staff_user_id: Uuid) -> Result<()>;
    /// Returns inbox items, newest first, optionally of one status.
    async fn inbox(&self, status: Option<InboxStatus>, limit: i64) -> Result<Vec<InboxItem>>;
    /// Counts inbox items of a status.
    async fn count_inbox(&self, status: InboxStatus) -> Result<i64>;
    /// Changes an item's status and records who and when; `Error::NotFound` if absent.
    async fn set_inbox_status(&self, id: Uuid, status: InboxStatus, actor: &str, at: &str) -> Result<()>;
    /// Returns an item's status changes, oldest first.
    async fn inbox_events(&self, id: Uuid) -> Result<Vec<InboxEvent>>;
    /// Counts one search of each shape.
    async fn record_searches(&self, shapes: &[SearchShape]) -> Result<()>;
    /// Returns zero- and few-result search shapes from `since_day` on, most frequent first.
    async fn search_insight(&self, since_day: &str, limit: i64) -> Result<Vec<InsightRow>>;
    /// Returns the synonym rules, when stored.
    async fn synonym_rules(&self) -> Result<Option<SynonymRules>>;
    /// Returns the rules' version, 0 when none are stored (cheap, for polling).
    async fn synonyms_version(&self) -> Result<i64>;
    /// Stores the rules if none are stored yet; returns whether it did.
    async fn seed_synonym_rules(&self, rules: &str, at: &str) -> Result<bool>;
    /// Replaces the rules; returns the new version.
    async fn save_synonym_rules(&self, rules: &str, actor: &str, at: &str) -> Result<i64>;
}

#[derive(sqlx::FromRow)]
pub(super) struct InboxRow {
    problem_report_id: String,
    service_id: String,
    reason: String,
    details: String,
    status: String,
    created_at: String,
    kind: String,
    app_user_id: Option<String>,
    status_changed_by: Option<String>,
    status_changed_at: Option<String>,
    service_name: Option<String>,
}

fn uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| Error::Corrupt(format!("uuid {text:?}")))
}

impl InboxRow {
    pub(super) fn into_item(self) -> Result<InboxItem> {
        Ok(InboxItem {
            report: ProblemReport {
                id: uuid(&self.problem_report_id)?,
                service_id: uuid(&self.service_id)?,
                reason: self.reason,
                details: self.details,
                status: self.status,
                created_at: self.created_at,
            },
            service_name: self.service_name.unwrap_or_default(),
            kind: self.kind.parse()?,
            staff_user_id: self.app_user_id.as_deref().map(uuid).transpose()?,
            status_changed_by: self.status_changed_by,
            status_changed_at: self.status_changed_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct InsightDbRow {
    words: String,
    district: String,
    needs: String,
    age_band: String,
    free_only: bool,
    open_now: bool,
    delivery: String,
    zero: i64,
    few: i64,
}

impl InsightDbRow {
    pub(super) fn into_row(self) -> InsightRow {
        InsightRow {
            shape: SearchShape {
                day: String::new(),
                words: self.words,
                district: self.district,
                needs: self.needs,
                age_band: self.age_band,
                free_only: self.free_only,
                open_now: self.open_now,
                delivery: self.delivery,
                result_bucket: String::new(),
            },
            zero: self.zero,
            few: self.few,
        }
    }
}

/// Columns of `InboxRow`.
pub(super) const INBOX_COLUMNS: &str = "p.problem_report_id, p.service_id, p.reason, p.details, p.status, \
     p.created_at, p.kind, p.app_user_id, p.status_changed_by, p.status_changed_at, s.name as service_name";

/// Implements `CurationStore` for a store with a `pool` of database `$db`.
macro_rules! impl_curation_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::storage::curation::CurationStore for $store {
            async fn review_interval(&self, service_id: uuid::Uuid) -> $crate::storage::Result<Option<u32>> {
                let row: Option<(i64,)> =
                    sqlx::query_as("select months from service_review_interval where service_id = $1")
                        .bind(service_id.to_string())
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.and_then(|(months,)| u32::try_from(months).ok()))
            }

            async fn set_review_interval(
                &self,
                service_id: uuid::Uuid,
                months: u32,
                actor: &str,
                at: &str,
            ) -> $crate::storage::Result<()> {
                sqlx::query(
                    "insert into service_review_interval (service_id, months, set_by, set_at) \
                     values ($1, $2, $3, $4) on conflict (service_id) do update set \
                     months = excluded.months, set_by = excluded.set_by, set_at = excluded.set_at",
                )
                .bind(service_id.to_string())
                .bind(i64::from(months))
                .bind(actor)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn add_staff_suggestion(
                &self,
                suggestion: &$crate::storage::ProblemReport,
                staff_user_id: uuid::Uuid,
            ) -> $crate::storage::Result<()> {
                sqlx::query(
                    "insert into problem_report (problem_report_id, service_id, reason, details, status, \
                     created_at, kind, app_user_id) values ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(suggestion.id.to_string())
                .bind(suggestion.service_id.to_string())
                .bind(&suggestion.reason)
                .bind(&suggestion.details)
                .bind(&suggestion.status)
                .bind(&suggestion.created_at)
                .bind($crate::storage::curation::InboxKind::StaffSuggestion.as_str())
                .bind(staff_user_id.to_string())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn inbox(
                &self,
                status: Option<$crate::storage::curation::InboxStatus>,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::curation::InboxItem>> {
                use $crate::storage::curation::{InboxRow, INBOX_COLUMNS};
                let sql = format!(
                    "select {INBOX_COLUMNS} from problem_report p left join service s on s.service_id = p.service_id \
                     where ($1 = '' or p.status = $2) order by p.created_at desc, p.problem_report_id limit $3"
                );
                let status = status.map(|status| status.as_str()).unwrap_or_default();
                let rows = sqlx::query_as::<$db, InboxRow>(&sql)
                    .bind(status)
                    .bind(status)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(InboxRow::into_item).collect()
            }

            async fn count_inbox(
                &self,
                status: $crate::storage::curation::InboxStatus,
            ) -> $crate::storage::Result<i64> {
                let (count,): (i64,) = sqlx::query_as("select count(*) from problem_report where status = $1")
                    .bind(status.as_str())
                    .fetch_one(&self.pool)
                    .await?;
                Ok(count)
            }

            async fn set_inbox_status(
                &self,
                id: uuid::Uuid,
                status: $crate::storage::curation::InboxStatus,
                actor: &str,
                at: &str,
            ) -> $crate::storage::Result<()> {
                let mut tx = self.pool.begin().await?;
                let old: Option<(String,)> =
                    sqlx::query_as("select status from problem_report where problem_report_id = $1")
                        .bind(id.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((old,)) = old else { return Err($crate::storage::Error::NotFound) };
                sqlx::query(
                    "update problem_report set status = $1, status_changed_by = $2, status_changed_at = $3 \
                     where problem_report_id = $4",
                )
                .bind(status.as_str())
                .bind(actor)
                .bind(at)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "insert into inbox_event (problem_report_id, actor, old_status, new_status, occurred_at) \
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(id.to_string())
                .bind(actor)
                .bind(old)
                .bind(status.as_str())
                .bind(at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn inbox_events(
                &self,
                id: uuid::Uuid,
            ) -> $crate::storage::Result<Vec<$crate::storage::curation::InboxEvent>> {
                let rows: Vec<(String, String, String, String)> = sqlx::query_as(
                    "select actor, old_status, new_status, occurred_at from inbox_event \
                     where problem_report_id = $1 order by inbox_event_id",
                )
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(actor, old_status, new_status, occurred_at)| $crate::storage::curation::InboxEvent {
                        actor,
                        old_status,
                        new_status,
                        occurred_at,
                    })
                    .collect())
            }

            async fn record_searches(
                &self,
                shapes: &[$crate::storage::curation::SearchShape],
            ) -> $crate::storage::Result<()> {
                if shapes.is_empty() {
                    return Ok(());
                }
                let mut tx = self.pool.begin().await?;
                for shape in shapes {
                    sqlx::query(
                        "insert into search_insight (search_day, words, district, needs, age_band, free_only, \
                         open_now, delivery, result_bucket, searches) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) \
                         on conflict (search_day, words, district, needs, age_band, free_only, open_now, delivery, \
                         result_bucket) do update set searches = search_insight.searches + 1",
                    )
                    .bind(&shape.day)
                    .bind(&shape.words)
                    .bind(&shape.district)
                    .bind(&shape.needs)
                    .bind(&shape.age_band)
                    .bind(shape.free_only)
                    .bind(shape.open_now)
                    .bind(&shape.delivery)
                    .bind(&shape.result_bucket)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn search_insight(
                &self,
                since_day: &str,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::curation::InsightRow>> {
                use $crate::storage::curation::InsightDbRow;
                let rows = sqlx::query_as::<$db, InsightDbRow>(
                    "select words, district, needs, age_band, free_only, open_now, delivery, \
                     cast(sum(case when result_bucket = $1 then searches else 0 end) as bigint) as zero, \
                     cast(sum(case when result_bucket = $2 then searches else 0 end) as bigint) as few \
                     from search_insight where search_day >= $3 and result_bucket in ($4, $5) \
                     group by words, district, needs, age_band, free_only, open_now, delivery \
                     order by sum(searches) desc, words, district limit $6",
                )
                .bind("0")
                .bind("1-2")
                .bind(since_day)
                .bind("0")
                .bind("1-2")
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(InsightDbRow::into_row).collect())
            }

            async fn synonym_rules(
                &self,
            ) -> $crate::storage::Result<Option<$crate::storage::curation::SynonymRules>> {
                let row: Option<(String, i64, String, String)> = sqlx::query_as(
                    "select rules, version, updated_by, updated_at from synonym_rules where synonym_rules_id = 1",
                )
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(rules, version, updated_by, updated_at)| $crate::storage::curation::SynonymRules {
                    rules,
                    version,
                    updated_by,
                    updated_at,
                }))
            }

            async fn synonyms_version(&self) -> $crate::storage::Result<i64> {
                let row: Option<(i64,)> =
                    sqlx::query_as("select version from synonym_rules where synonym_rules_id = 1")
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map_or(0, |(version,)| version))
            }

            async fn seed_synonym_rules(&self, rules: &str, at: &str) -> $crate::storage::Result<bool> {
                let done = sqlx::query(
                    "insert into synonym_rules (synonym_rules_id, rules, version, updated_by, updated_at) \
                     values (1, $1, 1, $2, $3) on conflict (synonym_rules_id) do nothing",
                )
                .bind(rules)
                .bind("seed-data")
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn save_synonym_rules(&self, rules: &str, actor: &str, at: &str) -> $crate::storage::Result<i64> {
                let (version,): (i64,) = sqlx::query_as(
                    "insert into synonym_rules (synonym_rules_id, rules, version, updated_by, updated_at) \
                     values (1, $1, 1, $2, $3) on conflict (synonym_rules_id) do update set \
                     rules = excluded.rules, version = synonym_rules.version + 1, \
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at returning version",
                )
                .bind(rules)
                .bind(actor)
                .bind(at)
                .fetch_one(&self.pool)
                .await?;
                Ok(version)
            }
        }
    };
}
pub(super) use impl_curation_store;
