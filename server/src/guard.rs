//! The patient-data guard: every free-text field staff type (helpline notes, unmet-need
//! descriptions, referral notes) is checked before it is saved, and refused if it looks
//! like it identifies a person. Refused text is never logged or stored.
//!
//! The detectors are hand-written scanners rather than regular expressions so that each
//! rule can carry its own exceptions (short numbers such as 111, times, years, amounts,
//! postcode districts, acronyms) and say why. They err on the side of refusing: a
//! refused note costs the member of staff a rewrite, a stored identifier cannot be
//! taken back. The corpus in `server/tests/guard_corpus/` measures both errors.

use std::collections::BTreeSet;
use std::fmt;

/// A kind of identifier the guard found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Finding {
    /// Ten digits with a valid modulus-11 check digit.
    NhsNumber,
    /// A full UK postcode (a district such as "LE4" alone is allowed).
    Postcode,
    /// A date with a birth cue ("DOB", "born on").
    BirthDate,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A name after a cue such as "Mr", "Mrs", "patient" or "client".
    Name,
}

impl Finding {
    /// What to remove, in plain words, for the error message.
    pub fn advice(self) -> &'static str {
        match self {
            Self::NhsNumber => "an NHS number",
            Self::Postcode => "a full postcode (the first half, such as LE4, is fine)",
            Self::BirthDate => "a date of birth",
            Self::Email => "an email address",
            Self::Phone => "a phone number",
            Self::Name => "a person's name",
        }
    }
}

/// Why a text was refused: what it seems to contain (never the text itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The kinds found, in a stable order, without repeats.
    pub findings: Vec<Finding>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<&str> = self.findings.iter().map(|finding| finding.advice()).collect();
        write!(
            f,
            "This looks like it contains {}. Remove it: do not record details that identify a person.",
            kinds.join(", ")
        )
    }
}

impl std::error::Error for Refusal {}

/// Checks one free-text field; `Err` says what to remove.
pub fn check(text: &str) -> Result<(), Refusal> {
    let mut found = BTreeSet::new();
    for run in digit_runs(text) {
        if is_nhs_number(&run.digits) {
            found.insert(Finding::NhsNumber);
        } else if is_phone(&run) {
            found.insert(Finding::Phone);
        }
    }
    if has_email(text) {
        found.insert(Finding::Email);
    }
    let words = words(text);
    if has_postcode(&words) {
        found.insert(Finding::Postcode);
    }
    if has_birth_date(&words) {
        found.insert(Finding::BirthDate);
    }
    if has_cued_name(&words) {
        found.insert(Finding::Name);
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(Refusal { findings: found.into_iter().collect() })
    }
}

/// A run of digits that may be written in groups ("0116 496 0123", "943-476-5919",
/// "+44 (0)7700 900123").
struct DigitRun {
    digits: String,
    international: bool,
}

/// Separators allowed between digit groups of one number. Commas and slashes are not:
/// they separate amounts ("£1,250") and dates ("3/5/24"), which are not identifiers.
fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}')
}

