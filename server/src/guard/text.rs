//! Splitting text into words and digit runs, the units every detector reads.

/// A run of digits that may be written in groups ("0116 496 0123", "943-476-5919",
/// "+44 (0)7700 900123").
pub(super) struct DigitRun {
    pub(super) digits: String,
    pub(super) international: bool,
}

/// Separators allowed between digit groups of one number. Commas and slashes are not:
/// they separate amounts ("£1,250") and dates ("3/5/24"), which are not identifiers.
fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}')
}

pub(super) fn digit_runs(text: &str) -> Vec<DigitRun> {
    let chars: Vec<char> = text.chars().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_plus = chars[i] == '+' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit());
        let starts_digit = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !(starts_plus || starts_digit) {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut j = if starts_plus { i + 1 } else { i };
        loop {
            while j < chars.len() && chars[j].is_ascii_digit() {
                digits.push(chars[j]);
                j += 1;
            }
            // At most two separators (") " in "(0116) 496") between groups.
            let mut k = j;
            while k < chars.len() && k - j < 2 && is_group_separator(chars[k]) {
                k += 1;
            }
            if k > j && k < chars.len() && chars[k].is_ascii_digit() {
                j = k;
            } else {
                break;
            }
        }
        // A run glued to letters ("3rd", "A1234567890x") is not a number on its own.
        let glued = chars.get(j).is_some_and(|c| c.is_ascii_alphabetic());
        if !glued {
            runs.push(DigitRun { digits, international: starts_plus });
        }
        i = j.max(i + 1);
    }
    runs
}

/// One whitespace-separated word: its core without surrounding punctuation, and the
/// punctuation around it, which ends a phrase (so "patient. She" and "partner (Oadby)"
/// are not "patient She" or "partner Oadby").
pub(super) struct Word<'a> {
    pub(super) core: &'a str,
    pub(super) lower: String,
    pub(super) leading: &'a str,
    pub(super) trailing: &'a str,
}

pub(super) fn words(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace()
        .flat_map(split_glued)
        .filter_map(|raw| {
            let start = raw.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '+');
            let core = start.trim_end_matches(|c: char| !c.is_alphanumeric());
            if core.is_empty() {
                return None;
            }
            let trailing = &start[core.len()..];
            let leading = &raw[..raw.len() - start.len()];
            Some(Word { core, lower: core.to_lowercase(), leading, trailing })
        })
        .collect()
}

/// Splits a whitespace-separated token after "=" and after a ":" that follows a letter,
/// so that "DoB=16/3/65" and "Client:Jordan" read as two words each. The separator stays
/// as the first word's trailing punctuation; times such as "9:30" are left whole.
fn split_glued(raw: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous = None;
    for (at, c) in raw.char_indices() {
        let after_letter = previous.is_some_and(|p: char| p.is_alphabetic());
        if (c == '=' || (c == ':' && after_letter)) && at + 1 < raw.len() {
            pieces.push(&raw[start..=at]);
            start = at + 1;
        }
        previous = Some(c);
    }
    pieces.push(&raw[start..]);
    pieces
}
