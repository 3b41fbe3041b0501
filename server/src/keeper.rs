//! Keeps the search index in step with the database by applying `change_log` in order.
//! The last applied sequence number is the index's commit payload, so after a crash (or
//! on a second instance sharing PostgreSQL) it resumes from there.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use anyhow::Context;
use signpost_index::{IndexUpdater, SearchIndex, ServiceDoc};
use tokio::sync::Notify;
use uuid::Uuid;

use crate::{
    documents::{is_current, service_doc},
    reference::Taxonomy,
    storage::{RecordStatus, ServiceRecord, Store},
};

const WRITER_HEAP_BYTES: usize = 64 * 1024 * 1024;
const CHANGE_BATCH: i64 = 1_000;
const LOAD_BATCH: i64 = 500;

/// Owns the index's single writer.
pub struct IndexKeeper {
    store: Arc<dyn Store>,
    index: Arc<SearchIndex>,
    updater: Arc<Mutex<IndexUpdater>>,
    taxonomy: Arc<Taxonomy>,
    wake: Notify,
    // Serialises catch-up and rebuild so two never interleave commits.
    applying: tokio::sync::Mutex<()>,
}

enum Action {
    Upsert(Box<ServiceDoc>),
    Delete(String),
}

impl IndexKeeper {
    /// Creates the keeper, taking the index's writer.
    pub fn new(store: Arc<dyn Store>, index: Arc<SearchIndex>, taxonomy: Arc<Taxonomy>) -> anyhow::Result<Self> {
        let updater = index.writer(WRITER_HEAP_BYTES).context("could not open index writer")?;
        Ok(Self {
            store,
            index,
            updater: Arc::new(Mutex::new(updater)),
            taxonomy,
            wake: Notify::new(),
            applying: tokio::sync::Mutex::new(()),
        })
    }

    /// Returns the index it keeps.
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// Brings a freshly opened index up to date: rebuilds it when it was just created or
    /// is ahead of the database (which was replaced), otherwise replays the log.
    pub async fn prepare(&self, index_was_created: bool) -> anyhow::Result<()> {
        let applied = self.index.last_applied_seq().context("could not read index payload")?;
        let latest = self.store.last_change_seq().await?;
        let stale = applied.is_none_or(|seq| seq > latest);
        if index_was_created || stale {
            let count = self.rebuild().await?;
            tracing::info!(count, "search index rebuilt from the database");
        } else {
            let applied_now = self.catch_up().await?;
            tracing::info!(changes = applied_now, "search index caught up with the change log");
        }
        Ok(())
    }

    /// Rebuilds the index from every published service; returns how many were indexed.
    pub async fn rebuild(&self) -> anyhow::Result<u64> {
        let _guard = self.applying.lock().await;
        // Read the log position first: changes made during the rebuild replay afterwards.
        let seq = self.store.last_change_seq().await?;
        self.with_updater(|updater| Ok(updater.delete_all()?)).await?;
        let mut after: Option<Uuid> = None;
        let mut count = 0_u64;
        loop {
            let ids = self.store.service_ids(after, LOAD_BATCH).await?;
            let Some(last) = ids.last().copied() else { break };
            after = Some(last);
            let records = self.store.get_services(&ids).await?;
            let docs: Vec<ServiceDoc> = records
                .iter()
                .filter(|record| searchable(record))
                .map(|record| service_doc(&record.service, &self.taxonomy))
                .collect();
            count += docs.len() as u64;
            self.with_updater(move |updater| {
                for doc in &docs {
                    updater.upsert(doc)?;
                }
                Ok(())
            })
            .await?;
        }
        self.with_updater(move |updater| Ok(updater.commit(seq)?)).await?;
        drop(_guard);
        self.catch_up().await?;
        Ok(count)
    }

    /// Applies every change-log entry after the index's payload; returns how many.
    pub async fn catch_up(&self) -> anyhow::Result<usize> {
        let _guard = self.applying.lock().await;
        let mut applied = 0;
        loop {
            let from = self.index.last_applied_seq()?.unwrap_or(0);
            let changes = self.store.changes_since(from, CHANGE_BATCH).await?;
            let Some(last_seq) = changes.last().map(|change| change.seq) else { break };
            let ids: Vec<Uuid> =
                changes.iter().map(|change| change.service_id).collect::<BTreeSet<_>>().into_iter().collect();
            let records = self.store.get_services(&ids).await?;
            let mut actions = Vec::with_capacity(ids.len());
            for id in &ids {
                match records.iter().find(|record| record.service.id == *id) {
                    Some(record) if searchable(record) => {
                        actions.push(Action::Upsert(Box::new(service_doc(&record.service, &self.taxonomy))));
                    }
                    _ => actions.push(Action::Delete(id.to_string())),
                }
            }
            self.with_updater(move |updater| {
                for action in &actions {
                    match action {
                        Action::Upsert(doc) => updater.upsert(doc)?,
                        Action::Delete(id) => updater.delete(id),
                    }
                }
                Ok(updater.commit(last_seq)?)
            })
            .await?;
            applied += changes.len();
        }
        Ok(applied)
    }

    /// Asks the run loop to catch up now (after a local write).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Catches up whenever woken, and at least every `poll` for other instances' writes.
    pub async fn run(self: Arc<Self>, poll: Duration) {
        loop {
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(poll) => {}
            }
            if let Err(error) = self.catch_up().await {
                tracing::error!(error = %format!("{error:#}"), "failed to apply change log to the index");
            }
        }
    }

    async fn with_updater<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut IndexUpdater) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let updater = Arc::clone(&self.updater);
        tokio::task::spawn_blocking(move || {
            let mut guard = updater.lock().map_err(|_| anyhow::anyhow!("index writer lock poisoned"))?;
            work(&mut guard)
        })
        .await
        .context("index task panicked")?
    }
}

/// Returns whether a record belongs in the search index: published, and not inactive or
/// defunct by its HSDS status (a closed service is never offered as help).
fn searchable(record: &ServiceRecord) -> bool {
    record.record_status == RecordStatus::Published && is_current(&record.service)
}
