//! A plain BM25 reference ranker over the same index, for measuring the real ranking
//! against: tantivy's own BM25 on the text fields, one term query per analysed word and
//! field, no boosts, synonyms, typo tolerance, coverage, distance or freshness.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use super::{stored_hit, text};
use crate::error::Result;
use crate::search_index::SearchIndex;

impl SearchIndex {
    /// Returns the ids of the best `limit` services for `query_text` by plain BM25 over the
    /// name, organisation, summary, keywords and full-text fields (OR of every word), best
    /// first. For evaluation only; the service's search is [`SearchIndex::search`].
    pub fn bm25_reference(&self, query_text: &str, limit: usize) -> Result<Vec<String>> {
        let fields = &self.fields;
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in text::analyse(query_text) {
            for field in [fields.name, fields.organisation, fields.summary, fields.keywords, fields.all] {
                let query = TermQuery::new(Term::from_field_text(field, &term), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(query)));
            }
        }
        if clauses.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit))?;
        top.into_iter().map(|(_, address): (f32, DocAddress)| Ok(stored_hit(&searcher, address, fields)?.id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::test_docs::{doc, ram_index};
    use crate::ServiceDoc;

    #[test]
    fn bm25_reference_ranks_by_plain_term_statistics() {
        let index = ram_index(&[
            ServiceDoc { description: "debt debt debt advice".into(), ..doc("many", "Help") },
            doc("name", "Debt clinic"),
            doc("other", "Walking group"),
        ]);
        let got = index.bm25_reference("debt", 10).expect("search");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.contains(&"many".to_owned()) && got.contains(&"name".to_owned()));
        assert!(index.bm25_reference("  ", 10).expect("search").is_empty());
    }
}
