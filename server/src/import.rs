//! `signpost import`: reads HSDS 3.0 and Open Referral UK v1 service files and upserts
//! each record by id. A bad record is reported with its id and reason; the rest go in.
//! Also reads HSDS 3.0 tabular data packages (`csv_package`) and Open Referral UK 3.0
//! feeds by URL (`oruk_feed`).

pub mod csv_package;
pub mod fetch;
mod hsds3;
mod html;
pub mod matching;
pub mod oruk_feed;
mod oruk_v1;
pub mod staging;
pub(crate) mod validate;

use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;

use crate::storage::{RecordStatus, ServiceRecord, Store, UpsertOutcome};

pub use html::html_to_text;

/// A record that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The record's id as given, or where it was ("line 7") when it has none.
    pub id: String,
    /// What is wrong, for the person fixing the feed.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// New records.
    pub created: usize,
    /// Changed records.
    pub updated: usize,
    /// Records already identical.
    pub unchanged: usize,
    /// Records refused.
    pub rejected: Vec<Rejection>,
    /// Files from which no record could be read, each with why.
    pub unreadable: Vec<UnreadableFile>,
}

/// A file that gave no usable record (empty, not a feed, or every record refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableFile {
    /// The file as named.
    pub file: String,
    /// Why nothing was read, for the person running the import.
    pub reason: String,
}

impl ImportReport {
    /// Returns the one-line summary printed after an import.
    pub fn summary(&self) -> String {
        format!(
            "created {}, updated {}, unchanged {}, rejected {}",
            self.created,
            self.updated,
            self.unchanged,
            self.rejected.len()
        )
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The status new and updated records get.
    pub status: RecordStatus,
    /// Draw a progress bar (only on a terminal).
    pub progress: bool,
}

/// Reads a file into records, or rejections for the parts that are not JSON.
pub fn parse_file(path: &Path) -> anyhow::Result<Vec<Result<Value, Rejection>>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))?;
    Ok(parse_text(&text))
}

/// Splits a feed's text into record values: one object, an array, a paged list
/// `{"contents": [...]}` (HSDS 3.0) or `{"content": [...]}` (ORUK v1), or NDJSON.
pub fn parse_text(text: &str) -> Vec<Result<Value, Rejection>> {
    // No control character (a NUL above all) goes further than this (issue 13).
    split_records(text).into_iter().map(|record| record.map(crate::plain_text::strip_json)).collect()
}

fn split_records(text: &str) -> Vec<Result<Value, Rejection>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items.into_iter().map(Ok).collect(),
        Ok(Value::Object(mut object)) => {
            for key in ["contents", "content"] {
                if let Some(Value::Array(items)) = object.remove(key) {
                    return items.into_iter().map(Ok).collect();
                }
            }
            vec![Ok(Value::Object(object))]
        }
        Ok(_) => vec![Err(Rejection { id: "file".into(), reason: "expected a JSON object or array".into() })],
        Err(_) => text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(index, line)| {
                serde_json::from_str::<Value>(line).map_err(|error| Rejection {
                    id: format!("line {}", index + 1),
                    reason: format!("not valid JSON: {error}"),
                })
            })
            .collect(),
    }
}

/// Converts one feed record into a service record, detecting its format.
pub fn to_record(value: &Value, feed: &str, status: RecordStatus) -> Result<ServiceRecord, Rejection> {
    let id_text = value.get("id").map_or_else(
        || "(no id)".to_owned(),
        |id| match id {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    );
    let reject = |reason: String| Rejection { id: id_text.clone(), reason };
    let (service, source_id) =
        if oruk_v1::is_oruk_v1(value) { oruk_v1::convert(value, feed) } else { hsds3::convert(value) }
            .map_err(reject)?;
    let service = validate::normalise(service).map_err(|reason| Rejection { id: id_text.clone(), reason })?;
    let review_due_date = service.assured_date.as_deref().and_then(validate::six_months_after);
    Ok(ServiceRecord {
        service,
        record_status: status,
        review_due_date,
        provenance: crate::storage::Provenance { source: feed.to_owned(), source_id },
    })
}

/// Imports every record of `files` into `store`.
pub async fn import_files(
    store: &dyn Store,
    files: &[PathBuf],
    options: &ImportOptions,
) -> anyhow::Result<ImportReport> {
    let mut report = ImportReport::default();
    for path in files {
        if let Some(dir) = csv_package::package_dir(path) {
            let records = csv_package::read_package(&dir, options.status)?;
            store_records(store, records, &mut report).await?;
            continue;
        }
        let feed =
            path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
        let values = parse_file(path)?;
        let rejected_before = report.rejected.len();
        let total = values.len();
        let mut read = 0usize;
        let bar = if options.progress {
            let bar = ProgressBar::new(values.len() as u64);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                    .expect("BUG: progress template is valid")
                    .progress_chars("=> "),
            );
            bar.set_message(feed.clone());
            bar
        } else {
            ProgressBar::hidden()
        };
        for value in values {
            bar.inc(1);
            let record = match value.and_then(|value| to_record(&value, &feed, options.status)) {
                Ok(record) => record,
                Err(rejection) => {
                    report.rejected.push(rejection);
                    continue;
                }
            };
            read += 1;
            match store.upsert_service(&record).await {
                Ok(UpsertOutcome::Created) => report.created += 1,
                Ok(UpsertOutcome::Updated) => report.updated += 1,
                Ok(UpsertOutcome::Unchanged) => report.unchanged += 1,
                Err(error) => {
                    return Err(
                        anyhow::Error::new(error).context(format!("could not store service {}", record.service.id))
                    )
                }
            }
        }
        bar.finish_and_clear();
        if read == 0 {
            let reason = match report.rejected.get(rejected_before) {
                None => "it holds no records".to_owned(),
                Some(first) => format!("all {total} records were refused (the first, {}: {})", first.id, first.reason),
            };
            report.unreadable.push(UnreadableFile { file: path.display().to_string(), reason });
        }
    }
    Ok(report)
}

/// Upserts converted records, counting what happened; a storage failure stops the import.
pub async fn store_records(
    store: &dyn Store,
    records: Vec<Result<ServiceRecord, Rejection>>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(rejection) => {
                report.rejected.push(rejection);
                continue;
            }
        };
        match store.upsert_service(&record).await {
            Ok(UpsertOutcome::Created) => report.created += 1,
            Ok(UpsertOutcome::Updated) => report.updated += 1,
            Ok(UpsertOutcome::Unchanged) => report.unchanged += 1,
            Err(error) => {
                return Err(anyhow::Error::new(error).context(format!("could not store service {}", record.service.id)))
            }
        }
    }
    Ok(())
}
