//! [`IndexUpdater`]: the single writer that applies upserts and deletes and commits them.

use tantivy::{IndexReader, IndexWriter, Term};

use crate::error::Result;
use crate::model::ServiceDoc;
use crate::schema::Fields;

/// The index writer. Only one exists at a time; changes become searchable on [`commit`](Self::commit).
pub struct IndexUpdater {
    writer: IndexWriter,
    fields: Fields,
    reader: IndexReader,
}

impl std::fmt::Debug for IndexUpdater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexUpdater").finish_non_exhaustive()
    }
}

impl IndexUpdater {
    pub(crate) fn new(writer: IndexWriter, fields: Fields, reader: IndexReader) -> IndexUpdater {
        IndexUpdater { writer, fields, reader }
    }

    /// Adds a service, replacing any document with the same id.
    pub fn upsert(&mut self, doc: &ServiceDoc) -> Result<()> {
        let document = self.fields.document(doc)?;
        self.delete(&doc.id);
        self.writer.add_document(document)?;
        Ok(())
    }

    /// Removes the service with this id, if indexed.
    pub fn delete(&mut self, id: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Removes every document (a full rebuild follows).
    pub fn delete_all(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits with `last_seq` as the commit payload and reloads the reader, so the change
    /// is searchable when this returns.
    pub fn commit(&mut self, last_seq: i64) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&last_seq.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::test_docs::{doc, ram_index};
    use crate::SearchQuery;

    fn ids(index: &crate::SearchIndex, text: &str) -> Vec<String> {
        let q = SearchQuery { text: text.into(), limit: 10, ..Default::default() };
        index.search(&q).expect("search").hits.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn upsert_replaces_the_document_with_the_same_id() {
        let index = ram_index(&[doc("a", "Debt advice")]);
        let mut w = index.writer(15_000_000).expect("writer");
        w.upsert(&doc("a", "Food bank")).expect("upsert");
        w.commit(2).expect("commit");
        assert_eq!(index.num_docs(), 1);
        assert!(ids(&index, "debt").is_empty());
        assert_eq!(ids(&index, "food"), vec!["a"]);
        assert_eq!(index.last_applied_seq().expect("seq"), Some(2));
    }

    #[test]
    fn delete_and_delete_all_remove_documents_after_commit() {
        let index = ram_index(&[doc("a", "Debt advice"), doc("b", "Debt help"), doc("c", "Food bank")]);
        let mut w = index.writer(15_000_000).expect("writer");
        w.delete("a");
        w.commit(3).expect("commit");
        assert_eq!(ids(&index, "debt"), vec!["b"]);
        w.delete_all().expect("delete all");
        w.commit(4).expect("commit");
        assert_eq!(index.num_docs(), 0);
    }
}
