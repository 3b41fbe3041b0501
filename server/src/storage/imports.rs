//! Imports from other directories: batches of staged records awaiting a curator's
//! decision, and per (source, feed id) provenance of what was last imported and reviewed.

use std::{fmt, str::FromStr};

use async_trait::async_trait;
use uuid::Uuid;

use super::{Error, Result};

/// How a batch arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    /// A file uploaded in the console.
    Upload,
    /// A feed fetched by URL.
    Url,
}

impl BatchKind {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upload => "upload",
            Self::Url => "url",
        }
    }
}

impl FromStr for BatchKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "upload" => Ok(Self::Upload),
            "url" => Ok(Self::Url),
            other => Err(Error::Corrupt(format!("batch kind {other:?}"))),
        }
    }
}

/// What matching found for a staged record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// No existing record matches.
    New,
    /// It matches an existing record and differs from it.
    Matched,
    /// It is identical to what is stored or was last reviewed: nothing to do.
    Unchanged,
}

impl MatchKind {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Matched => "matched",
            Self::Unchanged => "unchanged",
        }
    }
}

impl FromStr for MatchKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "new" => Ok(Self::New),
            "matched" => Ok(Self::Matched),
            "unchanged" => Ok(Self::Unchanged),
            other => Err(Error::Corrupt(format!("match kind {other:?}"))),
        }
    }
}

/// A curator's decision on a staged record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Waiting for a curator.
    Pending,
    /// Taken as it came.
    Accepted,
    /// Some fields taken, others kept.
    Merged,
    /// Not taken.
    Rejected,
    /// Nothing to decide: identical to what is stored or was last reviewed.
    Unchanged,
}

impl Decision {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Merged => "merged",
            Self::Rejected => "rejected",
            Self::Unchanged => "unchanged",
        }
    }
}

impl FromStr for Decision {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "pending" => Ok(Self::Pending),
            "accepted" => Ok(Self::Accepted),
            "merged" => Ok(Self::Merged),
            "rejected" => Ok(Self::Rejected),
            "unchanged" => Ok(Self::Unchanged),
            other => Err(Error::Corrupt(format!("decision {other:?}"))),
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record of a feed that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The record's id in the feed, or where it was.
    pub id: String,
    /// What is wrong.
    pub reason: String,
}

/// One upload or fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    /// Its id.
    pub id: Uuid,
    /// The source name (provenance), such as "bristol_services_sample.json".
    pub source: String,
    /// Upload or URL.
    pub kind: BatchKind,
    /// The URL fetched, for URL batches.
    pub url: Option<String>,
    /// Who started it (email).
    pub created_by: String,
    /// When (`time_text`).
    pub created_at: String,
    /// Records read.
    pub record_count: i64,
    /// Records matching nothing.
    pub new_count: i64,
    /// Records matching an existing record and differing from it.
    pub matched_count: i64,
    /// Records with nothing to do.
    pub unchanged_count: i64,
    /// Records that could not be read.
    pub problems: Vec<Problem>,
}

/// One incoming record of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedRecord {
    /// Its id.
    pub id: Uuid,
    /// Its batch.
    pub batch_id: Uuid,
    /// Its place in the feed, from 0.
    pub position: i64,
    /// Its id in the feed.
    pub feed_id: String,
    /// Its name, for lists.
    pub name: String,
    /// The incoming HSDS 3.0 service as JSON.
    pub service_json: String,
    /// The review date the import gives it (six months after its assured date).
    pub review_due_date: Option<String>,
    /// SHA-256 (hex) of `service_json`.
    pub content_hash: String,
    /// What matching found.
    pub match_kind: MatchKind,
    /// The existing record it matches.
    pub matched_service_id: Option<Uuid>,
    /// How sure the match is, 0 to 100.
    pub match_score: i64,
    /// Why it matched, in plain words.
    pub match_reasons: Vec<String>,
    /// The curator's decision.
    pub decision: Decision,
    /// Who decided (email).
    pub decided_by: Option<String>,
    /// When (`time_text`).
    pub decided_at: Option<String>,
}

