//! Dates of birth: a date (numeric, with a month name, or a day and month alone) near a
//! birth cue ("DOB", "d.o.b", "born", "birthday").

use super::text::Word;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

fn is_month(word: &Word<'_>) -> bool {
    MONTHS.contains(&word.lower.as_str())
}

/// "may" and "march" in lower case are everyday words too; they are months only next
/// to a day or a year ("3rd march", "march 1961").
fn is_everyday_word(word: &Word<'_>) -> bool {
    word.core.starts_with(|c: char| c.is_lowercase()) && matches!(word.lower.as_str(), "may" | "march")
}

/// "3", "03", "3rd", "21st".
fn is_day(word: &Word<'_>) -> bool {
    let digits: String = word.lower.chars().take_while(|c| c.is_ascii_digit()).collect();
    let suffix = &word.lower[digits.len()..];
    !digits.is_empty()
        && digits.len() <= 2
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
}

fn is_year(word: &Word<'_>) -> bool {
    word.core.len() == 4 && word.core.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y)) && word.trailing != "s"
}

/// A two-digit year after a month ("Mar 61"): not a day, so 32 to 99 or 00, with an
/// optional apostrophe ("'61").
fn is_short_year(word: &Word<'_>) -> bool {
    let digits = word.core.trim_start_matches(['\'', '’']);
    digits.len() == 2 && digits.parse::<u32>().is_ok_and(|y| y == 0 || y > 31)
}

/// A day and a month without a year ("12/06"), the form birthdays take.
fn is_numeric_day_month(word: &Word<'_>) -> bool {
    let Some((day, month)) = word.core.split_once('/') else { return false };
    day.len() <= 2
        && month.len() <= 2
        && day.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        && month.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

/// A bare year after "before", "after", "since"… is a period, not a birth date: "for
/// people born before 1960".
fn is_period(words: &[Word<'_>], i: usize) -> bool {
    i >= 1
        && matches!(
            words[i - 1].lower.as_str(),
            "before" | "after" | "since" | "between" | "pre" | "post" | "until" | "till" | "and" | "from" | "to"
        )
}

/// "12/03/1948", "12-3-48", "12.03.1948".
fn is_numeric_date(word: &Word<'_>) -> bool {
    let parts: Vec<&str> = word.core.split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && matches!(parts[2].len(), 2 | 4)
}

/// Where dates are, as (first word, last word) index pairs.
fn date_spans(words: &[Word<'_>]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if is_numeric_date(word) || is_numeric_day_month(word) {
            spans.push((i, i));
        } else if is_month(word) {
            let mut start = i;
            let mut end = i;
            // "3rd of May", "3 May"
            if i >= 2 && words[i - 1].lower == "of" && is_day(&words[i - 2]) {
                start = i - 2;
            } else if i >= 1 && is_day(&words[i - 1]) {
                start = i - 1;
            }
            // "May 3rd", "May 1950", "May 3, 1950"
            if words.get(i + 1).is_some_and(is_day) {
                end = i + 1;
            }
            if words.get(end + 1).is_some_and(|next| is_year(next) || is_short_year(next)) {
                end += 1;
            }
            let year_after = end > i && words.get(end).is_some_and(|w| is_year(w) || is_short_year(w));
            let plain = !is_everyday_word(word) || start != i || year_after;
            if (start != i || end != i) && plain {
                spans.push((start, end));
            }
        } else if is_year(word) && !is_period(words, i) {
            spans.push((i, i));
        }
    }
    spans
}

fn is_birth_cue(word: &Word<'_>) -> bool {
    let lower = word.lower.replace('.', "");
    matches!(lower.as_str(), "dob" | "born" | "bday" | "bd" | "b'day" | "b-day") || lower.contains("birth")
}

/// A date near a birth cue: the cue within six words before or three after. The short
/// "b." ("b. 10/9/63") counts only right before the date, since "b" alone is too common.
pub(super) fn has_birth_date(words: &[Word<'_>]) -> bool {
    date_spans(words).into_iter().any(|(start, end)| {
        let from = start.saturating_sub(6);
        let to = (end + 3).min(words.len().saturating_sub(1));
        let short_cue = start >= 1 && words[start - 1].lower == "b" && words[start - 1].trailing == ".";
        short_cue || (from..=to).any(|i| (i < start || i > end) && is_birth_cue(&words[i]))
    })
}
