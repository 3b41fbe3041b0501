//! Service areas given by name only ("Leicester, Leicestershire and Rutland", "Charnwood",
//! "Leicester City", "National") as the ONS area codes the index uses for coverage.

use super::geography::{ENGLAND_CODE, LLR_CODE, UK_CODE};

/// The seven districts of Leicestershire county (LLR without Leicester and Rutland).
const LEICESTERSHIRE_DISTRICTS: [&str; 7] =
    ["E07000129", "E07000130", "E07000131", "E07000132", "E07000133", "E07000134", "E07000135"];
const LEICESTER: &str = "E06000016";
const RUTLAND: &str = "E06000017";

/// Names (normalised by [`area_key`]) and the codes they stand for.
const NAMES: &[(&str, &[&str])] = &[
    ("leicester leicestershire and rutland", &[LLR_CODE]),
    ("leicestershire leicester and rutland", &[LLR_CODE]),
    ("leicester leicestershire rutland", &[LLR_CODE]),
    ("llr", &[LLR_CODE]),
    ("llr icb", &[LLR_CODE]),
    ("leicester leicestershire and rutland icb", &[LLR_CODE]),
    ("leicester city", &[LEICESTER]),
    ("city of leicester", &[LEICESTER]),
    ("leicester", &[LEICESTER]),
    ("leicestershire", &LEICESTERSHIRE_DISTRICTS),
    ("leicestershire county", &LEICESTERSHIRE_DISTRICTS),
    ("county of leicestershire", &LEICESTERSHIRE_DISTRICTS),
    ("rutland", &[RUTLAND]),
    ("rutland county", &[RUTLAND]),
    ("blaby", &["E07000129"]),
    ("charnwood", &["E07000130"]),
    ("harborough", &["E07000131"]),
    ("hinckley and bosworth", &["E07000132"]),
    ("melton", &["E07000133"]),
    ("north west leicestershire", &["E07000134"]),
    ("north west leics", &["E07000134"]),
    ("nw leicestershire", &["E07000134"]),
    ("nw leics", &["E07000134"]),
    ("oadby and wigston", &["E07000135"]),
    ("england", &[ENGLAND_CODE]),
    ("all of england", &[ENGLAND_CODE]),
    ("national", &[UK_CODE]),
    ("nationwide", &[UK_CODE]),
    ("uk", &[UK_CODE]),
    ("uk wide", &[UK_CODE]),
    ("united kingdom", &[UK_CODE]),
    ("great britain", &[UK_CODE]),
];

/// Words dropped from a name: "the", and council or district wording around a place.
const NOISE: [&str; 6] = ["the", "borough", "district", "council", "area", "only"];

/// Normalises an area name: lower case, "&" as "and", no punctuation, no filler words.
fn area_key(text: &str) -> String {
    let replaced = text.to_lowercase().replace('&', " and ").replace("'", "");
    replaced
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !NOISE.contains(word))
        .collect::<Vec<_>>()
        .join(" ")
}

fn lookup(key: &str) -> Option<&'static [&'static str]> {
    NAMES.iter().find(|(name, _)| *name == key).map(|(_, codes)| *codes)
}

/// Returns the area codes a service area's name stands for, or None when any part of
/// it is unknown. A list ("Leicester, Rutland", "Blaby and Harborough") is the union of
/// its parts.
pub fn area_codes(name: &str) -> Option<Vec<String>> {
    let key = area_key(name);
    if key.is_empty() {
        return None;
    }
    if let Some(codes) = lookup(&key) {
        return Some(codes.iter().map(|code| (*code).to_owned()).collect());
    }
    // A list: split on commas, slashes and "and" (after the whole name failed, so
    // "Oadby and Wigston" is still one district).
    let list = name.to_lowercase().replace('&', " and ");
    let mut codes: Vec<String> = Vec::new();
    for part in list.split([',', ';', '/', '+']).flat_map(|part| part.split(" and ")) {
        let part_key = area_key(part);
        if part_key.is_empty() {
            continue;
        }
        for code in lookup(&part_key)? {
            if !codes.iter().any(|known| known == code) {
                codes.push((*code).to_owned());
            }
        }
    }
    (!codes.is_empty()).then_some(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(name: &str) -> Vec<String> {
        area_codes(name).unwrap_or_default()
    }

    #[test]
    fn the_whole_trust_area_is_recognised_however_it_is_written() {
        for name in [
            "Leicester, Leicestershire and Rutland",
            "Leicester, Leicestershire & Rutland",
            "LEICESTER LEICESTERSHIRE AND RUTLAND",
            "LLR",
            "Leicestershire, Leicester and Rutland",
        ] {
            assert_eq!(codes(name), vec![LLR_CODE], "{name}");
        }
    }

    #[test]
    fn counties_cities_and_districts_are_recognised() {
        assert_eq!(codes("Leicestershire").len(), 7);
        assert!(!codes("Leicestershire").contains(&LEICESTER.to_owned()));
        for name in ["Leicester City", "City of Leicester", "leicester", "Leicester City Council"] {
            assert_eq!(codes(name), vec![LEICESTER], "{name}");
        }
        assert_eq!(codes("Rutland"), vec![RUTLAND]);
        assert_eq!(codes("Charnwood Borough"), vec!["E07000130"]);
        assert_eq!(codes("Hinckley & Bosworth"), vec!["E07000132"]);
        assert_eq!(codes("Oadby and Wigston"), vec!["E07000135"]);
        assert_eq!(codes("Leicestershire and Rutland").len(), 8);
        assert_eq!(codes("Blaby, Harborough"), vec!["E07000129", "E07000131"]);
    }

    #[test]
    fn national_names_are_recognised_and_unknown_names_are_not_guessed() {
        assert_eq!(codes("National"), vec![UK_CODE]);
        assert_eq!(codes("UK"), vec![UK_CODE]);
        assert_eq!(codes("England"), vec![ENGLAND_CODE]);
        assert_eq!(area_codes("Nottingham"), None);
        assert_eq!(area_codes("Leicester and Nottingham"), None, "one unknown part: nothing guessed");
        assert_eq!(area_codes(""), None);
    }

    #[test]
    fn every_district_of_the_gazetteer_has_its_name_here() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seed-data/geo/districts.csv");
        let text = std::fs::read_to_string(dir).expect("districts.csv is readable");
        for line in text.lines().skip(1) {
            let mut fields = line.split(',');
            let (Some(code), Some(name)) = (fields.next(), fields.next()) else { continue };
            assert_eq!(codes(name), vec![code.to_owned()], "{name}");
        }
    }
}