/// What was last imported and reviewed for one record of one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    /// The source name.
    pub source: String,
    /// The record's id in that source.
    pub feed_id: String,
    /// The service it became; `None` when a new record was rejected.
    pub service_id: Option<Uuid>,
    /// SHA-256 of the version last reviewed (accepted, merged, rejected or unchanged).
    pub content_hash: String,
    /// What was decided for that version.
    pub last_decision: Decision,
    /// When it last arrived in an import (`time_text`).
    pub last_imported_at: String,
}

/// A batch in the list, with how many of its records still wait for a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    /// The batch.
    pub batch: ImportBatch,
    /// Records pending.
    pub pending: i64,
}

/// Import staging storage; both backends implement it with the same SQL (`impl_import_store!`).
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Returns what was last imported from `source`.
    async fn source_records(&self, source: &str) -> Result<Vec<SourceRecord>>;
    /// Stores a batch and its records in one transaction, stamps `last_imported_at` of
    /// every source record seen, and stores `reviewed` (records found unchanged).
    async fn create_import_batch(
        &self,
        batch: &ImportBatch,
        records: &[StagedRecord],
        reviewed: &[SourceRecord],
    ) -> Result<()>;
    /// Returns the newest batches first, with their pending counts.
    async fn import_batches(&self, limit: i64) -> Result<Vec<BatchSummary>>;
    /// Returns one batch, or `Error::NotFound`.
    async fn import_batch(&self, id: Uuid) -> Result<ImportBatch>;
    /// Returns a batch's records in feed order.
    async fn staged_records(&self, batch_id: Uuid) -> Result<Vec<StagedRecord>>;
    /// Returns one staged record, or `Error::NotFound`.
    async fn staged_record(&self, id: Uuid) -> Result<StagedRecord>;
    /// Records a decision on a pending record and its source record, in one transaction;
    /// `Error::Duplicate` when it was already decided.
    async fn decide_staged_record(
        &self,
        id: Uuid,
        decision: Decision,
        by: &str,
        at: &str,
        reviewed: &SourceRecord,
    ) -> Result<()>;
}

fn parse_uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| Error::Corrupt(format!("uuid {text:?}")))
}

#[derive(sqlx::FromRow)]
pub(super) struct BatchRow {
    import_batch_id: String,
    source: String,
    kind: String,
    url: Option<String>,
    created_by: String,
    created_at: String,
    record_count: i64,
    new_count: i64,
    matched_count: i64,
    unchanged_count: i64,
    problems: String,
}

