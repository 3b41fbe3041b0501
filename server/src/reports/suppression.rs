//! Small-number suppression: a count of 1 to 7 shows as "<8" and any other count above
//! zero is rounded to the nearest 5, so no one can be singled out by a report. Every
//! number a commissioner sees (cells, totals, chart bars, map shading, rates and the CSV)
//! goes through `Suppressed`; nothing downstream ever gets the raw count.

use std::fmt;

/// Counts below this show as "<8".
pub const THRESHOLD: i64 = 8;

/// A count made safe to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Suppressed {
    /// None at all: shown as 0.
    Zero,
    /// From 1 to 7: shown as "<8".
    Small,
    /// 8 or more, rounded to the nearest 5 (halves round up: 8 → 10, 12 → 10, 13 → 15).
    Rounded(i64),
}

impl Suppressed {
    /// Suppresses a raw count (negative counts cannot happen and are treated as 0).
    pub fn new(count: i64) -> Self {
        match count {
            ..=0 => Self::Zero,
            1..THRESHOLD => Self::Small,
            _ => Self::Rounded((count + 2) / 5 * 5),
        }
    }

    /// The number safe to chart or shade by: 0 for "<8" (which is drawn as a marker, not
    /// a length), the rounded value otherwise.
    pub fn value(self) -> i64 {
        match self {
            Self::Zero | Self::Small => 0,
            Self::Rounded(value) => value,
        }
    }

    /// Whether the count was 1 to 7.
    pub fn is_small(self) -> bool {
        self == Self::Small
    }

    /// The rate per 10,000 residents from the rounded count, to one decimal place, or
    /// `None` when the count is "<8" (a rate would give the small count away) or the
    /// population is unknown.
    pub fn rate_per_10k(self, population: Option<i64>) -> Option<f64> {
        let population = population.filter(|people| *people > 0)?;
        match self {
            Self::Zero => Some(0.0),
            Self::Small => None,
            Self::Rounded(value) => Some((value as f64 * 10_000.0 / population as f64 * 10.0).round() / 10.0),
        }
    }
}

impl fmt::Display for Suppressed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Zero => f.write_str("0"),
            Self::Small => write!(f, "<{THRESHOLD}"),
            Self::Rounded(value) => write!(f, "{value}"),
        }
    }
}

/// Shows a rate, or "suppressed" when its count was "<8", or "not known".
pub fn rate_text(count: Suppressed, population: Option<i64>) -> String {
    match (count.rate_per_10k(population), count) {
        (Some(rate), _) => format!("{rate:.1}"),
        (None, Suppressed::Small) => "suppressed".to_owned(),
        (None, _) => "not known".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_follow_the_rule() {
        let shown = |count| Suppressed::new(count).to_string();
        assert_eq!(shown(0), "0");
        assert_eq!(shown(-3), "0");
        assert_eq!(shown(1), "<8");
        assert_eq!(shown(7), "<8");
        assert_eq!(shown(8), "10");
        assert_eq!(shown(10), "10");
        assert_eq!(shown(12), "10");
        assert_eq!(shown(13), "15");
        assert_eq!(shown(17), "15");
        assert_eq!(shown(18), "20");
        assert_eq!(shown(1234), "1235");
        assert_eq!(shown(1232), "1230");
    }

    #[test]
    fn every_rounded_value_is_a_multiple_of_five_within_two_and_a_half() {
        for count in THRESHOLD..500 {
            let value = Suppressed::new(count).value();
            assert_eq!(value % 5, 0, "{count}");
            assert!((value - count).abs() <= 2, "{count} -> {value}");
        }
    }

    #[test]
    fn small_counts_chart_as_zero_and_have_no_rate() {
        assert_eq!(Suppressed::new(5).value(), 0);
        assert!(Suppressed::new(5).is_small());
        assert_eq!(Suppressed::new(5).rate_per_10k(Some(1000)), None);
        assert_eq!(rate_text(Suppressed::new(5), Some(1000)), "suppressed");
        assert_eq!(rate_text(Suppressed::new(0), Some(1000)), "0.0");
        assert_eq!(rate_text(Suppressed::new(9), None), "not known");
    }

    #[test]
    fn rates_use_the_rounded_count() {
        // 12 rounds to 10: 10 per 20,000 is 5.0 per 10,000 (12 would give 6.0).
        assert_eq!(Suppressed::new(12).rate_per_10k(Some(20_000)), Some(5.0));
        assert_eq!(rate_text(Suppressed::new(13), Some(368_600)), "0.4");
    }
}
