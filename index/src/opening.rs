//! Opening hours: which hours of the week a service is open in (indexed as filter terms)
//! and the exact open-at-minute check done on candidates.

use crate::model::{WeekMinute, WeeklyInterval, MINUTES_PER_WEEK};

/// Returns whether `now` falls in any of the intervals.
pub(crate) fn is_open(intervals: &[WeeklyInterval], now: WeekMinute) -> bool {
    intervals.iter().any(|i| i.start <= now && now < i.end)
}

/// Returns the hours of the week (0..168) that overlap at least one interval, sorted, unique.
pub(crate) fn open_hours(intervals: &[WeeklyInterval]) -> Vec<u32> {
    let mut hours: Vec<u32> = intervals
        .iter()
        .filter(|i| i.start < i.end)
        .flat_map(|i| {
            let end = i.end.min(MINUTES_PER_WEEK);
            (i.start / 60)..end.div_ceil(60)
        })
        .collect();
    hours.sort_unstable();
    hours.dedup();
    hours
}

/// Packs an interval into one fast-field value.
pub(crate) fn pack(interval: WeeklyInterval) -> u64 {
    (u64::from(interval.start) << 16) | u64::from(interval.end)
}

/// Returns whether `now` falls in a packed interval.
pub(crate) fn packed_contains(packed: u64, now: WeekMinute) -> bool {
    let start = (packed >> 16) as u32;
    let end = (packed & 0xffff) as u32;
    start <= now && now < end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(start: u32, end: u32) -> WeeklyInterval {
        WeeklyInterval { start, end }
    }

    #[test]
    fn open_hours_cover_partial_hours_at_both_ends() {
        assert_eq!(open_hours(&[iv(9 * 60 + 30, 11 * 60 + 15)]), vec![9, 10, 11]);
        assert_eq!(open_hours(&[iv(0, 60), iv(30, 90)]), vec![0, 1]);
        assert_eq!(open_hours(&[iv(10020, 10080)]), vec![167]);
    }

    #[test]
    fn packed_interval_is_half_open() {
        let p = pack(iv(540, 1020));
        assert!(packed_contains(p, 540));
        assert!(packed_contains(p, 1019));
        assert!(!packed_contains(p, 1020));
        assert!(!packed_contains(p, 539));
        assert!(is_open(&[iv(540, 1020)], 600));
    }
}