impl BatchRow {
    pub(super) fn into_batch(self) -> Result<ImportBatch> {
        Ok(ImportBatch {
            id: parse_uuid(&self.import_batch_id)?,
            source: self.source,
            kind: self.kind.parse()?,
            url: self.url,
            created_by: self.created_by,
            created_at: self.created_at,
            record_count: self.record_count,
            new_count: self.new_count,
            matched_count: self.matched_count,
            unchanged_count: self.unchanged_count,
            problems: serde_json::from_str(&self.problems)
                .map_err(|_| Error::Corrupt(format!("problems of batch {}", self.import_batch_id)))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct BatchSummaryRow {
    #[sqlx(flatten)]
    batch: BatchRow,
    pending: i64,
}

impl BatchSummaryRow {
    pub(super) fn into_summary(self) -> Result<BatchSummary> {
        Ok(BatchSummary { batch: self.batch.into_batch()?, pending: self.pending })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct StagedRow {
    staged_record_id: String,
    import_batch_id: String,
    position: i64,
    feed_id: String,
    name: String,
    service_json: String,
    review_due_date: Option<String>,
    content_hash: String,
    match_kind: String,
    matched_service_id: Option<String>,
    match_score: i64,
    match_reasons: String,
    decision: String,
    decided_by: Option<String>,
    decided_at: Option<String>,
}

impl StagedRow {
    pub(super) fn into_record(self) -> Result<StagedRecord> {
        Ok(StagedRecord {
            id: parse_uuid(&self.staged_record_id)?,
            batch_id: parse_uuid(&self.import_batch_id)?,
            position: self.position,
            feed_id: self.feed_id,
            name: self.name,
            service_json: self.service_json,
            review_due_date: self.review_due_date,
            content_hash: self.content_hash,
            match_kind: self.match_kind.parse()?,
            matched_service_id: self.matched_service_id.as_deref().map(parse_uuid).transpose()?,
            match_score: self.match_score,
            match_reasons: serde_json::from_str(&self.match_reasons)
                .map_err(|_| Error::Corrupt(format!("match reasons of {}", self.staged_record_id)))?,
            decision: self.decision.parse()?,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct SourceRow {
    source: String,
    feed_id: String,
    service_id: Option<String>,
    content_hash: String,
    last_decision: String,
    last_imported_at: String,
}

impl SourceRow {
    pub(super) fn into_source_record(self) -> Result<SourceRecord> {
        Ok(SourceRecord {
            source: self.source,
            feed_id: self.feed_id,
            service_id: self.service_id.as_deref().map(parse_uuid).transpose()?,
            content_hash: self.content_hash,
            last_decision: self.last_decision.parse()?,
            last_imported_at: self.last_imported_at,
        })
    }
}

/// Columns of `BatchRow`.
pub(super) const BATCH_COLUMNS: &str = "import_batch.import_batch_id, import_batch.source, import_batch.kind, \
     import_batch.url, import_batch.created_by, import_batch.created_at, import_batch.record_count, \
     import_batch.new_count, import_batch.matched_count, import_batch.unchanged_count, import_batch.problems";

/// Columns of `StagedRow`.
pub(super) const STAGED_COLUMNS: &str = "staged_record_id, import_batch_id, position, feed_id, name, service_json, \
     review_due_date, content_hash, match_kind, matched_service_id, match_score, match_reasons, decision, \
     decided_by, decided_at";

/// Stores a source record, replacing the one with the same (source, feed id).
pub(super) const UPSERT_SOURCE_RECORD: &str =
    "insert into source_record (source, feed_id, service_id, content_hash, last_decision, last_imported_at) \
     values ($1, $2, $3, $4, $5, $6) on conflict (source, feed_id) do update set \
     service_id = excluded.service_id, content_hash = excluded.content_hash, \
     last_decision = excluded.last_decision, last_imported_at = excluded.last_imported_at";

/// Implements `ImportStore` for a store with a `pool` of database `$db`.
macro_rules! impl_import_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::storage::imports::ImportStore for $store {
            async fn source_records(
                &self,
                source: &str,
            ) -> $crate::storage::Result<Vec<$crate::storage::imports::SourceRecord>> {
                use $crate::storage::imports::SourceRow;
                let rows = sqlx::query_as::<$db, SourceRow>(
                    "select source, feed_id, service_id, content_hash, last_decision, last_imported_at \
                     from source_record where source = $1 order by feed_id",
                )
                .bind(source)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(SourceRow::into_source_record).collect()
            }

            async fn create_import_batch(
                &self,
                batch: &$crate::storage::imports::ImportBatch,
                records: &[$crate::storage::imports::StagedRecord],
                reviewed: &[$crate::storage::imports::SourceRecord],
            ) -> $crate::storage::Result<()> {
                use $crate::storage::imports::UPSERT_SOURCE_RECORD;
                let problems = serde_json::to_string(&batch.problems)
                    .map_err(|error| $crate::storage::Error::Corrupt(error.to_string()))?;
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "insert into import_batch (import_batch_id, source, kind, url, created_by, created_at, \
                     record_count, new_count, matched_count, unchanged_count, problems) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(batch.id.to_string())
                .bind(&batch.source)
                .bind(batch.kind.as_str())
                .bind(&batch.url)
                .bind(&batch.created_by)
                .bind(&batch.created_at)
                .bind(batch.record_count)
                .bind(batch.new_count)
                .bind(batch.matched_count)
                .bind(batch.unchanged_count)
                .bind(problems)
                .execute(&mut *tx)
                .await?;
                for record in records {
                    let reasons = serde_json::to_string(&record.match_reasons)
                        .map_err(|error| $crate::storage::Error::Corrupt(error.to_string()))?;
                    sqlx::query(
                        "insert into staged_record (staged_record_id, import_batch_id, position, feed_id, name, \
                         service_json, review_due_date, content_hash, match_kind, matched_service_id, match_score, \
                         match_reasons, decision, decided_by, decided_at) \
                         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                    )
                    .bind(record.id.to_string())
                    .bind(record.batch_id.to_string())
                    .bind(record.position)
                    .bind(&record.feed_id)
                    .bind(&record.name)
                    .bind(&record.service_json)
                    .bind(&record.review_due_date)
                    .bind(&record.content_hash)
                    .bind(record.match_kind.as_str())
                    .bind(record.matched_service_id.map(|id| id.to_string()))
                    .bind(record.match_score)
                    .bind(reasons)
                    .bind(record.decision.as_str())
                    .bind(&record.decided_by)
                    .bind(&record.decided_at)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("update source_record set last_imported_at = $1 where source = $2 and feed_id = $3")
                        .bind(&batch.created_at)
                        .bind(&batch.source)
                        .bind(&record.feed_id)
                        .execute(&mut *tx)
                        .await?;
                }
                for source_record in reviewed {
                    sqlx::query(UPSERT_SOURCE_RECORD)
                        .bind(&source_record.source)
                        .bind(&source_record.feed_id)
                        .bind(source_record.service_id.map(|id| id.to_string()))
                        .bind(&source_record.content_hash)
                        .bind(source_record.last_decision.as_str())
                        .bind(&source_record.last_imported_at)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn import_batches(
                &self,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::imports::BatchSummary>> {
                use $crate::storage::imports::{BatchSummaryRow, BATCH_COLUMNS};
                let rows = sqlx::query_as::<$db, BatchSummaryRow>(&format!(
                    "select {BATCH_COLUMNS}, (select count(*) from staged_record \
                     where staged_record.import_batch_id = import_batch.import_batch_id \
                     and staged_record.decision = $1) as pending \
                     from import_batch order by import_batch.created_at desc, import_batch.import_batch_id limit $2"
                ))
                .bind("pending")
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(BatchSummaryRow::into_summary).collect()
            }

            async fn import_batch(
                &self,
                id: uuid::Uuid,
            ) -> $crate::storage::Result<$crate::storage::imports::ImportBatch> {
                use $crate::storage::imports::{BatchRow, BATCH_COLUMNS};
                let row = sqlx::query_as::<$db, BatchRow>(&format!(
                    "select {BATCH_COLUMNS} from import_batch where import_batch_id = $1"
                ))
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
                row.ok_or($crate::storage::Error::NotFound)?.into_batch()
            }

            async fn staged_records(
                &self,
                batch_id: uuid::Uuid,
            ) -> $crate::storage::Result<Vec<$crate::storage::imports::StagedRecord>> {
                use $crate::storage::imports::{StagedRow, STAGED_COLUMNS};
                let rows = sqlx::query_as::<$db, StagedRow>(&format!(
                    "select {STAGED_COLUMNS} from staged_record where import_batch_id = $1 order by position"
                ))
                .bind(batch_id.to_string())
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(StagedRow::into_record).collect()
            }

            async fn staged_record(
                &self,
                id: uuid::Uuid,
            ) -> $crate::storage::Result<$crate::storage::imports::StagedRecord> {
                use $crate::storage::imports::{StagedRow, STAGED_COLUMNS};
                let row = sqlx::query_as::<$db, StagedRow>(&format!(
                    "select {STAGED_COLUMNS} from staged_record where staged_record_id = $1"
                ))
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
                row.ok_or($crate::storage::Error::NotFound)?.into_record()
            }

            async fn decide_staged_record(
                &self,
                id: uuid::Uuid,
                decision: $crate::storage::imports::Decision,
                by: &str,
                at: &str,
                reviewed: &$crate::storage::imports::SourceRecord,
            ) -> $crate::storage::Result<()> {
                use $crate::storage::imports::UPSERT_SOURCE_RECORD;
                let mut tx = self.pool.begin().await?;
                let updated = sqlx::query(
                    "update staged_record set decision = $1, decided_by = $2, decided_at = $3 \
                     where staged_record_id = $4 and decision = $5",
                )
                .bind(decision.as_str())
                .bind(by)
                .bind(at)
                .bind(id.to_string())
                .bind("pending")
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() != 1 {
                    return Err($crate::storage::Error::Duplicate);
                }
                sqlx::query(UPSERT_SOURCE_RECORD)
                    .bind(&reviewed.source)
                    .bind(&reviewed.feed_id)
                    .bind(reviewed.service_id.map(|id| id.to_string()))
                    .bind(&reviewed.content_hash)
                    .bind(reviewed.last_decision.as_str())
                    .bind(&reviewed.last_imported_at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
pub(super) use impl_import_store;
