//! People's names: after a title in any case ("MR JOHN SMITH", "mrs patel", "Dr. a.
//! khan"), after a role or relation ("client Jordan", "caller (Jane Doe)"), after an
//! introduction or a sign-off ("I'm Gareth Evans", "Regards, Helen Marsh"). A title
//! that names a service ("Dr Bike repair cafe", "Mr Bumble's play group") is not a name.

use super::{
    places::is_place,
    text::Word,
    vocabulary::{FORENAMES, FUNCTION_WORDS, NOT_NAMES, SERVICE_NOUNS, VERBS},
};

/// Whether the words hold a cued name.
pub(super) fn has_name(words: &[Word<'_>]) -> bool {
    (0..words.len()).any(|i| {
        titled_name(words, i)
            || cued_name(words, i)
            || bracketed_name(words, i)
            || introduced_name(words, i)
            || signed_name(words, i)
    })
}

/// Titles that are never ordinary words: any word after one is a name ("Mrs ffrench",
/// "spoke to mrs smith"). Lower-case "ms" is multiple sclerosis and upper-case "MS" is
/// a title only before a name in capitals ("MS LUCY GRANT", not "MS Therapy Centre").
fn is_strict_title(core: &str) -> bool {
    matches!(core, "Mr" | "MR" | "mr" | "Mrs" | "MRS" | "mrs" | "Ms" | "Mx" | "MX" | "mx")
}

/// Titles that are everyday words too ("Dr appointment", "miss the bus", "Master
/// class"): a name after one must look like one.
fn is_weak_title(core: &str) -> bool {
    matches!(
        core,
        "Dr" | "DR" | "dr" | "Miss" | "MISS" | "miss" | "Master" | "MASTER" | "Prof" | "Revd" | "Rev" | "Cllr" | "Sir"
    )
}

/// Lower-case words that may follow a strict title without being a name ("Mr and Mrs
/// Smith" is still caught by "Mrs Smith").
const TITLE_FOLLOWERS: &[&str] =
    &["and", "or", "to", "for", "is", "was", "at", "in", "on", "of", "the", "a", "with", "from", "said", "says", "x"];

/// The word without a possessive ending: "Tuesday's" is "Tuesday".
fn base(core: &str) -> &str {
    core.strip_suffix("'s").or_else(|| core.strip_suffix("’s")).unwrap_or(core)
}

fn is_not_name(core: &str) -> bool {
    NOT_NAMES.contains(&base(core))
}

fn is_service_noun(word: &Word<'_>) -> bool {
    SERVICE_NOUNS.contains(&base(&word.lower))
}

fn is_lower_word(core: &str) -> bool {
    core.chars().next().is_some_and(|c| c.is_lowercase())
        && core.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '’')
}

fn is_capitalised_word(core: &str) -> bool {
    let mut chars = core.chars();
    chars.next().is_some_and(|c| c.is_uppercase())
        && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '’')
}

fn is_all_caps(core: &str) -> bool {
    core.chars().count() >= 2 && core.chars().all(|c| c.is_uppercase() || c == '\'' || c == '-')
}

