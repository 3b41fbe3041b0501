//! Turns query text into scored clauses: one per distinct content word (exact matches on
//! the text fields, plus a fuzzy match when the word is rare in the index) and one per
//! synonym expansion, with each word's weight (its IDF) for the relevance threshold.

use std::collections::BTreeMap;

use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::audience::is_audience_word;
use crate::error::Result;
use crate::schema::{analyser, Fields};
use crate::synonyms::{words, Synonyms};

/// Query words beyond this many are ignored (coverage is tracked in a `u64` mask).
const MAX_WORDS: usize = 32;
/// Weight of synonym expansions relative to the user's own words.
const SYNONYM_BOOST: f32 = 0.6;
/// Constant score of a fuzzy (typo) match; exact matches score their BM25, usually > 1.
const FUZZY_BOOST: f32 = 0.3;
/// A word found exactly in more services than this is taken as spelt right: no fuzzy match
/// (so "frank" never finds "bank", nor "childline" "children").
const FUZZY_MAX_DOC_FREQ: u64 = 0;
/// Field boosts for exact matches: name first, then summary and keywords (needs).
const NAME_BOOST: f32 = 3.0;
const SUMMARY_BOOST: f32 = 1.5;
const KEYWORDS_BOOST: f32 = 1.2;
/// Extra weight of a service whose name holds every content word of a query of two or more
/// ("carers break", "alcoholics anonymous", "walking group hinckley").
const WHOLE_NAME_BOOST: f32 = 3.0;

/// Conversational filler: words that say nothing about the need ("I can't get help with
/// my..."). They are dropped unless the query has nothing else. Matched after splitting on
/// non-alphanumerics, so "can't" is "can" + "t".
const FILLER: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "always",
    "am",
    "an",
    "and",
    "any",
    "anybody",
    "anyone",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "bit",
    "boyfriend",
    "brother",
    "but",
    "by",
    "can",
    "cannot",
    "cant",
    "could",
    "d",
    "dad",
    "daughter",
    "day",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "dont",
    "else",
    "ever",
    "every",
    "feel",
    "feeling",
    "feels",
    "find",
    "finding",
    "for",
    "friend",
    "from",
    "get",
    "getting",
    "girlfriend",
    "give",
    "go",
    "going",
    "got",
    "gran",
    "grandad",
    "granddaughter",
    "grandma",
    "grandpa",
    "grandson",
    "had",
    "has",
    "have",
    "having",
    "he",
    "help",
    "helping",
    "her",
    "here",
    "him",
    "his",
    "how",
    "husband",
    "i",
    "id",
    "if",
    "im",
    "in",
    "into",
    "is",
    "it",
    "its",
    "ive",
    "just",
    "keep",
    "know",
    "like",
    "ll",
    "look",
    "looking",
    "lot",
    "lots",
    "m",
    "make",
    "mate",
    "may",
    "me",
    "might",
    "mom",
    "more",
    "much",
    "mum",
    "must",
    "my",
    "myself",
    "nan",
    "nana",
    "near",
    "nearby",
    "need",
    "needs",
    "never",
    "now",
    "of",
    "ok",
    "okay",
    "on",
    "one",
    "or",
    "other",
    "our",
    "out",
    "partner",
    "please",
    "re",
    "really",
    "s",
    "said",
    "she",
    "should",
    "sister",
    "so",
    "some",
    "somebody",
    "someone",
    "something",
    "somewhere",
    "son",
    "still",
    "stuff",
    "t",
    "take",
    "tell",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "time",
    "to",
    "today",
    "told",
    "tonight",
    "too",
    "up",
    "us",
    "ve",
    "very",
    "want",
    "wanting",
    "wants",
    "was",
    "we",
    "week",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "wife",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Returns whether a lowercased query word is conversational filler.
pub(crate) fn is_filler(word: &str) -> bool {
    FILLER.binary_search(&word).is_ok()
}

/// One should-clause of the text query and the query words it stands for.
pub(crate) struct TextClause {
    pub(crate) query: Box<dyn Query>,
    /// Bit `i` set = matching this clause counts as matching query word `i`.
    pub(crate) covers: u64,
}

