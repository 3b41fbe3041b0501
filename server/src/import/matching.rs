//! Matching incoming records to existing ones, for imports from other directories.
//! Directories spell the same service differently ("Age UK Leicester Shire & Rutland" and
//! "Age UK Leicestershire and Rutland"), so names, postcodes, phones and websites are
//! normalised first. A match needs a (nearly) equal name, the same postcode, and the same
//! phone or website; the score and reasons are shown to the curator.

use crate::hsds::Service;

/// Words dropped from names: articles, joiners and legal-form suffixes say nothing about
/// which service it is.
const NOISE_WORDS: [&str; 11] = ["the", "and", "ltd", "limited", "cic", "cio", "plc", "llp", "inc", "charity", "co"];

/// Returns a name lowercased, "&" as "and", punctuation and noise words removed, words
/// separated by one space.
pub fn normalise_name(name: &str) -> String {
    let lowered = name.to_lowercase().replace('&', " and ").replace(['\'', '’'], "");
    let spaced: String = lowered.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().filter(|word| !NOISE_WORDS.contains(word)).collect::<Vec<_>>().join(" ")
}

/// Returns a postcode uppercased without spaces ("le1 6zg" → "LE16ZG").
pub fn normalise_postcode(postcode: &str) -> String {
    postcode.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

/// Returns a UK phone number as its digits in national form ("+44 (0)116 123" → "0116123").
pub fn normalise_phone(number: &str) -> String {
    // "+44 (0)116": the bracketed 0 is dropped when dialling from abroad.
    let number = number.replace("(0)", "");
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let trimmed = number.trim_start();
    if let Some(rest) = digits.strip_prefix("0044") {
        format!("0{rest}")
    } else if trimmed.starts_with('+') {
        digits.strip_prefix("44").map_or(digits.clone(), |rest| format!("0{rest}"))
    } else {
        digits
    }
}

/// Returns a website as host (without "www.") and path, lowercased, without scheme,
/// query or trailing slash ("https://www.Example.org/help/" → "example.org/help").
pub fn normalise_website(url: &str) -> String {
    let lowered = url.trim().to_lowercase();
    let without_scheme = lowered.split_once("://").map_or(lowered.as_str(), |(_, rest)| rest);
    let without_query = without_scheme.split(['?', '#']).next().unwrap_or_default();
    let without_www = without_query.strip_prefix("www.").unwrap_or(without_query);
    without_www.trim_end_matches('/').to_owned()
}

/// The normalised keys of a service that matching compares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchKeys {
    /// `normalise_name` of the name.
    pub name: String,
    /// Postcodes of its addresses.
    pub postcodes: Vec<String>,
    /// Its phone numbers.
    pub phones: Vec<String>,
    /// Its website and its organisation's website.
    pub websites: Vec<String>,
}

impl MatchKeys {
    /// Returns the keys of `service`.
    pub fn of(service: &Service) -> Self {
        let keep = |values: Vec<String>| {
            let mut values: Vec<String> = values.into_iter().filter(|value| !value.is_empty()).collect();
            values.sort();
            values.dedup();
            values
        };
        let postcodes = service
            .service_at_locations
            .iter()
            .flat_map(|sal| &sal.location.addresses)
            .map(|address| normalise_postcode(&address.postal_code))
            .collect();
        let phones = service.phones.iter().map(|phone| normalise_phone(&phone.number)).collect();
        let websites = service
            .url
            .iter()
            .chain(service.organization.as_ref().and_then(|org| org.website.as_ref()))
            .map(|url| normalise_website(url))
            .collect();
        Self {
            name: normalise_name(&service.name),
            postcodes: keep(postcodes),
            phones: keep(phones),
            websites: keep(websites),
        }
    }
}

/// A match of an incoming record to an existing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// 0 to 100: higher is surer.
    pub score: i64,
    /// Why, in plain words, for the curator.
    pub reasons: Vec<String>,
}

/// Returns the edit distance (insertions, deletions, substitutions) between two strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The edits tolerated between two names: about one per ten letters, at least one.
fn tolerated_edits(length: usize) -> usize {
    (length / 10).max(1)
}

fn first_shared<'a>(a: &'a [String], b: &[String]) -> Option<&'a String> {
    a.iter().find(|value| b.contains(value))
}

/// Compares incoming keys with an existing record's; `None` when they do not match.
pub fn compare(incoming: &MatchKeys, existing: &MatchKeys) -> Option<Match> {
    if incoming.name.is_empty() || existing.name.is_empty() {
        return None;
    }
    let mut reasons = Vec::new();
    let mut score = 0;
    // Spaces are ignored too: "Leicester Shire" is "Leicestershire".
    let compact = |name: &str| name.replace(' ', "");
    let (a, b) = (compact(&incoming.name), compact(&existing.name));
    let distance = edit_distance(&a, &b);
    if distance == 0 {
        score += 50;
        reasons.push("The names are the same once spelling differences are ignored".to_owned());
    } else if distance <= tolerated_edits(a.chars().count().max(b.chars().count())) {
        score += 40;
        reasons.push(format!("The names nearly match ({distance} letters differ)"));
    } else {
        return None;
    }
    let postcode = first_shared(&incoming.postcodes, &existing.postcodes)?;
    score += 20;
    reasons.push(format!("Same postcode ({postcode})"));
    let phone = first_shared(&incoming.phones, &existing.phones);
    let website = first_shared(&incoming.websites, &existing.websites);
    if phone.is_none() && website.is_none() {
        return None;
    }
    if let Some(phone) = phone {
        score += 15;
        reasons.push(format!("Same phone number ({phone})"));
    }
    if let Some(website) = website {
        score += 15;
        reasons.push(format!("Same website ({website})"));
    }
    Some(Match { score, reasons })
}