/// Acronyms ("PIP", "ESA", "CAMHS") follow cues in notes all the time; a name in
/// capitals longer than five letters is still caught.
fn is_acronym(core: &str) -> bool {
    core.len() >= 2 && core.len() <= 5 && core.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A capitalised word that could be a name.
fn is_name_like(word: &Word<'_>) -> bool {
    is_capitalised_word(word.core)
        && word.core.chars().count() >= 2
        && !is_not_name(word.core)
        && !is_acronym(word.core)
}

/// An initial: "J", "J.", or a lower-case "a." after a title.
fn is_initial(word: &Word<'_>) -> bool {
    let mut chars = word.core.chars();
    let letter = chars.next().filter(|c| c.is_alphabetic());
    chars.next().is_none() && letter.is_some_and(|c| c.is_uppercase() || word.trailing.starts_with('.'))
}

/// Two words that make a forename and surname: both capitalised and name-like, joined
/// by nothing but a space, and not a place ("Beaumont Leys").
fn is_full_name_at(words: &[Word<'_>], at: usize) -> bool {
    let (Some(first), Some(second)) = (words.get(at), words.get(at + 1)) else { return false };
    first.trailing.is_empty()
        && second.leading.is_empty()
        && is_name_like(first)
        && is_name_like(second)
        && !is_place(&words[at..at + 2])
}

/// A known forename then a surname: capitalised ("Dave Turner"), or in lower case
/// after a strong cue ("this is jenny walsh").
fn is_forename_pair_at(words: &[Word<'_>], at: usize, lower_case: bool) -> bool {
    let (Some(first), Some(second)) = (words.get(at), words.get(at + 1)) else { return false };
    let everyday = FUNCTION_WORDS.contains(&second.lower.as_str()) || VERBS.contains(&second.lower.as_str());
    let lower_pair = lower_case && is_lower_word(first.core) && is_lower_word(second.core) && !everyday;
    let capitalised_pair = is_capitalised_word(first.core) && is_name_like(second);
    FORENAMES.contains(&first.lower.as_str())
        && (lower_pair || capitalised_pair)
        && first.trailing.is_empty()
        && second.leading.is_empty()
        && !is_not_name(second.core)
        && !is_place(&words[at..at + 2])
}

/// Whether the words from `at` name a service, place or event rather than a person:
/// capitalised words then a service noun ("Dr Fox's Pharmacy", "Mrs Tiggywinkles
/// ward", "Mr Men party"), or after a possessive at least one describing word between
/// ("Mr Bumble's play group"), since "Mrs Patel's class" is a person's class.
fn names_a_service(words: &[Word<'_>], at: usize) -> bool {
    let mut i = at;
    let mut possessive_last = false;
    while let Some(word) = words.get(i).filter(|w| is_capitalised_word(w.core) && i < at + 3) {
        if is_service_noun(word) && i > at {
            return true;
        }
        possessive_last = base(word.core) != word.core;
        i += 1;
        if !word.trailing.is_empty() {
            return false;
        }
    }
    if i == at {
        // A lower-case word straight after the title: "Mr and Mrs evening".
        return words.get(at).is_some_and(is_service_noun);
    }
    let mut describing = 0;
    while let Some(word) = words.get(i).filter(|w| is_lower_word(w.core) && w.leading.is_empty()) {
        if is_service_noun(word) {
            return describing > 0 || !possessive_last;
        }
        let everyday = FUNCTION_WORDS.contains(&word.lower.as_str()) || VERBS.contains(&word.lower.as_str());
        if everyday || describing == 2 || !word.trailing.is_empty() {
            return false;
        }
        describing += 1;
        i += 1;
    }
    false
}

/// "Mr Smith", "MR JOHN SMITH", "mrs patel", "Dr. a. khan", "MS LUCY GRANT".
fn titled_name(words: &[Word<'_>], i: usize) -> bool {
    let title = &words[i];
    let Some(next) = words.get(i + 1) else { return false };
    if !matches!(title.trailing, "" | ".") || !next.leading.is_empty() {
        return false;
    }
    let strict = is_strict_title(title.core);
    let shouted_ms = title.core == "MS"
        && is_all_caps(next.core)
        && (!is_acronym(next.core) || words.get(i + 2).is_some_and(|after| is_all_caps(after.core)));
    if !(strict || shouted_ms || is_weak_title(title.core)) || names_a_service(words, i + 1) {
        return false;
    }
    if is_initial(next) {
        return true;
    }
    if is_capitalised_word(next.core) {
        return !is_not_name(next.core) || shouted_ms;
    }
    if strict {
        return is_lower_word(next.core) && !TITLE_FOLLOWERS.contains(&next.core);
    }
    // "miss jones" at the start of a sentence; "to miss the bus" is the verb.
    let sentence_start = i == 0 || words[i - 1].trailing.ends_with(['.', '!', '?']);
    title.core == "miss"
        && sentence_start
        && is_lower_word(next.core)
        && !next.lower.ends_with("ing")
        && !FUNCTION_WORDS.contains(&next.lower.as_str())
}

/// Words (lower case, possibly several) after which a capitalised word is a name.
const NAME_CUES: &[&[&str]] = &[
    &["patient"],
    &["pt"],
    &["patient's"],
    &["client"],
    &["client's"],
    &["service", "user"],
    &["service", "user's"],
    &["user"],
    &["called"],
    &["named"],
    &["name", "is"],
    &["name's"],
    &["names", "are"],
    &["name"],
    &["known", "as"],
    &["goes", "by"],
    &["caller"],
    &["son"],
    &["daughter"],
    &["wife"],
    &["husband"],
    &["mum"],
    &["dad"],
    &["mother"],
    &["father"],
    &["brother"],
    &["sister"],
    &["grandson"],
    &["granddaughter"],
    &["neighbour"],
    &["carer"],
    &["partner"],
    &["friend"],
];

/// The cue that ends at word `end - 1` and starts at `i`, if any.
fn cue_at(words: &[Word<'_>], i: usize) -> Option<&'static [&'static str]> {
    NAME_CUES.iter().copied().find(|cue| {
        let end = i + cue.len();
        end <= words.len()
            && cue.iter().zip(&words[i..end]).all(|(c, w)| w.lower == *c)
            && words[i..end - 1].iter().all(|w| w.trailing.is_empty())
    })
}

/// "client Jordan", "his name is Tomasz", "name: Smith", "Client: Jordan Fraser", "my
/// wife, Anita Shah".
fn cued_name(words: &[Word<'_>], i: usize) -> bool {
    let Some(cue) = cue_at(words, i) else { return false };
    if names_a_service(words, i + cue.len()) {
        return false;
    }
    // "user" alone is a cue only before brackets ("user (Nigel)").
    if cue == ["user"] {
        return false;
    }
    let end = i + cue.len();
    let last = &words[end - 1];
    // "name: Smith" is a cue; other punctuation ends the phrase, except that a colon or
    // a comma then two name-like words is a full name.
    if matches!(last.trailing, ":" | ",") && cue != ["name"] && is_full_name_at(words, end) {
        return true;
    }
    let joined = last.trailing.is_empty() || (cue == ["name"] && last.trailing == ":");
    if !joined || (cue == ["name"] && last.trailing != ":") {
        return false;
    }
    words.get(end).is_some_and(|candidate| candidate.leading.is_empty() && is_name_like(candidate))
}

/// "caller (Jane Doe)", "service user (J. Bloggs)", "carer (Mary)", "patient: (Tom
/// Hughes)"; not a place ("partner (Beaumont Leys)") nor a service ("carer (Age UK)").
fn bracketed_name(words: &[Word<'_>], i: usize) -> bool {
    let Some(cue) = cue_at(words, i) else { return false };
    let end = i + cue.len();
    let (Some(last), Some(first)) = (words.get(end - 1), words.get(end)) else { return false };
    if !matches!(last.trailing, "" | ":") || !first.leading.starts_with('(') {
        return false;
    }
    let close = (end..words.len()).find(|&k| words[k].trailing.contains(')')).unwrap_or(words.len() - 1);
    let inside = &words[end..=close];
    if is_place(inside) {
        return false;
    }
    match inside {
        [initial, surname, ..] if is_initial(initial) => is_name_like(surname),
        [name, ..] => is_name_like(name),
        [] => false,
    }
}

/// "I'm Gareth Evans", "I am Mohammed Iqbal", "This is Paul Nkemelu", "this is jenny
/// walsh", "spoke to Karen Gill", "from Dave Turner".
fn introduced_name(words: &[Word<'_>], i: usize) -> bool {
    let word = &words[i];
    let next_lower = words.get(i + 1).map(|w| w.lower.as_str());
    let after = match (word.lower.as_str(), next_lower) {
        ("i'm" | "i’m" | "im", _) => i + 1,
        ("i", Some("am")) | ("this", Some("is")) => i + 2,
        // Weak cues: only before a known forename.
        ("from" | "to" | "with" | "by" | "for" | "ask", _) => {
            return word.trailing.is_empty() && is_forename_pair_at(words, i + 1, false);
        }
        _ => return false,
    };
    let cue_joined = words[i..after].iter().all(|w| w.trailing.is_empty() || w.trailing == ",");
    cue_joined && (is_full_name_at(words, after) || is_forename_pair_at(words, after, true))
}

/// "Regards, Helen Marsh", "Thanks, Bob Ellis", "Kind regards Priya Mehta".
fn signed_name(words: &[Word<'_>], i: usize) -> bool {
    let word = &words[i];
    let sign_off = matches!(word.lower.as_str(), "regards" | "thanks" | "cheers" | "signed" | "sincerely" | "wishes")
        || (word.lower == "you" && i >= 1 && words[i - 1].lower == "thank");
    sign_off
        && matches!(word.trailing, "" | "," | "!" | ".")
        && (is_full_name_at(words, i + 1) || is_forename_pair_at(words, i + 1, true))
}
