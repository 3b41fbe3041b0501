//! The system of record: the `Store` trait and its SQLite and PostgreSQL backends.

pub mod accounts;
pub mod curation;
pub mod feed;
pub mod helpline;
pub mod imports;
#[cfg(feature = "postgres")]
pub mod postgres;
mod queries;
pub mod referrals;
pub mod reports;
mod rows;
pub mod sqlite;

use std::{fmt, str::FromStr, sync::Arc};

use async_trait::async_trait;
use uuid::Uuid;

pub use accounts::{AccountStore, Role};
pub use curation::CurationStore;
pub use feed::FeedStore;
pub use helpline::HelplineStore;
pub use imports::ImportStore;
pub use referrals::ReferralStore;
pub use reports::ReportStore;

use crate::hsds::Service;

/// Storage errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No record has that id.
    #[error("record not found")]
    NotFound,
    /// A unique value (such as a user's email) is already taken.
    #[error("already exists")]
    Duplicate,
    /// A stored value could not be read back (a bad uuid or status in the database).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// The database URL names no supported backend.
    #[error("unsupported database url (expected sqlite: or postgres:)")]
    UnsupportedUrl,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Storage result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a record is in the curation workflow; only published records are searchable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Being prepared; not public.
    Draft,
    /// Public and searchable.
    Published,
    /// Withdrawn; kept for history.
    Archived,
}

impl RecordStatus {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }
}

impl FromStr for RecordStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "draft" => Ok(Self::Draft),
            "published" => Ok(Self::Published),
            "archived" => Ok(Self::Archived),
            other => Err(Error::Corrupt(format!("record status {other:?}"))),
        }
    }
}

impl fmt::Display for RecordStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a record came from: the feed or file and the record's id there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    /// The feed or file name, e.g. "seed-data" or "bristol_services_sample.json".
    pub source: String,
    /// The record's id in that source, when it was not already a UUID we keep.
    pub source_id: Option<String>,
}

/// A service with its curation state.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRecord {
    /// The HSDS 3.0 service.
    pub service: Service,
    /// Workflow status.
    pub record_status: RecordStatus,
    /// When the record is next due for review ("YYYY-MM-DD").
    pub review_due_date: Option<String>,
    /// Where it came from.
    pub provenance: Provenance,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    /// A new record.
    Created,
    /// An existing record changed.
    Updated,
    /// The stored record was already identical; nothing was written.
    Unchanged,
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Monotonic sequence number.
    pub seq: i64,
    /// The service that changed.
    pub service_id: Uuid,
}

/// A "report a problem with this page" message from the public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemReport {
    /// Its id.
    pub id: Uuid,
    /// The service it is about.
    pub service_id: Uuid,
    /// One of the fixed reasons ("phone", "address", "hours", "closed", "other").
    pub reason: String,
    /// What the person wrote.
    pub details: String,
    /// new, in_progress or closed.
    pub status: String,
    /// When it was sent (UTC, RFC 3339).
    pub created_at: String,
}

/// One changed field of a service, as the audit history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// The service that changed.
    pub service_id: Uuid,
    /// Who changed it (an email, or "import").
    pub actor: String,
    /// What they did ("edited", "published", "checked and still accurate").
    pub note: String,
    /// The field, e.g. "name" or "record_status".
    pub field: String,
    /// Its value before, as JSON text; `None` when absent.
    pub old_value: Option<String>,
    /// Its value after, as JSON text; `None` when absent.
    pub new_value: Option<String>,
    /// When (UTC, RFC 3339 with milliseconds).
    pub occurred_at: String,
}

