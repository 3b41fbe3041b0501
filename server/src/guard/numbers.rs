//! Numbers that identify a person: NHS numbers, personal phone numbers and National
//! Insurance numbers.

use super::text::{DigitRun, Word};

/// The NHS number check: weights 10 down to 2 on the first nine digits; 11 minus the
/// remainder mod 11 is the check digit (11 means 0; 10 means no valid number).
pub(super) fn is_nhs_number(digits: &str) -> bool {
    let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if values.len() != 10 || values.iter().all(|&v| v == values[0]) {
        return false;
    }
    let sum: u32 = values[..9].iter().zip((2..=10).rev()).map(|(v, w)| v * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        other => other,
    };
    check == values[9]
}

/// A UK number in national form ("01164960123"): a national number is 0 then 9 or 10
/// digits; an international one is 44 (after "+" or "00") then 9 or 10 digits, with an
/// optional "(0)". Short numbers (111, 999, 116 123), times, years and counts have far
/// fewer digits.
pub(super) fn national_number(run: &DigitRun) -> Option<String> {
    let digits = run.digits.as_str();
    let international = if run.international { digits.strip_prefix("44") } else { digits.strip_prefix("0044") };
    match international {
        Some(rest) => {
            let rest = rest.strip_prefix('0').unwrap_or(rest);
            (9..=10).contains(&rest.len()).then(|| format!("0{rest}"))
        }
        None => (digits.starts_with('0') && (10..=11).contains(&digits.len())).then(|| digits.to_owned()),
    }
}

/// A phone number a person could have: geographic (01, 02) and mobile (07) numbers.
/// Non-geographic 03 and 08 numbers (0300, 0345, 0800, 0808, 0845…) are organisations'
/// lines (Shelter, National Debtline, the council), never a private person's, and the
/// public quote them when they report a wrong number.
pub(super) fn is_personal_phone(national: &str) -> bool {
    !(national.starts_with("03") || national.starts_with("08"))
}

/// National Insurance numbers: two prefix letters, six digits (in pairs or not), and a
/// suffix A to D ("AB 12 34 56 C", "ab123456c"). The prefix follows HMRC's rules: the
/// first letter is not D, F, I, Q, U or V, the second not D, F, I, O, Q, U or V, and
/// BG, GB, KN, NK, NT, TN and ZZ are never issued. Without the suffix it counts only
/// when the text says it is one ("NI AB123456").
pub(super) fn has_ni_number(text: &str, words: &[Word<'_>]) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let cued = has_ni_cue(words);
    (0..chars.len()).any(|start| ni_number_at(&chars, start).is_some_and(|suffixed| suffixed || cued))
}

fn has_ni_cue(words: &[Word<'_>]) -> bool {
    words.iter().enumerate().any(|(i, word)| {
        matches!(word.lower.as_str(), "ni" | "nino" | "nin")
            || (word.lower == "national" && words.get(i + 1).is_some_and(|next| next.lower == "insurance"))
            || (word.lower == "nat" && words.get(i + 1).is_some_and(|next| next.lower.starts_with("ins")))
    })
}

fn is_ni_prefix(first: char, second: char) -> bool {
    let (first, second) = (first.to_ascii_uppercase(), second.to_ascii_uppercase());
    let pair: String = [first, second].iter().collect();
    first.is_ascii_uppercase()
        && second.is_ascii_uppercase()
        && !"DFIQUV".contains(first)
        && !"DFIOQUV".contains(second)
        && !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&pair.as_str())
}

/// An NI number starting at `start`: `Some(true)` with a suffix letter, `Some(false)`
/// without one.
fn ni_number_at(chars: &[char], start: usize) -> Option<bool> {
    let at_word_start = start == 0 || !chars[start - 1].is_alphanumeric();
    let (first, second) = (*chars.get(start)?, *chars.get(start + 1)?);
    if !at_word_start || !is_ni_prefix(first, second) {
        return None;
    }
    let mut i = start + 2;
    let mut digits = 0;
    while digits < 6 {
        // One space or hyphen may separate the prefix and each pair of digits.
        if matches!(chars.get(i), Some(' ' | '-')) && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if !chars.get(i).is_some_and(char::is_ascii_digit) {
            return None;
        }
        digits += 1;
        i += 1;
    }
    if chars.get(i).is_some_and(|c| c.is_alphanumeric()) {
        let suffix = chars[i].to_ascii_uppercase();
        let ends = !chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
        return (('A'..='D').contains(&suffix) && ends).then_some(true);
    }
    let spaced_suffix = chars.get(i) == Some(&' ')
        && chars.get(i + 1).is_some_and(|c| ('A'..='D').contains(&c.to_ascii_uppercase()))
        && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric());
    Some(spaced_suffix)
}
