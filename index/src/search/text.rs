//! Turns query text into scored clauses: one per distinct user word (exact matches on the
//! text fields, plus a fuzzy match for longer words) and one per synonym expansion.

use std::collections::BTreeMap;

use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::schema::{analyser, Fields};
use crate::synonyms::{words, Synonyms};

/// Query words beyond this many are ignored (coverage is tracked in a `u64` mask).
const MAX_WORDS: usize = 32;
/// Weight of synonym expansions relative to the user's own words.
const SYNONYM_BOOST: f32 = 0.6;
/// Constant score of a fuzzy (typo) match; exact matches score their BM25, usually > 1.
const FUZZY_BOOST: f32 = 0.3;
/// Field boosts for exact matches: name first, then summary and keywords.
const NAME_BOOST: f32 = 3.0;
const SUMMARY_BOOST: f32 = 1.5;
const KEYWORDS_BOOST: f32 = 1.5;

/// One should-clause of the text query and the query words it stands for.
pub(crate) struct TextClause {
    pub(crate) query: Box<dyn Query>,
    /// Bit `i` set = matching this clause counts as matching query word `i`.
    pub(crate) covers: u64,
}

/// The text part of a search.
pub(crate) struct TextPlan {
    pub(crate) clauses: Vec<TextClause>,
    /// Number of query words that produced a term (the coordination denominator).
    pub(crate) word_count: u32,
}

impl TextPlan {
    /// Returns whether there is no text to match (browse).
    pub(crate) fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

fn analyse(text: &str) -> Vec<String> {
    let mut a = analyser();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// Returns the edit distance allowed for a word of this many characters.
pub(crate) fn typo_distance(word_chars: usize) -> u8 {
    match word_chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn exact(fields: &Fields, term: &str) -> Box<dyn Query> {
    let boosted = [
        (fields.name, NAME_BOOST),
        (fields.summary, SUMMARY_BOOST),
        (fields.keywords, KEYWORDS_BOOST),
        (fields.organisation, 1.0),
        (fields.all, 1.0),
    ];
    let clauses = boosted
        .into_iter()
        .map(|(field, boost)| {
            let q = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::WithFreqs);
            let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(q), boost));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// Builds the text clauses for `text`.
pub(crate) fn plan(text: &str, synonyms: &Synonyms, fields: &Fields) -> TextPlan {
    let mut query_words = words(text);
    query_words.truncate(MAX_WORDS);
    // Distinct terms, each with the words it covers and the longest word's length.
    let mut terms: BTreeMap<String, (u64, usize)> = BTreeMap::new();
    let mut word_count = 0;
    for (i, word) in query_words.iter().enumerate() {
        let Some(term) = analyse(word).into_iter().next() else { continue };
        word_count += 1;
        let entry = terms.entry(term).or_insert((0, 0));
        entry.0 |= 1 << i;
        entry.1 = entry.1.max(word.chars().count());
    }
    let mut clauses = Vec::new();
    for (term, (covers, chars)) in &terms {
        let distance = typo_distance(*chars);
        let query = if distance == 0 {
            exact(fields, term)
        } else {
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(fields.all, term), distance, true);
            let fuzzy: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(fuzzy), FUZZY_BOOST));
            Box::new(BooleanQuery::new(vec![(Occur::Should, exact(fields, term)), (Occur::Should, fuzzy)]))
        };
        clauses.push(TextClause { query, covers: *covers });
    }
    for expansion in synonyms.expand(&query_words) {
        let phrase_terms = analyse(&expansion.phrase);
        if phrase_terms.is_empty() || phrase_terms.iter().all(|t| terms.contains_key(t)) {
            continue;
        }
        let musts = phrase_terms.iter().map(|t| (Occur::Must, exact(fields, t))).collect();
        let query = Box::new(BoostQuery::new(Box::new(BooleanQuery::new(musts)), SYNONYM_BOOST));
        let covers = (expansion.from..expansion.to).fold(0u64, |mask, i| mask | (1 << i));
        clauses.push(TextClause { query, covers });
    }
    TextPlan { clauses, word_count }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_distance_grows_with_word_length() {
        assert_eq!(typo_distance(4), 0);
        assert_eq!(typo_distance(5), 1);
        assert_eq!(typo_distance(8), 1);
        assert_eq!(typo_distance(9), 2);
    }

    #[test]
    fn repeated_words_share_one_clause_and_synonyms_add_clauses() {
        let (_, fields) = crate::schema::build();
        let synonyms = Synonyms::parse("skint => debt, money").expect("parses");
        let p = plan("skint skint!", &synonyms, &fields);
        assert_eq!(p.word_count, 2);
        assert_eq!(p.clauses.len(), 3);
        assert_eq!(p.clauses[0].covers, 0b11);
        assert_eq!(crate::search::rank::coordination(0b01, p.word_count), 0.25);
        assert!(plan("  !! ", &synonyms, &fields).is_empty());
    }
}
