//! [`SearchIndex`]: opening or creating the tantivy index, its single reader, and synonyms.

use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::error::{Error, Result};
use crate::schema::{self, Fields};
use crate::synonyms::Synonyms;
use crate::updater::IndexUpdater;

/// The search index: one tantivy [`Index`], one [`IndexReader`] for its whole life, and the
/// current synonyms. `Send + Sync`; share it behind an `Arc`.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    synonyms: RwLock<Arc<Synonyms>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("num_docs", &self.num_docs()).finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Creates an empty index held in memory (tests, benchmarks).
    pub fn create_in_ram(synonyms: Synonyms) -> Result<SearchIndex> {
        let (schema, fields) = schema::build();
        Self::from_index(Index::create_in_ram(schema), fields, synonyms)
    }

    /// Opens the index in `dir`, creating it if missing; if the stored schema differs from
    /// this version's, wipes and recreates it (the caller then rebuilds from the database).
    /// Returns whether it was (re)created.
    pub fn open_or_create(dir: &Path, synonyms: Synonyms) -> Result<(SearchIndex, bool)> {
        let (schema, fields) = schema::build();
        std::fs::create_dir_all(dir)?;
        let directory = MmapDirectory::open(dir)?;
        if Index::exists(&directory).map_err(tantivy::TantivyError::from)? {
            let index = Index::open(directory)?;
            if index.schema() == schema {
                return Ok((Self::from_index(index, fields, synonyms)?, false));
            }
            tracing::warn!(dir = %dir.display(), "index schema changed, recreating index");
            drop(index);
            std::fs::remove_dir_all(dir)?;
            std::fs::create_dir_all(dir)?;
        }
        let index = Index::create_in_dir(dir, schema)?;
        Ok((Self::from_index(index, fields, synonyms)?, true))
    }

    fn from_index(index: Index, fields: Fields, synonyms: Synonyms) -> Result<SearchIndex> {
        schema::register_analyser(&index);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, fields, synonyms: RwLock::new(Arc::new(synonyms)) })
    }

    /// Opens the index writer with a heap of `heap_bytes` (split among indexing threads).
    /// Only one writer may exist at a time.
    pub fn writer(&self, heap_bytes: usize) -> Result<IndexUpdater> {
        let writer = self.index.writer(heap_bytes)?;
        Ok(IndexUpdater::new(writer, self.fields.clone(), self.reader.clone()))
    }

    /// Returns the change_log sequence stored in the last commit's payload, if any.
    pub fn last_applied_seq(&self) -> Result<Option<i64>> {
        let metas = self.index.load_metas()?;
        let Some(payload) = metas.payload else { return Ok(None) };
        payload
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|e| Error::Corrupt(format!("commit payload {payload:?} is not a sequence number: {e}")))
    }

    /// Returns the number of searchable documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Returns the number of segments in the searchable snapshot (for diagnostics).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Replaces the synonyms; takes effect for the next query, no restart.
    pub fn set_synonyms(&self, synonyms: Synonyms) {
        *self.synonyms.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(synonyms);
    }

    pub(crate) fn synonyms(&self) -> Arc<Synonyms> {
        Arc::clone(&self.synonyms.read().unwrap_or_else(PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_docs::doc;

    #[test]
    fn search_index_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SearchIndex>();
    }

    #[test]
    fn commit_payload_round_trips_through_open_or_create() {
        let dir = tempfile::tempdir().expect("tempdir");
        {
            let (index, created) = SearchIndex::open_or_create(dir.path(), Synonyms::empty()).expect("opens");
            assert!(created);
            assert_eq!(index.last_applied_seq().expect("reads"), None);
            let mut w = index.writer(20_000_000).expect("writer");
            w.upsert(&doc("a", "Debt advice")).expect("upsert");
            w.commit(42).expect("commit");
            assert_eq!(index.num_docs(), 1);
        }
        let (index, created) = SearchIndex::open_or_create(dir.path(), Synonyms::empty()).expect("reopens");
        assert!(!created);
        assert_eq!(index.last_applied_seq().expect("reads"), Some(42));
        assert_eq!(index.num_docs(), 1);
    }

    #[test]
    fn a_changed_schema_is_wiped_and_recreated() {
        let dir = tempfile::tempdir().expect("tempdir");
        {
            let mut b = tantivy::schema::Schema::builder();
            let f = b.add_text_field("old_field", tantivy::schema::STRING);
            let old = Index::create_in_dir(dir.path(), b.build()).expect("old index");
            let mut w: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
            w.add_document(tantivy::doc!(f => "x")).expect("add");
            w.commit().expect("commit");
        }
        let (index, created) = SearchIndex::open_or_create(dir.path(), Synonyms::empty()).expect("opens");
        assert!(created);
        assert_eq!(index.num_docs(), 0);
        assert_eq!(index.last_applied_seq().expect("reads"), None);
    }
}
