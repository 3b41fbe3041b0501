//! Commissioners' reports on unmet needs: small-number suppression, the map and charts
//! drawn as SVG on the server, and the CSV export. Everything here is pure; the counts
//! come from `storage::reports` and the pages from `http::commissioning`.

pub mod chart_svg;
pub mod csv;
pub mod geo;
pub mod map_svg;
pub mod suppression;
mod svg;

pub use suppression::Suppressed;

/// Specialties as (stored code, words shown).
pub const SPECIALTIES: [(&str, &str); 4] = [
    ("camhs", "Children and young people (CAMHS)"),
    ("adult", "Adult"),
    ("older_people", "Older people"),
    ("learning_disabilities", "Learning disabilities"),
];

/// Support levels as (stored code, words shown), least to most.
pub const SUPPORT_LEVELS: [(&str, &str); 3] = [
    ("advice_information", "Advice and information"),
    ("needing_help", "Needing help"),
    ("needing_more_help", "Needing more help"),
];

/// Age bands as (stored code, words shown).
pub const AGE_BANDS: [(&str, &str); 6] = [
    ("under_16", "Under 16"),
    ("16_17", "16 to 17"),
    ("18_24", "18 to 24"),
    ("25_64", "25 to 64"),
    ("65_plus", "65 and over"),
    ("not_known", "Not known"),
];

/// Barriers as (stored code, words shown).
pub const BARRIERS: [(&str, &str); 7] = [
    ("cost", "Cost"),
    ("distance", "Distance or travel"),
    ("waiting_list", "Waiting list"),
    ("eligibility", "Not eligible"),
    ("language", "Language"),
    ("none_exists", "No such service exists"),
    ("no_capacity", "No capacity"),
];

/// Returns the words for `code` in `labels`, or the code itself when unknown.
pub fn label_of<'a>(labels: &[(&str, &'a str)], code: &'a str) -> &'a str {
    labels.iter().find(|(known, _)| *known == code).map_or(code, |(_, label)| label)
}

/// Returns "Jan 2026" for "2026-01" (or the text itself when it is not a month).
pub fn month_label(month: &str) -> String {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let Some((year, number)) = month.split_once('-') else { return month.to_owned() };
    match number.parse::<usize>().ok().and_then(|n| NAMES.get(n.wrapping_sub(1))) {
        Some(name) if year.len() == 4 => format!("{name} {year}"),
        _ => month.to_owned(),
    }
}

/// Returns every month from `from` to `to` inclusive ("YYYY-MM"), at most 120.
pub fn months_between(from: &str, to: &str) -> Vec<String> {
    let parse = |text: &str| -> Option<(i32, u32)> {
        let (year, month) = text.split_once('-')?;
        Some((year.parse().ok()?, month.parse().ok().filter(|m| (1..=12).contains(m))?))
    };
    let (Some((mut year, mut month)), Some(end)) = (parse(from), parse(to)) else { return Vec::new() };
    let mut months = Vec::new();
    while (year, month) <= end && months.len() < 120 {
        months.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_listed_across_a_year_end() {
        assert_eq!(months_between("2025-11", "2026-02"), ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert!(months_between("2026-02", "2025-11").is_empty());
        assert!(months_between("x", "2025-11").is_empty());
        assert_eq!(month_label("2026-01"), "Jan 2026");
        assert_eq!(month_label("2026-13"), "2026-13");
        assert_eq!(label_of(&SPECIALTIES, "adult"), "Adult");
        assert_eq!(label_of(&SPECIALTIES, "other"), "other");
    }
}
