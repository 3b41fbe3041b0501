//! Where a person can be reached: email addresses, full postcodes and street addresses
//! (a house number and a street: "12 Ashby Road", "Flat 3, 45 London Rd").

use super::{
    text::Word,
    vocabulary::{FUNCTION_WORDS, UNITS},
};

/// Email addresses in the text, in lower case.
pub(super) fn emails(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        let local_ok = at > 0 && is_email_local(chars[at - 1]);
        let domain: String =
            chars[at + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '.' || **c == '-').collect();
        let domain = domain.trim_end_matches('.');
        let labels: Vec<&str> = domain.split('.').collect();
        let valid = local_ok
            && labels.len() >= 2
            && labels.iter().all(|label| !label.is_empty())
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if valid {
            let local_start = (0..at).rev().take_while(|&i| is_email_local(chars[i])).last().unwrap_or(at);
            let local: String = chars[local_start..at].iter().collect();
            found.push(format!("{local}@{domain}").to_lowercase());
        }
    }
    found
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

/// Every postcode area in the UK: a full postcode must start with one, which keeps
/// words such as "on 3rd" or "Covid19 2nd" from looking like postcodes.
const POSTCODE_AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB", "CF", "CH", "CM",
    "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX",
    "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE",
    "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG",
    "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG",
    "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// An outward code: area, a digit, then at most one more digit or letter ("LE4", "LE19",
/// "EC1A").
fn is_outward(code: &str) -> bool {
    let upper = code.to_ascii_uppercase();
    let letters: String = upper.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = &upper[letters.len()..];
    let mut rest_chars = rest.chars();
    POSTCODE_AREAS.contains(&letters.as_str())
        && rest_chars.next().is_some_and(|c| c.is_ascii_digit())
        && rest.len() <= 2
        && rest_chars.all(|c| c.is_ascii_alphanumeric())
}

/// An inward code: a digit and two letters. Lower-case ordinals ("1st", "4th") are
/// words, not postcodes, so "LE4 1st floor" passes.
fn is_inward(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    let shape = chars.len() == 3
        && chars[0].is_ascii_digit()
        && chars[1].is_ascii_alphabetic()
        && chars[2].is_ascii_alphabetic();
    let ordinal = matches!(&code[1.min(code.len())..], "st" | "nd" | "rd" | "th");
    shape && !ordinal
}

/// Full postcodes in the text, in capitals without the space ("LE46NB").
pub(super) fn postcodes(words: &[Word<'_>]) -> Vec<String> {
    let spaced = words
        .windows(2)
        .filter(|pair| is_outward(pair[0].core) && is_inward(pair[1].core))
        .map(|pair| format!("{}{}", pair[0].core, pair[1].core));
    let joined = words
        .iter()
        .filter(|word| {
            let core = word.core;
            core.len() >= 5
                && core.is_ascii()
                && is_outward(&core[..core.len() - 3])
                && is_inward(&core[core.len() - 3..])
        })
        .map(|word| word.core.to_owned());
    spaced.chain(joined).map(|code| code.to_ascii_uppercase()).collect()
}

/// Street suffixes and their full forms: the last word of a street name.
const STREET_SUFFIXES: &[(&str, &str)] = &[
    ("road", "road"),
    ("rd", "road"),
    ("street", "street"),
    ("st", "street"),
    ("lane", "lane"),
    ("ln", "lane"),
    ("avenue", "avenue"),
    ("ave", "avenue"),
    ("close", "close"),
    ("cl", "close"),
    ("drive", "drive"),
    ("dr", "drive"),
    ("way", "way"),
    ("crescent", "crescent"),
    ("cres", "crescent"),
    ("grove", "grove"),
    ("gardens", "gardens"),
    ("gdns", "gardens"),
    ("place", "place"),
    ("pl", "place"),
    ("court", "court"),
    ("ct", "court"),
    ("terrace", "terrace"),
    ("tce", "terrace"),
    ("walk", "walk"),
    ("row", "row"),
    ("square", "square"),
    ("sq", "square"),
    ("mews", "mews"),
    ("parade", "parade"),
    ("rise", "rise"),
    ("hill", "hill"),
    ("vale", "vale"),
    ("view", "view"),
    ("gate", "gate"),
    ("boulevard", "boulevard"),
    ("croft", "croft"),
    ("meadow", "meadow"),
    ("meadows", "meadows"),
    ("wharf", "wharf"),
    ("yard", "yard"),
];

fn street_suffix(word: &Word<'_>) -> Option<&'static str> {
    STREET_SUFFIXES.iter().find(|(short, _)| *short == word.lower).map(|(_, full)| *full)
}

/// One-word streets in capitals: "Kingsway", "Fosseway", "Churchgate".
fn is_one_word_street(word: &Word<'_>) -> bool {
    word.core.starts_with(|c: char| c.is_uppercase())
        && word.lower.len() > 5
        && ["way", "gate"].iter().any(|end| word.lower.ends_with(end))
}

/// Words before a number that make it something other than a house number: "bus 48",
/// "Room 3", "Ward 31", "aged 12".
const NOT_HOUSE: &[&str] = &[
    "bus", "buses", "route", "room", "ward", "floor", "level", "platform", "stand", "junction", "exit", "page",
    "section", "class", "year", "years", "aged", "age", "over", "under", "gate", "building", "step", "stage",
];

/// A house number: 1 to 4 digits and an optional letter ("12", "3a", "8B"), not a price
/// or a time and not after a word that makes it something else.
fn is_house_number(words: &[Word<'_>], i: usize) -> bool {
    let word = &words[i];
    let digits: String = word.core.chars().take_while(char::is_ascii_digit).collect();
    let letter = &word.core[digits.len()..];
    let after_not_house =
        i >= 1 && NOT_HOUSE.contains(&words[i - 1].lower.as_str()) && words[i - 1].trailing.is_empty();
    (1..=4).contains(&digits.len())
        && digits.parse::<u32>().is_ok_and(|n| n > 0)
        && (letter.is_empty() || (letter.len() == 1 && letter.chars().all(|c| c.is_ascii_alphabetic())))
        && !word.leading.contains(['£', '$', '€', '#'])
        && matches!(word.trailing, "" | ",")
        && !after_not_house
}

/// A word of a street's name: not a function word, a unit or a number.
fn is_street_name_word(word: &Word<'_>) -> bool {
    word.core.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-')
        && !FUNCTION_WORDS.contains(&word.lower.as_str())
        && !UNITS.contains(&word.lower.as_str())
}

/// Street addresses, normalised ("12 ashby road"): a house number, one to three words
/// of a name, and a street suffix; or a number and a one-word street ("44 Kingsway").
pub(super) fn street_addresses(words: &[Word<'_>]) -> Vec<String> {
    let mut found = Vec::new();
    for i in 0..words.len() {
        if !is_house_number(words, i) || !words[i].trailing.is_empty() {
            continue;
        }
        let number = words[i].lower.as_str();
        if let Some(single) = words.get(i + 1).filter(|w| is_one_word_street(w) && w.leading.is_empty()) {
            found.push(format!("{number} {}", single.lower));
            continue;
        }
        let mut name = Vec::new();
        for word in words.iter().skip(i + 1).take(4) {
            if !word.leading.is_empty() && !name.is_empty() {
                break;
            }
            if let Some(full) = street_suffix(word).filter(|_| !name.is_empty()) {
                found.push(format!("{number} {} {full}", name.join(" ")));
                break;
            }
            if name.len() == 3 || !is_street_name_word(word) || !word.trailing.is_empty() {
                break;
            }
            name.push(word.lower.replace('’', "'"));
        }
    }
    found
}