/// The text part of a search.
pub(crate) struct TextPlan {
    pub(crate) clauses: Vec<TextClause>,
    /// Weight (IDF) of each query word position; 0 for filler and words without a term.
    pub(crate) weights: Vec<f32>,
    /// The same for need words only (words of the needs vocabulary: services' need and
    /// taxonomy terms, or a synonym rule's left side); all 0 when the query has none.
    pub(crate) need_weights: Vec<f32>,
}

impl TextPlan {
    /// Returns whether there is no text to match (browse).
    pub(crate) fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

pub(crate) fn analyse(text: &str) -> Vec<String> {
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

/// Returns BM25's inverse document frequency of a term found in `doc_freq` of `docs` services.
pub(crate) fn idf(doc_freq: u64, docs: u64) -> f32 {
    let (df, n) = (doc_freq as f64, docs.max(1) as f64);
    (1.0 + (n - df + 0.5).max(0.0) / (df + 0.5)).ln() as f32
}

fn fuzzy(fields: &Fields, text: &str, distance: u8) -> Box<dyn Query> {
    let query = FuzzyTermQuery::new(Term::from_field_text(fields.all, text), distance, true);
    Box::new(BoostQuery::new(Box::new(query), FUZZY_BOOST))
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

/// Returns whether the query has a content word other than the one at `skip` that is not
/// itself an audience word.
fn has_other_content(query_words: &[String], skip: usize) -> bool {
    query_words.iter().enumerate().any(|(i, w)| i != skip && !is_filler(w) && !is_audience_word(w))
}

/// Builds the text clauses for `text`, weighting words by their rarity in `searcher`.
pub(crate) fn plan(text: &str, synonyms: &Synonyms, fields: &Fields, searcher: &Searcher) -> Result<TextPlan> {
    let mut query_words = words(text);
    query_words.truncate(MAX_WORDS);
    let has_content = query_words.iter().any(|w| !is_filler(w));
    let docs = searcher.num_docs();
    // Distinct terms, each with the words it covers, the longest word's length and its doc frequency.
    let mut terms: BTreeMap<String, (u64, usize, u64)> = BTreeMap::new();
    let mut weights = vec![0.0f32; query_words.len()];
    let mut need_word = vec![false; query_words.len()];
    for (i, word) in query_words.iter().enumerate() {
        if has_content && is_filler(word) {
            continue;
        }
        let Some(term) = analyse(word).into_iter().next() else { continue };
        let doc_freq = match terms.get(&term) {
            Some(entry) => entry.2,
            None => searcher.doc_freq(&Term::from_field_text(fields.all, &term))?,
        };
        need_word[i] = searcher.doc_freq(&Term::from_field_text(fields.keywords, &term))? > 0;
        // An audience word that names no need ("teenager", "carer" where no service is about
        // carers) orders results through the audience factor; as a word to match it would
        // drop every service that does not repeat it.
        let audience_only = !need_word[i] && has_other_content(&query_words, i) && is_audience_word(word);
        weights[i] = if audience_only { 0.0 } else { idf(doc_freq, docs) };
        let entry = terms.entry(term).or_insert((0, 0, doc_freq));
        entry.0 |= 1 << i;
        entry.1 = entry.1.max(word.chars().count());
    }
    let mut clauses = Vec::new();
    for (term, (covers, chars, doc_freq)) in &terms {
        let distance = typo_distance(*chars);
        let query = if distance == 0 || *doc_freq > FUZZY_MAX_DOC_FREQ {
            exact(fields, term)
        } else {
            // The stemmer may cut a misspelt word oddly ("alcohal" to "alcoh"), so the word
            // as typed is tried against the indexed stems too.
            let typed = (0..MAX_WORDS).find(|i| covers & (1 << i) != 0).and_then(|i| query_words.get(i));
            let mut alternatives =
                vec![(Occur::Should, exact(fields, term)), (Occur::Should, fuzzy(fields, term, distance))];
            if let Some(typed) = typed.filter(|typed| typed.as_str() != term) {
                alternatives.push((Occur::Should, fuzzy(fields, typed, distance)));
            }
            Box::new(BooleanQuery::new(alternatives))
        };
        clauses.push(TextClause { query, covers: *covers });
    }
    // Names written as one word ("andysmanclub", "foodbank"): adjacent content words joined,
    // matched exactly when the index has that word.
    let content: Vec<usize> = (0..query_words.len()).filter(|i| weights[*i] > 0.0).collect();
    let mut spans: Vec<(usize, usize)> = content.windows(2).map(|w| (w[0], w[1])).collect();
    if let (Some(first), Some(last)) = (content.first(), content.last()) {
        if content.len() > 2 {
            spans.push((*first, *last));
        }
    }
    for (from, to) in spans {
        let joined: String =
            content.iter().filter(|i| (from..=to).contains(*i)).map(|i| query_words[*i].as_str()).collect();
        let Some(term) = analyse(&joined).into_iter().next() else { continue };
        if terms.contains_key(&term) || searcher.doc_freq(&Term::from_field_text(fields.all, &term))? == 0 {
            continue;
        }
        let covers = content.iter().filter(|i| (from..=to).contains(*i)).fold(0u64, |mask, i| mask | (1 << i));
        clauses.push(TextClause { query: exact(fields, &term), covers });
    }
    if terms.len() > 1 {
        let musts = terms
            .keys()
            .map(|t| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(Term::from_field_text(fields.name, t), IndexRecordOption::WithFreqs));
                (Occur::Must, q)
            })
            .collect();
        let query = Box::new(BoostQuery::new(Box::new(BooleanQuery::new(musts)), WHOLE_NAME_BOOST));
        // Adds to the score only: the words were counted by their own clauses.
        clauses.push(TextClause { query, covers: 0 });
    }
    for expansion in synonyms.expand(&query_words) {
        let phrase_terms = analyse(&expansion.phrase);
        if phrase_terms.is_empty() || phrase_terms.iter().all(|t| terms.contains_key(t)) {
            continue;
        }
        let musts = phrase_terms.iter().map(|t| (Occur::Must, exact(fields, t))).collect();
        let query = Box::new(BoostQuery::new(Box::new(BooleanQuery::new(musts)), SYNONYM_BOOST));
        let covers = (expansion.from..expansion.to).fold(0u64, |mask, i| mask | (1 << i));
        for covered in need_word.iter_mut().take(expansion.to).skip(expansion.from) {
            *covered = true;
        }
        clauses.push(TextClause { query, covers });
    }
    let need_weights = weights.iter().zip(&need_word).map(|(w, need)| if *need { *w } else { 0.0 }).collect();
    Ok(TextPlan { clauses, weights, need_weights })
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
    fn the_filler_list_is_sorted_for_binary_search() {
        assert!(FILLER.windows(2).all(|w| w[0] < w[1]), "keep FILLER sorted and unique");
        assert!(is_filler("someone") && is_filler("t") && !is_filler("debt"));
    }

    #[test]
    fn rare_words_weigh_more_than_common_ones() {
        assert!(idf(1, 1000) > idf(100, 1000));
        assert!(idf(0, 1000) > idf(1, 1000));
        assert!(idf(1000, 1000) > 0.0);
    }

    #[test]
    fn filler_is_dropped_repeated_words_share_one_clause_and_synonyms_add_clauses() {
        let index = crate::test_docs::ram_index(&[crate::test_docs::doc("a", "Debt advice")]);
        let searcher = index.reader.searcher();
        let synonyms = Synonyms::parse("skint => debt, money").expect("parses");
        let p = plan("I am skint, skint!", &synonyms, &index.fields, &searcher).expect("plans");
        assert_eq!(p.clauses.len(), 3, "one for skint, one per expansion");
        assert_eq!(p.clauses[0].covers, 0b1100);
        assert_eq!(p.weights[0], 0.0, "filler has no weight");
        assert!(p.weights[2] > 0.0);
        let only_filler = plan("help me", &synonyms, &index.fields, &searcher).expect("plans");
        assert_eq!(only_filler.clauses.len(), 3, "filler alone still searches its two words (and whole name)");
        assert!(plan("  !! ", &synonyms, &index.fields, &searcher).expect("plans").is_empty());
    }
}
