//! Staging an import from another directory: each record of a feed is read, matched to
//! an existing record (by what was last imported from the same source, then by id, then
//! by name, postcode and phone or website) and stored as a staged record for a curator to
//! accept, merge or reject. Nothing reaches the directory until then. A record identical
//! to the version last reviewed from that source, or to the stored record, is marked
//! unchanged, so re-importing the same feed leaves nothing to do and writes no service.

use std::collections::HashMap;

use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{matching, parse_text, to_record};
use crate::{
    hsds::Service,
    storage::{
        self,
        imports::{BatchKind, Decision, ImportBatch, MatchKind, Problem, SourceRecord, StagedRecord},
        Provenance, RecordStatus, ServiceRecord, Store,
    },
};

/// Why staging or a decision failed.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// The feed holds no records.
    #[error("The file has no service records in it")]
    Empty,
    /// A staged record could not be turned back into a service.
    #[error("The staged record could not be read: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] storage::Error),
}

/// A feed to stage.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The source name kept as provenance.
    pub source: String,
    /// Upload or URL.
    pub kind: BatchKind,
    /// The URL, for fetched feeds.
    pub url: Option<String>,
    /// The feed's text.
    pub text: String,
}

/// Returns every stored record (the directory is a few thousand records at most).
async fn all_records(store: &dyn Store) -> storage::Result<Vec<ServiceRecord>> {
    let mut records = Vec::new();
    let mut after = None;
    loop {
        let ids = store.service_ids(after, 500).await?;
        let Some(last) = ids.last().copied() else { break };
        records.extend(store.get_services(&ids).await?);
        after = Some(last);
    }
    Ok(records)
}

