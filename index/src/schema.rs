//! The tantivy schema, the English analyser, and the conversion of a [`ServiceDoc`] into
//! a tantivy document.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

use crate::model::{Delivery, ServiceDoc, WeeklyInterval};
use crate::{geo, opening};

/// Name of the analyser used by every full-text field.
pub(crate) const ANALYSER: &str = "signpost_en";

/// Returns the English analyser: split on non-alphanumerics, lowercase, fold to ASCII, stem.
pub(crate) fn analyser() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers the analyser on an index (it is not persisted with the index).
pub(crate) fn register_analyser(index: &Index) {
    index.tokenizers().register(ANALYSER, analyser());
}

/// Filter term marking a free service.
pub(crate) const FREE_TERM: &str = "free";

/// Returns the filter term for a delivery method.
pub(crate) fn delivery_term(delivery: Delivery) -> String {
    format!("d:{}", delivery.slug())
}

/// Returns the filter term for an hour of the week (0..168) in which a service is open.
pub(crate) fn open_hour_term(hour: u32) -> String {
    format!("h:{hour}")
}

/// Value stored for a missing `max_age`.
pub(crate) const NO_MAX_AGE: u64 = u64::MAX;

/// The fields of the index.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub(crate) id: Field,
    pub(crate) name: Field,
    pub(crate) organisation: Field,
    pub(crate) summary: Field,
    pub(crate) keywords: Field,
    /// Every text field (description included), for fuzzy and synonym matching.
    pub(crate) all: Field,
    pub(crate) needs: Field,
    pub(crate) coverage: Field,
    pub(crate) filter: Field,
    pub(crate) cell: Field,
    /// Locations packed by [`geo::pack`] (one column keeps lat and lon paired).
    pub(crate) loc: Field,
    pub(crate) min_age: Field,
    pub(crate) max_age: Field,
    pub(crate) assured_day: Field,
    pub(crate) opening: Field,
    pub(crate) name_sort: Field,
    pub(crate) data: Field,
}

/// Fast-field names, for columns read in the collector.
pub(crate) mod columns {
    pub(crate) const NEEDS: &str = "needs";
    pub(crate) const LOC: &str = "loc";
    pub(crate) const MIN_AGE: &str = "min_age";
    pub(crate) const MAX_AGE: &str = "max_age";
    pub(crate) const ASSURED_DAY: &str = "assured_day";
    pub(crate) const OPENING: &str = "opening";
    pub(crate) const NAME_SORT: &str = "name_sort";
}

/// What is stored per document to render a [`crate::Hit`] (one JSON blob: one read per hit).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct StoredHit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) organisation: String,
    pub(crate) summary: String,
    pub(crate) needs: Vec<String>,
    pub(crate) free: bool,
    pub(crate) opening: Option<Vec<WeeklyInterval>>,
    pub(crate) assured_date: Option<String>,
}

/// Builds the schema of this version and its field handles.
pub(crate) fn build() -> (Schema, Fields) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(ANALYSER).set_index_option(IndexRecordOption::WithFreqs),
    );
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING),
        name: b.add_text_field("name", text.clone()),
        organisation: b.add_text_field("organisation", text.clone()),
        summary: b.add_text_field("summary", text.clone()),
        keywords: b.add_text_field("keywords", text.clone()),
        all: b.add_text_field("all", text),
        needs: b.add_text_field(columns::NEEDS, STRING.set_fast(None)),
        coverage: b.add_text_field("coverage", STRING),
        filter: b.add_text_field("filter", STRING),
        cell: b.add_u64_field("cell", INDEXED),
        loc: b.add_u64_field(columns::LOC, FAST),
        min_age: b.add_u64_field(columns::MIN_AGE, FAST),
        max_age: b.add_u64_field(columns::MAX_AGE, FAST),
        assured_day: b.add_i64_field(columns::ASSURED_DAY, FAST),
        opening: b.add_u64_field(columns::OPENING, FAST),
        name_sort: b.add_text_field(columns::NAME_SORT, TextOptions::default().set_fast(None)),
        data: b.add_bytes_field("data", STORED),
    };
    (b.build(), fields)
}

impl Fields {
    /// Converts a service into a tantivy document.
    pub(crate) fn document(&self, doc: &ServiceDoc) -> crate::Result<TantivyDocument> {
        let mut d = TantivyDocument::default();
        d.add_text(self.id, &doc.id);
        d.add_text(self.name, &doc.name);
        d.add_text(self.organisation, &doc.organisation);
        d.add_text(self.summary, &doc.summary);
        for k in &doc.keywords {
            d.add_text(self.keywords, k);
        }
        for t in [&doc.name, &doc.organisation, &doc.summary, &doc.description].into_iter().chain(&doc.keywords) {
            d.add_text(self.all, t);
        }
        for n in &doc.needs {
            d.add_text(self.needs, n);
        }
        for c in &doc.coverage {
            d.add_text(self.coverage, c);
        }
        if doc.free {
            d.add_text(self.filter, FREE_TERM);
        }
        for dl in &doc.delivery {
            d.add_text(self.filter, delivery_term(*dl));
        }
        for audience in &doc.audiences {
            d.add_text(self.filter, crate::audience::audience_term(*audience));
        }
        if let Some(intervals) = &doc.opening {
            for hour in opening::open_hours(intervals) {
                d.add_text(self.filter, open_hour_term(hour));
            }
            for i in intervals {
                d.add_u64(self.opening, opening::pack(*i));
            }
        }
        let mut cells: Vec<u64> = doc.locations.iter().flat_map(|p| geo::cells_of(*p)).collect();
        if !cells.is_empty() {
            cells.push(geo::any_location_cell());
        }
        cells.sort_unstable();
        cells.dedup();
        for c in cells {
            d.add_u64(self.cell, c);
        }
        for p in &doc.locations {
            d.add_u64(self.loc, geo::pack(*p));
        }
        d.add_u64(self.min_age, doc.min_age.map_or(0, u64::from));
        d.add_u64(self.max_age, doc.max_age.map_or(NO_MAX_AGE, u64::from));
        d.add_i64(self.assured_day, doc.assured_day.map_or(i64::MIN, i64::from));
        d.add_text(self.name_sort, doc.name.to_lowercase());
        let stored = StoredHit {
            id: doc.id.clone(),
            name: doc.name.clone(),
            organisation: doc.organisation.clone(),
            summary: doc.summary.clone(),
            needs: doc.needs.clone(),
            free: doc.free,
            opening: doc.opening.clone(),
            assured_date: doc.assured_date.clone(),
        };
        let data = serde_json::to_vec(&stored).map_err(|e| crate::Error::Corrupt(e.to_string()))?;
        d.add_bytes(self.data, &data);
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut a = analyser();
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn analyser_lowercases_folds_accents_and_stems() {
        assert_eq!(terms("Counselling CAFÉ Benefits"), vec!["counsel", "cafe", "benefit"]);
    }

    #[test]
    fn schema_is_the_same_each_time_it_is_built() {
        assert_eq!(build().0, build().0);
    }
}