/// Returns the best match for `incoming` among `existing` (with their keys), if any:
/// the highest score, then the first.
pub fn best_match<'a, T>(incoming: &MatchKeys, existing: &'a [(T, MatchKeys)]) -> Option<(&'a T, Match)> {
    existing.iter().filter_map(|(item, keys)| compare(incoming, keys).map(|found| (item, found))).fold(
        None,
        |best: Option<(&T, Match)>, (item, found)| match best {
            Some((_, ref current)) if current.score >= found.score => best,
            _ => Some((item, found)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(name: &str, postcode: &str, phone: &str, website: &str) -> MatchKeys {
        let list = |value: &str| if value.is_empty() { vec![] } else { vec![value.to_owned()] };
        MatchKeys {
            name: normalise_name(name),
            postcodes: list(&normalise_postcode(postcode)),
            phones: list(&normalise_phone(phone)),
            websites: list(&normalise_website(website)),
        }
    }

    #[test]
    fn names_ignore_case_punctuation_articles_and_legal_forms() {
        assert_eq!(normalise_name("The Carers' Centre Ltd."), "carers centre");
        assert_eq!(normalise_name("Age UK Leicester Shire & Rutland"), "age uk leicester shire rutland");
        assert_eq!(normalise_name("AGE UK  Leicestershire and Rutland"), "age uk leicestershire rutland");
        assert_eq!(normalise_name("Men's Shed CIC"), "mens shed");
        assert_eq!(normalise_name("Food Bank (Charity)"), "food bank");
        assert_eq!(normalise_name("Debt-Advice Limited"), "debt advice");
    }

    #[test]
    fn postcodes_phones_and_websites_normalise() {
        assert_eq!(normalise_postcode(" le1 6zg "), "LE16ZG");
        assert_eq!(normalise_phone("+44 (0)116 496 0000"), "01164960000");
        assert_eq!(normalise_phone("+44 116 496 0000"), "01164960000");
        assert_eq!(normalise_phone("0044 116 496 0000"), "01164960000");
        assert_eq!(normalise_phone("0116 496-0000"), "01164960000");
        assert_eq!(normalise_website("https://www.Example.org/help/"), "example.org/help");
        assert_eq!(normalise_website("http://example.org"), "example.org");
        assert_eq!(normalise_website("example.org/?utm=x"), "example.org");
    }

    #[test]
    fn differently_spelt_names_match_with_the_same_postcode_and_phone() {
        let incoming = keys("Age UK Leicester Shire & Rutland", "LE1 6ZG", "0116 496 0000", "");
        let existing = keys("Age UK Leicestershire and Rutland", "le16zg", "+44 116 496 0000", "https://ageuk.example");
        let found = compare(&incoming, &existing).expect("the same service");
        assert_eq!(found.score, 85);
        assert!(found.reasons.iter().any(|reason| reason.contains("LE16ZG")), "{:?}", found.reasons);
        assert!(found.reasons.iter().any(|reason| reason.contains("01164960000")), "{:?}", found.reasons);
    }

    #[test]
    fn a_small_typo_matches_but_a_different_name_does_not() {
        let existing = keys("Leicester Money Advice", "LE1 6ZG", "", "https://money.example/advice");
        let typo = keys("Leicester Mony Advice", "LE1 6ZG", "", "money.example/advice/");
        let found = compare(&typo, &existing).expect("one letter differs");
        assert_eq!(found.score, 75);
        assert!(found.reasons[0].contains("1 letters differ"), "{:?}", found.reasons);
        let other = keys("Leicester Gardening Club", "LE1 6ZG", "", "money.example/advice");
        assert_eq!(compare(&other, &existing), None);
    }

    #[test]
    fn a_match_needs_the_postcode_and_a_phone_or_website() {
        let existing = keys("Carers Centre", "LE1 6ZG", "0116 496 0000", "carers.example");
        assert_eq!(compare(&keys("Carers Centre", "LE2 1AA", "0116 496 0000", "carers.example"), &existing), None);
        assert_eq!(compare(&keys("Carers Centre", "LE1 6ZG", "0116 496 0001", "other.example"), &existing), None);
        assert_eq!(compare(&keys("Carers Centre", "", "0116 496 0000", ""), &existing), None);
        let both = compare(&keys("carers centre", "LE16ZG", "01164960000", "https://carers.example/"), &existing);
        assert_eq!(both.map(|found| found.score), Some(100));
    }

    #[test]
    fn the_best_match_wins() {
        let existing = vec![
            ("near", keys("Carers Centres", "LE1 6ZG", "0116 496 0000", "")),
            ("exact", keys("Carers Centre", "LE1 6ZG", "0116 496 0000", "")),
            ("elsewhere", keys("Carers Centre", "LE2 1AA", "0116 496 0000", "")),
        ];
        let found = best_match(&keys("The Carers Centre", "LE1 6ZG", "0116 496 0000", ""), &existing);
        assert_eq!(found.map(|(name, found)| (*name, found.score)), Some(("exact", 85)));
        assert!(best_match(&keys("Allotments", "LE1 6ZG", "0116 496 0000", ""), &existing).is_none());
    }

    #[test]
    fn edit_distance_counts_letters() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