/// Returns a record's id in its feed as text, as the import reports it.
fn feed_id_of(value: &Value) -> Option<String> {
    match value.get("id")? {
        Value::String(id) if !id.trim().is_empty() => Some(id.trim().to_owned()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

/// SHA-256 (hex) of a service's JSON.
fn content_hash(service_json: &str) -> String {
    hex::encode(Sha256::digest(service_json.as_bytes()))
}

/// Returns `service` as it would be stored over `existing`: with the existing id.
fn aligned(service: &Service, existing: &ServiceRecord) -> Service {
    Service { id: existing.service.id, ..service.clone() }
}

/// Reads, matches and stores a feed as a new batch, by `by` at `at` (`time_text`).
pub async fn stage(store: &dyn Store, feed: &Feed, by: &str, at: &str) -> Result<ImportBatch, StageError> {
    let values = parse_text(&feed.text);
    if values.is_empty() {
        return Err(StageError::Empty);
    }
    let existing = all_records(store).await?;
    let by_id: HashMap<Uuid, &ServiceRecord> = existing.iter().map(|record| (record.service.id, record)).collect();
    let keyed: Vec<(Uuid, matching::MatchKeys)> =
        existing.iter().map(|record| (record.service.id, matching::MatchKeys::of(&record.service))).collect();
    let prior: HashMap<String, SourceRecord> =
        store.source_records(&feed.source).await?.into_iter().map(|record| (record.feed_id.clone(), record)).collect();

    let batch_id = Uuid::new_v4();
    let mut batch = ImportBatch {
        id: batch_id,
        source: feed.source.clone(),
        kind: feed.kind,
        url: feed.url.clone(),
        created_by: by.to_owned(),
        created_at: at.to_owned(),
        record_count: 0,
        new_count: 0,
        matched_count: 0,
        unchanged_count: 0,
        problems: Vec::new(),
    };
    let mut staged = Vec::new();
    let mut reviewed = Vec::new();
    for (position, value) in (0_i64..).zip(values) {
        let record = match value.and_then(|value| {
            let feed_id = feed_id_of(&value);
            to_record(&value, &feed.source, RecordStatus::Draft).map(|record| (feed_id, record))
        }) {
            Ok((Some(feed_id), record)) => (feed_id, record),
            Ok((None, record)) => (record.service.id.to_string(), record),
            Err(rejection) => {
                batch.problems.push(Problem { id: rejection.id, reason: rejection.reason });
                continue;
            }
        };
        let (feed_id, record) = record;
        let service_json =
            serde_json::to_string(&record.service).map_err(|error| StageError::Corrupt(error.to_string()))?;
        let hash = content_hash(&service_json);
        let previous = prior.get(&feed_id);

        // The record it matches, and why, most certain first.
        let found: Option<(Uuid, i64, Vec<String>)> = previous
            .and_then(|previous| previous.service_id)
            .filter(|id| by_id.contains_key(id))
            .map(|id| (id, 100, vec![format!("Imported from {} before, with the same id ({feed_id})", feed.source)]))
            .or_else(|| {
                by_id
                    .contains_key(&record.service.id)
                    .then(|| (record.service.id, 100, vec!["The existing record has the same id".to_owned()]))
            })
            .or_else(|| {
                let keys = matching::MatchKeys::of(&record.service);
                matching::best_match(&keys, &keyed).map(|(id, found)| (*id, found.score, found.reasons))
            });

        let reviewed_same = previous.is_some_and(|previous| previous.content_hash == hash);
        let stored_same = found
            .as_ref()
            .and_then(|(id, _, _)| by_id.get(id))
            .is_some_and(|stored| stored.service == aligned(&record.service, stored));
        let (match_kind, decision) = if reviewed_same || stored_same {
            (MatchKind::Unchanged, Decision::Unchanged)
        } else if found.is_some() {
            (MatchKind::Matched, Decision::Pending)
        } else {
            (MatchKind::New, Decision::Pending)
        };
        match match_kind {
            MatchKind::New => batch.new_count += 1,
            MatchKind::Matched => batch.matched_count += 1,
            MatchKind::Unchanged => batch.unchanged_count += 1,
        }
        let (matched_service_id, match_score, mut match_reasons) = match found {
            Some((id, score, reasons)) => (Some(id), score, reasons),
            None => (None, 0, Vec::new()),
        };
        if match_kind == MatchKind::Unchanged {
            if reviewed_same && !stored_same {
                match_reasons.push(format!("This version was {} before", previous_decision(previous)));
            } else {
                match_reasons.push("Identical to the stored record".to_owned());
            }
            // Record what was seen, keeping the earlier decision when the version was reviewed.
            reviewed.push(SourceRecord {
                source: feed.source.clone(),
                feed_id: feed_id.clone(),
                service_id: matched_service_id.or(previous.and_then(|previous| previous.service_id)),
                content_hash: hash.clone(),
                last_decision: previous.filter(|_| reviewed_same).map_or(Decision::Unchanged, |p| p.last_decision),
                last_imported_at: at.to_owned(),
            });
        }
        staged.push(StagedRecord {
            id: Uuid::new_v4(),
            batch_id,
            position,
            feed_id,
            name: record.service.name.clone(),
            service_json,
            review_due_date: record.review_due_date.clone(),
            content_hash: hash,
            match_kind,
            matched_service_id,
            match_score,
            match_reasons,
            decision,
            decided_by: None,
            decided_at: None,
        });
    }
    batch.record_count = i64::try_from(staged.len()).unwrap_or(i64::MAX);
    if staged.is_empty() && batch.problems.is_empty() {
        return Err(StageError::Empty);
    }
    store.create_import_batch(&batch, &staged, &reviewed).await?;
    Ok(batch)
}

fn previous_decision(previous: Option<&SourceRecord>) -> &'static str {
    match previous.map(|previous| previous.last_decision) {
        Some(Decision::Rejected) => "rejected",
        Some(Decision::Merged) => "merged",
        Some(Decision::Accepted) => "accepted",
        _ => "reviewed",
    }
}

/// Returns the incoming service of a staged record.
pub fn incoming_service(staged: &StagedRecord) -> Result<Service, StageError> {
    serde_json::from_str(&staged.service_json).map_err(|error| StageError::Corrupt(error.to_string()))
}

/// Returns the record accepting `staged` would store: a new draft, or the existing record
/// with the incoming service (keeping its id and workflow status).
pub fn candidate(
    staged: &StagedRecord,
    source: &str,
    existing: Option<&ServiceRecord>,
) -> Result<ServiceRecord, StageError> {
    let incoming = incoming_service(staged)?;
    let (service, record_status, review_due_date) = match existing {
        Some(existing) => (
            aligned(&incoming, existing),
            existing.record_status,
            staged.review_due_date.clone().or_else(|| existing.review_due_date.clone()),
        ),
        None => (incoming, RecordStatus::Draft, staged.review_due_date.clone()),
    };
    let source_id = (service.id.to_string() != staged.feed_id).then(|| staged.feed_id.clone());
    Ok(ServiceRecord {
        service,
        record_status,
        review_due_date,
        provenance: Provenance { source: source.to_owned(), source_id },
    })
}

fn service_object(service: &Service) -> Result<serde_json::Map<String, Value>, StageError> {
    match serde_json::to_value(service) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(StageError::Corrupt("a service is not an object".to_owned())),
        Err(error) => Err(StageError::Corrupt(error.to_string())),
    }
}

/// Returns the service fields (top-level JSON keys) that differ between the two records,
/// in name order: the choices a merge offers.
pub fn differing_fields(existing: &ServiceRecord, incoming: &ServiceRecord) -> Result<Vec<String>, StageError> {
    let (old, new) = (service_object(&existing.service)?, service_object(&incoming.service)?);
    let mut names: Vec<String> = old.keys().chain(new.keys()).filter(|name| *name != "id").cloned().collect();
    names.sort();
    names.dedup();
    names.retain(|name| old.get(name) != new.get(name));
    Ok(names)
}

/// Returns `existing` with the fields named in `take` from `incoming` and its provenance.
pub fn merge(existing: &ServiceRecord, incoming: &ServiceRecord, take: &[String]) -> Result<ServiceRecord, StageError> {
    let mut merged = service_object(&existing.service)?;
    let new = service_object(&incoming.service)?;
    for name in take.iter().filter(|name| *name != "id") {
        match new.get(name) {
            Some(value) => merged.insert(name.clone(), value.clone()),
            None => merged.remove(name),
        };
    }
    let service: Service =
        serde_json::from_value(Value::Object(merged)).map_err(|error| StageError::Corrupt(error.to_string()))?;
    Ok(ServiceRecord { service, provenance: incoming.provenance.clone(), ..existing.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staged(service: &Service, feed_id: &str) -> StagedRecord {
        let service_json = serde_json::to_string(service).unwrap_or_default();
        StagedRecord {
            id: Uuid::new_v4(),
            batch_id: Uuid::new_v4(),
            position: 0,
            feed_id: feed_id.to_owned(),
            name: service.name.clone(),
            content_hash: content_hash(&service_json),
            service_json,
            review_due_date: Some("2027-01-01".to_owned()),
            match_kind: MatchKind::Matched,
            matched_service_id: None,
            match_score: 0,
            match_reasons: Vec::new(),
            decision: Decision::Pending,
            decided_by: None,
            decided_at: None,
        }
    }

    fn existing(name: &str) -> ServiceRecord {
        ServiceRecord {
            service: Service { url: Some("https://old.example".to_owned()), ..Service::new(Uuid::new_v4(), name) },
            record_status: RecordStatus::Published,
            review_due_date: None,
            provenance: Provenance { source: "console".to_owned(), source_id: None },
        }
    }

    #[test]
    fn accepting_over_an_existing_record_keeps_its_id_and_status() -> Result<(), StageError> {
        let stored = existing("Carers Centre");
        let incoming =
            Service { url: Some("https://new.example".to_owned()), ..Service::new(Uuid::new_v4(), "Carers") };
        let record = candidate(&staged(&incoming, "abc-1"), "feed.json", Some(&stored))?;
        assert_eq!(record.service.id, stored.service.id);
        assert_eq!(record.record_status, RecordStatus::Published);
        assert_eq!(record.service.name, "Carers");
        assert_eq!(record.provenance, Provenance { source: "feed.json".into(), source_id: Some("abc-1".into()) });
        assert_eq!(differing_fields(&stored, &record)?, ["name", "url"]);
        Ok(())
    }

    #[test]
    fn a_new_record_is_a_draft_that_keeps_a_uuid_feed_id_as_its_id() -> Result<(), StageError> {
        let id = Uuid::new_v4();
        let incoming = Service::new(id, "Allotments");
        let record = candidate(&staged(&incoming, &id.to_string()), "feed.json", None)?;
        assert_eq!((record.service.id, record.record_status), (id, RecordStatus::Draft));
        assert_eq!(record.provenance.source_id, None);
        assert_eq!(record.review_due_date.as_deref(), Some("2027-01-01"));
        Ok(())
    }

    #[test]
    fn a_merge_takes_only_the_chosen_fields() -> Result<(), StageError> {
        let stored = existing("Carers Centre");
        let incoming = Service {
            url: Some("https://new.example".to_owned()),
            email: Some("new@example.org".to_owned()),
            ..Service::new(Uuid::new_v4(), "Carers")
        };
        let record = candidate(&staged(&incoming, "abc-1"), "feed.json", Some(&stored))?;
        let merged = merge(&stored, &record, &["url".to_owned(), "email".to_owned()])?;
        assert_eq!(merged.service.name, "Carers Centre", "kept");
        assert_eq!(merged.service.url.as_deref(), Some("https://new.example"), "taken");
        assert_eq!(merged.service.email.as_deref(), Some("new@example.org"), "taken");
        assert_eq!((merged.service.id, merged.record_status), (stored.service.id, RecordStatus::Published));
        Ok(())
    }
}