/// Returns the record as one JSON object of top-level fields: the service's own fields
/// plus its workflow status, review date and provenance.
fn audit_fields(record: &ServiceRecord) -> serde_json::Map<String, serde_json::Value> {
    let mut fields = match serde_json::to_value(&record.service) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    fields.insert("record_status".into(), record.record_status.as_str().into());
    if let Some(due) = &record.review_due_date {
        fields.insert("review_due_date".into(), due.as_str().into());
    }
    fields.insert("source".into(), record.provenance.source.as_str().into());
    if let Some(source_id) = &record.provenance.source_id {
        fields.insert("source_id".into(), source_id.as_str().into());
    }
    fields
}

/// Returns (field, old, new) for every top-level field that differs, as JSON text, in
/// field-name order; with no stored record every present field is new.
pub fn field_diff(
    stored: Option<&ServiceRecord>,
    record: &ServiceRecord,
) -> Vec<(String, Option<String>, Option<String>)> {
    let old = stored.map(audit_fields).unwrap_or_default();
    let new = audit_fields(record);
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    fn present(value: Option<&serde_json::Value>) -> Option<&serde_json::Value> {
        value.filter(|value| !value.is_null() && value.as_array().is_none_or(|list| !list.is_empty()))
    }
    names
        .into_iter()
        .filter_map(|name| {
            let (before, after) = (present(old.get(name)), present(new.get(name)));
            (before != after).then(|| (name.clone(), before.map(ToString::to_string), after.map(ToString::to_string)))
        })
        .collect()
}

/// The storage operations Signpost needs; one implementation per backend. Accounts are
/// a supertrait so one `Arc<dyn Store>` serves both.
#[async_trait]
pub trait Store:
    AccountStore
    + ImportStore
    + CurationStore
    + FeedStore
    + ReportStore
    + HelplineStore
    + ReferralStore
    + Send
    + Sync
    + 'static
{
    /// Inserts or replaces a service by id, appending to the change log in the same
    /// transaction; writes nothing when the stored record is identical.
    async fn upsert_service(&self, record: &ServiceRecord) -> Result<UpsertOutcome>;
    /// Like `upsert_service`, and records each changed field in the audit history as done
    /// by `actor` (with `note`), in the same transaction.
    async fn upsert_service_by(&self, record: &ServiceRecord, actor: &str, note: &str) -> Result<UpsertOutcome>;
    /// Returns a service's audit history, oldest first.
    async fn audit_history(&self, service_id: Uuid) -> Result<Vec<AuditEvent>>;
    /// Returns one service, or `Error::NotFound`.
    async fn get_service(&self, id: Uuid) -> Result<ServiceRecord>;
    /// Returns the services with these ids that exist, in id order.
    async fn get_services(&self, ids: &[Uuid]) -> Result<Vec<ServiceRecord>>;
    /// Returns up to `limit` service ids greater than `after`, in order (for paging).
    async fn service_ids(&self, after: Option<Uuid>, limit: i64) -> Result<Vec<Uuid>>;
    /// Returns the number of services, whatever their status.
    async fn count_services(&self) -> Result<i64>;
    /// Returns change-log entries after `seq`, oldest first.
    async fn changes_since(&self, seq: i64, limit: i64) -> Result<Vec<Change>>;
    /// Returns the newest change-log sequence number, 0 when empty.
    async fn last_change_seq(&self) -> Result<i64>;
    /// Stores a problem report (its `id`, `status` and `created_at` are kept as given).
    async fn add_problem_report(&self, report: &ProblemReport) -> Result<()>;
    /// Returns the newest problem reports first.
    async fn problem_reports(&self, limit: i64) -> Result<Vec<ProblemReport>>;
}

/// Opens the store named by `database_url` (`sqlite:` or `postgres:`) and runs migrations.
pub async fn connect(database_url: &str) -> Result<Arc<dyn Store>> {
    if database_url.starts_with("sqlite:") {
        return Ok(Arc::new(sqlite::SqliteStore::connect(database_url).await?));
    }
    #[cfg(feature = "postgres")]
    if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
        return Ok(Arc::new(postgres::PgStore::connect(database_url).await?));
    }
    Err(Error::UnsupportedUrl)
}
