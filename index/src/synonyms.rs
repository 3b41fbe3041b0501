//! Query-time synonyms in Solr's format, matched on word boundaries of the lowercased query.

use std::collections::HashMap;

use crate::error::{Error, Result};

/// Synonym rules applied to query text before analysis.
///
/// Expansions are added to the query as extra, lower-weighted alternatives; the user's own
/// words are always kept.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Rules keyed by the first word of their left side.
    rules: HashMap<String, Vec<Rule>>,
}

#[derive(Debug, Clone)]
struct Rule {
    lhs: Vec<String>,
    expansions: Vec<String>,
}

/// One synonym expansion found in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expansion {
    /// Index of the first query word the rule matched.
    pub(crate) from: usize,
    /// Index one past the last query word the rule matched.
    pub(crate) to: usize,
    /// The replacement phrase (lowercase words).
    pub(crate) phrase: String,
}

/// Splits lowercased text into words on non-alphanumeric characters, as the index tokenizer does.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn parse_terms(side: &str, line: usize) -> Result<Vec<Vec<String>>> {
    side.split(',')
        .map(|term| {
            let term_words = words(term);
            if term_words.is_empty() {
                return Err(Error::BadSynonyms { line, reason: format!("empty term in {side:?}") });
            }
            Ok(term_words)
        })
        .collect()
}

impl Synonyms {
    /// Parses Solr-style rules, one per line, `#` comments: `a, b, c` (equivalent) and
    /// `x, y z => p, q` (one-way). Lowercase; left sides may be multi-word phrases.
    ///
    /// The error names the bad (one-based) line number.
    pub fn parse(text: &str) -> Result<Synonyms> {
        let mut synonyms = Synonyms::empty();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let sides: Vec<&str> = content.split("=>").collect();
            match sides.as_slice() {
                [equivalent] => {
                    let terms = parse_terms(equivalent, line)?;
                    if terms.len() < 2 {
                        return Err(Error::BadSynonyms {
                            line,
                            reason: "an equivalence needs at least two comma-separated terms".into(),
                        });
                    }
                    for (i, lhs) in terms.iter().enumerate() {
                        let expansions =
                            terms.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, t)| t.join(" ")).collect();
                        synonyms.add(lhs.clone(), expansions);
                    }
                }
                [left, right] => {
                    let lhs_terms = parse_terms(left, line)?;
                    let rhs: Vec<String> = parse_terms(right, line)?.into_iter().map(|t| t.join(" ")).collect();
                    for lhs in lhs_terms {
                        synonyms.add(lhs, rhs.clone());
                    }
                }
                _ => {
                    return Err(Error::BadSynonyms { line, reason: "more than one \"=>\"".into() });
                }
            }
        }
        Ok(synonyms)
    }

    /// Returns a rule set that expands nothing.
    pub fn empty() -> Synonyms {
        Synonyms::default()
    }

    /// Returns the number of left-hand sides.
    pub fn len(&self) -> usize {
        self.rules.values().map(Vec::len).sum()
    }

    /// Returns whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn add(&mut self, lhs: Vec<String>, expansions: Vec<String>) {
        let Some(first) = lhs.first().cloned() else { return };
        self.rules.entry(first).or_default().push(Rule { lhs, expansions });
    }

    /// Returns the expansions whose left side occurs in `query_words`, without duplicates
    /// and without phrases the user already typed.
    pub(crate) fn expand(&self, query_words: &[String]) -> Vec<Expansion> {
        let typed = query_words.join(" ");
        let mut out: Vec<Expansion> = Vec::new();
        for (from, word) in query_words.iter().enumerate() {
            let Some(rules) = self.rules.get(word) else { continue };
            for rule in rules {
                if !query_words[from..].starts_with(&rule.lhs) {
                    continue;
                }
                let to = from + rule.lhs.len();
                for phrase in &rule.expansions {
                    let already_typed = format!(" {typed} ").contains(&format!(" {phrase} "));
                    if already_typed || out.iter().any(|e| &e.phrase == phrase) {
                        continue;
                    }
                    out.push(Expansion { from, to, phrase: phrase.clone() });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(s: &Synonyms, q: &str) -> Vec<String> {
        s.expand(&words(q)).into_iter().map(|e| e.phrase).collect()
    }

    #[test]
    fn equivalent_rules_expand_every_member_to_the_others() {
        let s = Synonyms::parse("# money words\nskint, broke, hard up\n").expect("parses");
        assert_eq!(phrases(&s, "I am skint"), vec!["broke", "hard up"]);
        assert_eq!(phrases(&s, "hard up"), vec!["skint", "broke"]);
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn one_way_rules_expand_only_the_left_side() {
        let s = Synonyms::parse("food parcel, food parcels => food bank\n").expect("parses");
        let e = s.expand(&words("Need a FOOD PARCEL today"));
        assert_eq!(e, vec![Expansion { from: 2, to: 4, phrase: "food bank".into() }]);
        assert!(phrases(&s, "food bank").is_empty());
    }

    #[test]
    fn multi_word_left_sides_match_only_on_word_boundaries() {
        let s = Synonyms::parse("hard up => debt").expect("parses");
        assert!(phrases(&s, "hardup").is_empty());
        assert!(phrases(&s, "hard upper").is_empty());
        assert_eq!(phrases(&s, "hard-up"), vec!["debt"]);
    }

    #[test]
    fn parse_errors_name_the_bad_line() {
        let cases =
            [("ok, fine\nlonely\n", 2), ("# c\n\na => b => c", 3), ("a, , b", 1), ("=> debt", 1), ("skint =>", 1)];
        for (text, want) in cases {
            match Synonyms::parse(text) {
                Err(Error::BadSynonyms { line, .. }) => assert_eq!(line, want, "{text:?}"),
                other => panic!("{text:?}: expected BadSynonyms, got {other:?}"),
            }
        }
    }

    #[test]
    fn empty_synonyms_expand_nothing() {
        assert!(Synonyms::empty().expand(&words("skint")).is_empty());
        assert!(Synonyms::empty().is_empty());
    }
}