fn digit_runs(text: &str) -> Vec<DigitRun> {
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

/// The NHS number check: weights 10 down to 2 on the first nine digits; 11 minus the
/// remainder mod 11 is the check digit (11 means 0; 10 means no valid number).
fn is_nhs_number(digits: &str) -> bool {
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

/// UK numbers: a national number is 0 then 9 or 10 digits; an international one is 44
/// (after "+" or "00") then 9 or 10 digits, with an optional "(0)". Short numbers (111,
/// 999, 116 123), times, years and counts have far fewer digits.
fn is_phone(run: &DigitRun) -> bool {
    let digits = run.digits.as_str();
    let national = if run.international { digits.strip_prefix("44") } else { digits.strip_prefix("0044") };
    match national {
        Some(rest) => {
            let rest = rest.strip_prefix('0').unwrap_or(rest);
            (9..=10).contains(&rest.len())
        }
        None => digits.starts_with('0') && (10..=11).contains(&digits.len()),
    }
}

fn has_email(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().filter(|(_, c)| **c == '@').any(|(at, _)| {
        let local_ok = at > 0 && is_email_local(chars[at - 1]);
        let domain: String =
            chars[at + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '.' || **c == '-').collect();
        let domain = domain.trim_end_matches('.');
        let labels: Vec<&str> = domain.split('.').collect();
        local_ok
            && labels.len() >= 2
            && labels.iter().all(|label| !label.is_empty())
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
    })
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

/// One whitespace-separated word: its core without surrounding punctuation, and the
/// punctuation around it, which ends a phrase (so "patient. She" and "partner (Oadby)"
/// are not "patient She" or "partner Oadby").
struct Word<'a> {
    core: &'a str,
    lower: String,
    leading: &'a str,
    trailing: &'a str,
}

fn words(text: &str) -> Vec<Word<'_>> {
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

fn has_postcode(words: &[Word<'_>]) -> bool {
    let spaced = words.windows(2).any(|pair| is_outward(pair[0].core) && is_inward(pair[1].core));
    let joined = words.iter().any(|word| {
        let core = word.core;
        core.len() >= 5 && core.is_ascii() && is_outward(&core[..core.len() - 3]) && is_inward(&core[core.len() - 3..])
    });
    spaced || joined
}

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

/// A month name; "May" and "March" only when capitalised, since "may" and "march" are
/// also everyday words.
fn is_month(word: &Word<'_>) -> bool {
    let capitalised = word.core.starts_with(|c: char| c.is_uppercase());
    MONTHS.contains(&word.lower.as_str()) && (capitalised || !matches!(word.lower.as_str(), "may" | "march"))
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
        if is_numeric_date(word) {
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
            if words.get(end + 1).is_some_and(is_year) {
                end += 1;
            } else if end == i && words.get(i + 1).is_some_and(is_year) {
                end = i + 1;
            }
            if start != i || end != i {
                spans.push((start, end));
            }
        } else if is_year(word) {
            spans.push((i, i));
        }
    }
    spans
}

fn is_birth_cue(word: &Word<'_>) -> bool {
    let lower = word.lower.replace('.', "");
    matches!(lower.as_str(), "dob" | "born" | "bday" | "bd" | "b'day") || lower.contains("birth")
}

/// A date near a birth cue: the cue within six words before or three after. The short
/// "b." ("b. 10/9/63") counts only right before the date, since "b" alone is too common.
fn has_birth_date(words: &[Word<'_>]) -> bool {
    date_spans(words).into_iter().any(|(start, end)| {
        let from = start.saturating_sub(6);
        let to = (end + 3).min(words.len().saturating_sub(1));
        let short_cue = start >= 1 && words[start - 1].lower == "b" && words[start - 1].trailing == ".";
        short_cue || (from..=to).any(|i| (i < start || i > end) && is_birth_cue(&words[i]))
    })
}

/// Titles are strong cues: the word after one is a name even as a single initial.
const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Mx", "Master", "Dr", "MR", "MRS", "MISS", "mr", "mrs"];

/// Titles that are never ordinary words, so even a lower-case word after one is a name
/// ("Mrs ffrench", "Mr de Souza", "spoke to mrs smith"). "Dr" ("Dr appointment"), "Miss"
/// and "Master" are everyday words too and need a capitalised name after them.
const STRICT_TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Mx", "MR", "MRS", "mr", "mrs"];

/// Lower-case words that may follow a strict title without being a name ("Mr and Mrs
/// Smith" is still caught by "Mrs Smith").
const TITLE_FOLLOWERS: &[&str] =
    &["and", "or", "to", "for", "is", "was", "at", "in", "on", "of", "the", "a", "with", "from", "said", "says", "x"];

fn is_lower_name_word(core: &str) -> bool {
    core.chars().next().is_some_and(|c| c.is_lowercase())
        && core.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '’')
        && !TITLE_FOLLOWERS.contains(&core)
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

/// Capitalised words that follow cues in ordinary notes and are not names: pronouns,
/// organisations, services, benefits, days, months and places.
const NOT_NAMES: &[&str] = &[
    "I",
    "He",
    "She",
    "They",
    "We",
    "You",
    "It",
    "His",
    "Her",
    "Their",
    "The",
    "A",
    "An",
    "This",
    "That",
    "And",
    "But",
    "Or",
    "If",
    "When",
    "Who",
    "Has",
    "Had",
    "Is",
    "Was",
    "Not",
    "No",
    "Yes",
    "On",
    "In",
    "At",
    "For",
    "To",
    "With",
    "From",
    "By",
    "About",
    "Also",
    "Then",
    "So",
    "Please",
    "Advice",
    "Liaison",
    "Transport",
    "Participation",
    "Group",
    "Groups",
    "Service",
    "Services",
    "Support",
    "Record",
    "Records",
    "Access",
    "Portal",
    "Line",
    "Helpline",
    "Team",
    "Forum",
    "Voice",
    "Council",
    "Society",
    "Trust",
    "Centre",
    "Hub",
    "Network",
    "Partnership",
    "Care",
    "Carers",
    "Citizens",
    "Age",
    "Mind",
    "Samaritans",
    "Shelter",
    "StepChange",
    "Turning",
    "Point",
    "Universal",
    "Credit",
    "Pension",
    "Housing",
    "Benefit",
    "Benefits",
    "Council",
    "County",
    "City",
    "District",
    "Leicester",
    "Leicestershire",
    "Rutland",
    "Loughborough",
    "Hinckley",
    "Melton",
    "Oadby",
    "Wigston",
    "Blaby",
    "Charnwood",
    "Harborough",
    "Coalville",
    "Lutterworth",
    "Oakham",
    "Uppingham",
    "Market",
    "North",
    "South",
    "East",
    "West",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mum",
    "Dad",
    "Gran",
    "Grandad",
    "Nan",
    "Grandma",
    "English",
    "Polish",
    "Punjabi",
    "Gujarati",
    "Urdu",
    "Arabic",
    "Somali",
    "Romanian",
    "Bengali",
    "Tamil",
    "Hindi",
    "Portuguese",
    "Lithuanian",
    "Kurdish",
    "Farsi",
    "Turkish",
    "Chinese",
    "Indian",
    "Pakistani",
    "Bangladeshi",
    "African",
    "Caribbean",
    "Irish",
    "Scottish",
    "Welsh",
    "Muslim",
    "Christian",
    "Catholic",
    "Hindu",
    "Sikh",
    "Jewish",
    "Buddhist",
    "Jain",
    "British",
    "Asian",
    "Christmas",
    "Easter",
    "Ramadan",
    "Diwali",
    "Eid",
    "Foodbank",
    "Food",
    "Bank",
    "Jobcentre",
    "Plus",
    "Talking",
    "Therapies",
    "Crisis",
    "Recovery",
    "College",
    "Library",
    "Navigators",
    "Navigator",
    "Local",
    "Area",
    "Coordinator",
    "Coordinators",
    "Link",
    "Worker",
    "Workers",
    "Social",
    "Prescribing",
    "Prescriber",
    "Signpost",
    "OK",
    "Okay",
    "Dementia",
    "Alzheimer's",
    "Autism",
    "Action",
    "Direct",
    "Connect",
    "Cruse",
    "Bereavement",
    "Relate",
    "Gamcare",
    "Gamblers",
    "Anonymous",
    "Alcoholics",
    "Narcotics",
    "Smart",
    "Community",
    "Wellbeing",
    "Health",
    "Mental",
    "Adult",
    "Adults",
    "Children",
    "Family",
    "Families",
    "Young",
    "People",
    "Older",
    "Learning",
    "Disabilities",
    "Disability",
    "Assessment",
    "Review",
    "Plan",
    "Day",
    "Week",
    "Weekend",
    "Over",
    "Under",
    "Aged",
    "Today",
    "Tomorrow",
    "Yesterday",
    "Morning",
    "Afternoon",
    "Evening",
    "Guide",
    "Guides",
    "Scouts",
    "Brownies",
    "Parish",
    "Church",
    "Mosque",
    "Temple",
    "Gurdwara",
    "Park",
    "Road",
    "Street",
    "House",
];

/// Acronyms ("PIP", "ESA", "CAMHS") follow cues in notes all the time; a name in
/// capitals longer than five letters is still caught.
fn is_acronym(core: &str) -> bool {
    core.len() >= 2 && core.len() <= 5 && core.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn is_capitalised_word(core: &str) -> bool {
    let mut chars = core.chars();
    chars.next().is_some_and(|c| c.is_uppercase())
        && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '-' || c == '’')
}

/// A forename and surname: two capitalised words that are not known non-names.
fn is_name_like(word: &Word<'_>) -> bool {
    is_capitalised_word(word.core)
        && word.core.chars().count() >= 2
        && !NOT_NAMES.contains(&word.core)
        && !is_acronym(word.core)
}

fn is_full_name(words: &[Word<'_>]) -> bool {
    match words {
        [first, second, ..] => {
            first.leading.is_empty()
                && first.trailing.is_empty()
                && second.leading.is_empty()
                && is_name_like(first)
                && is_name_like(second)
        }
        _ => false,
    }
}

fn has_cued_name(words: &[Word<'_>]) -> bool {
    for (i, word) in words.iter().enumerate() {
        let Some(next) = words.get(i + 1) else { break };
        // Titles: "Mr Smith", "Mrs. J Patel".
        if TITLES.contains(&word.core) && matches!(word.trailing, "" | ".") && is_capitalised_word(next.core) {
            if !NOT_NAMES.contains(&next.core) || next.core.len() == 1 {
                return true;
            }
            continue;
        }
        if STRICT_TITLES.contains(&word.core) && matches!(word.trailing, "" | ".") && is_lower_name_word(next.core) {
            return true;
        }
        for cue in NAME_CUES {
            let end = i + cue.len();
            if end > words.len() {
                continue;
            }
            let matched = cue.iter().zip(&words[i..end]).all(|(c, w)| w.lower == *c);
            let last = &words[end - 1];
            // "name: Smith" is a cue; any other punctuation ends the phrase, except that
            // "Client: Jordan Fraser" (a colon then two name-like words) is a full name.
            if matched && last.trailing == ":" && cue != &["name"] && is_full_name(&words[end..]) {
                return true;
            }
            let joined = last.trailing.is_empty() || (cue == &["name"] && last.trailing == ":");
            let inner_joined = words[i..end - 1].iter().all(|w| w.trailing.is_empty());
            if !(matched && joined && inner_joined) {
                continue;
            }
            if cue == &["name"] && last.trailing != ":" {
                continue;
            }
            if let Some(candidate) = words.get(end) {
                if candidate.leading.is_empty()
                    && is_capitalised_word(candidate.core)
                    && candidate.core.chars().count() >= 2
                    && !NOT_NAMES.contains(&candidate.core)
                    && !is_acronym(candidate.core)
                {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<Finding> {
        check(text).err().map(|r| r.findings).unwrap_or_default()
    }

    #[test]
    fn nhs_numbers_with_valid_check_digits() {
        assert_eq!(findings("NHS 943 476 5919 on file"), vec![Finding::NhsNumber]);
        assert_eq!(findings("943-476-5919"), vec![Finding::NhsNumber]);
        assert_eq!(findings("9434765919"), vec![Finding::NhsNumber]);
        // Same digits with a wrong check digit: not an NHS number (nor a phone number).
        assert_eq!(findings("943 476 5918"), vec![]);
    }

    #[test]
    fn phones_but_not_short_numbers_times_or_years() {
        assert_eq!(findings("ring 07700 900123"), vec![Finding::Phone]);
        assert_eq!(findings("ring 0116 496 0123 after 2"), vec![Finding::Phone]);
        assert_eq!(findings("ring +44 (0)7700 900 123"), vec![Finding::Phone]);
        assert_eq!(findings("ring (0116) 4960123"), vec![Finding::Phone]);
        for clean in
            ["call 111 or 999", "open 9 to 5, 9:30-16:30", "since 2019", "owes £1,250.00", "Samaritans 116 123"]
        {
            assert_eq!(findings(clean), vec![], "{clean}");
        }
    }

    #[test]
    fn full_postcodes_but_not_districts() {
        assert_eq!(findings("lives at LE4 5AB"), vec![Finding::Postcode]);
        assert_eq!(findings("lives at le45ab"), vec![Finding::Postcode]);
        assert_eq!(findings("lives in the LE4 area, LE4 1st floor flat"), vec![]);
    }

    #[test]
    fn birth_dates_need_a_cue() {
        assert_eq!(findings("DOB 12/03/1948"), vec![Finding::BirthDate]);
        assert_eq!(findings("born on the 3rd of May 1950"), vec![Finding::BirthDate]);
        assert_eq!(findings("d.o.b. 4 June 61"), vec![Finding::BirthDate]);
        assert_eq!(findings("appointment on 3 May, review 12/06/2025"), vec![]);
    }

    #[test]
    fn emails_and_cued_names() {
        assert_eq!(findings("write to jo.bloggs@example.org."), vec![Finding::Email]);
        assert_eq!(findings("Mrs Okafor called"), vec![Finding::Name]);
        assert_eq!(findings("the patient Jordan is worried"), vec![Finding::Name]);
        assert_eq!(findings("his name is Tomasz"), vec![Finding::Name]);
        assert_eq!(findings("client called NHS 111 and Age UK; patient. She is fine"), vec![]);
        assert_eq!(findings("lost a partner (Beaumont Leys)"), vec![]);
    }

    #[test]
    fn glued_cues_short_birth_cue_and_lower_case_names() {
        assert_eq!(findings("DoB=16/3/65"), vec![Finding::BirthDate]);
        assert_eq!(findings("DOB:12/03/1948"), vec![Finding::BirthDate]);
        assert_eq!(findings("b. 10/9/63, lives alone"), vec![Finding::BirthDate]);
        assert_eq!(findings("plan b 10/9/25 review"), vec![]);
        assert_eq!(findings("Mrs ffrench rang again"), vec![Finding::Name]);
        assert_eq!(findings("spoke to mr de Souza"), vec![Finding::Name]);
        assert_eq!(findings("Master Oliver Green, CAMHS"), vec![Finding::Name]);
        assert_eq!(findings("Client: Jordan Fraser"), vec![Finding::Name]);
        for clean in
            ["Client: Lives alone, low mood", "Dr appointment at 9:30", "pt Muslim, wants mosque-based counselling"]
        {
            assert_eq!(findings(clean), vec![], "{clean}");
        }
    }

    #[test]
    fn the_message_names_what_to_remove_not_the_text() {
        let refusal = check("Mr Smith, 07700 900123").err().map(|r| r.to_string()).unwrap_or_default();
        assert!(refusal.contains("a phone number") && refusal.contains("a person's name"), "{refusal}");
        assert!(!refusal.contains("Smith"));
    }
}
