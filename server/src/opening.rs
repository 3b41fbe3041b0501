//! Opening hours: HSDS weekly schedules as week-minute intervals, and "now" in
//! Europe/London local time.

use chrono::{Datelike, NaiveTime, Timelike, Utc};
use chrono_tz::Europe::London;
use signpost_index::{WeekMinute, WeeklyInterval};

use crate::hsds::Schedule;

const MINUTES_PER_DAY: u32 = 24 * 60;
const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY;
/// 23:59, read as the end of the day when a service closes then.
const LAST_MINUTE: u32 = MINUTES_PER_DAY - 1;
const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/// Day names for display, Monday first.
pub const DAY_NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Why a schedule cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A time is not HH:MM or HH:MM:SS.
    #[error("time {0:?} is not HH:MM")]
    BadTime(String),
    /// A day is not one of MO..SU.
    #[error("day {0:?} is not one of MO, TU, WE, TH, FR, SA, SU")]
    BadDay(String),
    /// Only weekly rules are understood.
    #[error("frequency {0:?} is not WEEKLY")]
    UnsupportedFrequency(String),
}

/// Parses "HH:MM" or "HH:MM:SS" (and "24:00") into minutes after midnight.
pub fn parse_time(text: &str) -> Result<u32, ScheduleError> {
    let trimmed = text.trim();
    let trimmed = trimmed.strip_suffix('Z').unwrap_or(trimmed);
    if trimmed == "24:00" || trimmed == "24:00:00" {
        return Ok(MINUTES_PER_DAY);
    }
    let time = NaiveTime::parse_from_str(trimmed, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(trimmed, "%H:%M"))
        .map_err(|_| ScheduleError::BadTime(text.to_owned()))?;
    Ok(time.hour() * 60 + time.minute())
}

/// Returns the weekday indexes (Monday 0) a `byday` list names, e.g. "MO,TU".
pub fn parse_days(byday: &str) -> Result<Vec<u32>, ScheduleError> {
    let mut days = Vec::new();
    for part in byday.split(',').map(str::trim).filter(|part| !part.is_empty()) {
        let upper = part.to_uppercase();
        let index = DAYS.iter().position(|day| *day == upper).ok_or_else(|| ScheduleError::BadDay(part.to_owned()))?;
        days.push(u32::try_from(index).expect("BUG: seven days fit in u32"));
    }
    Ok(days)
}

/// Checks that a schedule can be read, for import validation.
pub fn validate(schedule: &Schedule) -> Result<(), ScheduleError> {
    schedule_intervals(schedule).map(|_| ())
}

/// Returns the week intervals one schedule describes; empty when it has no times.
pub fn schedule_intervals(schedule: &Schedule) -> Result<Vec<WeeklyInterval>, ScheduleError> {
    // A daily rule is a weekly one on every day.
    let daily = schedule.freq.as_deref().is_some_and(|freq| freq.eq_ignore_ascii_case("DAILY"));
    if let Some(freq) = &schedule.freq {
        if !freq.eq_ignore_ascii_case("WEEKLY") && !daily {
            return Err(ScheduleError::UnsupportedFrequency(freq.clone()));
        }
    }
    let (Some(opens), Some(closes)) = (&schedule.opens_at, &schedule.closes_at) else {
        return Ok(Vec::new());
    };
    let opens = parse_time(opens)?;
    // "23:59" (or "23:59:59") is how many feeds write "until midnight".
    let closes = match parse_time(closes)? {
        LAST_MINUTE => MINUTES_PER_DAY,
        closes => closes,
    };
    let days = match schedule.byday.as_deref().filter(|byday| !byday.trim().is_empty() && !daily) {
        Some(byday) => parse_days(byday)?,
        None => (0..7).collect(),
    };
    let mut intervals = Vec::new();
    for day in days {
        let start = day * MINUTES_PER_DAY + opens.min(MINUTES_PER_DAY);
        // Closing at or before opening runs past midnight ("20:00" to "08:00"), and
        // "00:00" to "00:00" is open all day.
        let length = if closes > opens { closes - opens } else { closes + MINUTES_PER_DAY - opens };
        push_wrapped(&mut intervals, start, start + length);
    }
    Ok(intervals)
}

/// Adds [start, end), splitting an interval that runs past Sunday midnight.
fn push_wrapped(intervals: &mut Vec<WeeklyInterval>, start: u32, end: u32) {
    if end <= MINUTES_PER_WEEK {
        intervals.push(WeeklyInterval { start, end });
    } else {
        if start < MINUTES_PER_WEEK {
            intervals.push(WeeklyInterval { start, end: MINUTES_PER_WEEK });
        }
        intervals.push(WeeklyInterval { start: start.saturating_sub(MINUTES_PER_WEEK), end: end - MINUTES_PER_WEEK });
    }
}

/// Returns the opening intervals of all schedules, or None when no schedule gives times
/// (hours unknown). Unreadable schedules are skipped: import has already reported them.
pub fn opening_intervals(schedules: &[Schedule]) -> Option<Vec<WeeklyInterval>> {
    let mut intervals: Vec<WeeklyInterval> =
        schedules.iter().filter_map(|schedule| schedule_intervals(schedule).ok()).flatten().collect();
    if intervals.is_empty() {
        return None;
    }
    intervals.sort_by_key(|interval| (interval.start, interval.end));
    Some(intervals)
}

/// Returns whether text says a service never closes ("24/7", "24 hours a day, 7 days a
/// week", "open 24 hours every day"). Only a whole-week claim counts: "24 hour
/// answerphone" or "24 hours' notice" do not.
pub fn always_open_described(text: &str) -> bool {
    const PHRASES: [&str; 14] = [
        "24/7",
        "24 / 7",
        "24:7",
        "24x7",
        "24 x 7",
        "24-7",
        "24 hours a day, 7 days a week",
        "24 hours a day 7 days a week",
        "24 hours a day, seven days a week",
        "24 hours a day, every day",
        "24 hours a day, 365 days",
        "24 hours a day 365 days",
        "24 hours every day",
        "open 24 hours, 7 days",
    ];
    let lower = text.to_lowercase();
    let flat = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    PHRASES.iter().any(|phrase| {
        flat.match_indices(phrase).any(|(at, _)| {
            let before = flat[..at].chars().next_back();
            let after = flat[at + phrase.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
        })
    })
}

/// Returns the current minute of the week in Europe/London (BST or GMT).
pub fn london_week_minute_now() -> WeekMinute {
    week_minute(Utc::now())
}

/// Returns the Europe/London minute of the week of an instant.
pub fn week_minute(instant: chrono::DateTime<Utc>) -> WeekMinute {
    let local = instant.with_timezone(&London);
    local.weekday().num_days_from_monday() * MINUTES_PER_DAY + local.hour() * 60 + local.minute()
}

/// Formats minutes after midnight for people: "9am", "5:30pm", "midnight".
pub fn format_time(minutes: u32) -> String {
    let minutes = minutes % MINUTES_PER_DAY;
    let (hour, minute) = (minutes / 60, minutes % 60);
    match (hour, minute) {
        (0, 0) => "midnight".to_owned(),
        (12, 0) => "midday".to_owned(),
        _ => {
            let suffix = if hour < 12 { "am" } else { "pm" };
            let display_hour = if hour % 12 == 0 { 12 } else { hour % 12 };
            if minute == 0 {
                format!("{display_hour}{suffix}")
            } else {
                format!("{display_hour}:{minute:02}{suffix}")
            }
        }
    }
}

/// Returns a table of opening hours per weekday for display, e.g. ("Monday", "9am to 5pm").
pub fn opening_table(schedules: &[Schedule]) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for (index, name) in DAY_NAMES.iter().enumerate() {
        let mut spans = Vec::new();
        for schedule in schedules {
            let (Some(opens), Some(closes)) = (&schedule.opens_at, &schedule.closes_at) else { continue };
            let (Ok(opens), Ok(closes)) = (parse_time(opens), parse_time(closes)) else { continue };
            let days = schedule.byday.as_deref().map_or_else(|| Ok((0..7).collect()), parse_days);
            let Ok(days) = days else { continue };
            if !days.iter().any(|day| usize::try_from(*day).ok() == Some(index)) {
                continue;
            }
            let text = if opens == closes % MINUTES_PER_DAY && (closes == MINUTES_PER_DAY || closes == opens) {
                "Open 24 hours".to_owned()
            } else {
                format!("{} to {}", format_time(opens), format_time(closes))
            };
            spans.push(text);
        }
        if !spans.is_empty() {
            rows.push(((*name).to_owned(), spans.join(", ")));
        }
    }
    rows
}

/// Returns today's hours in London for a results list: "Open today 9am to 5pm",
/// "Closed today", or None when the hours are unknown.
pub fn today_text(schedules: &[Schedule], now: chrono::DateTime<Utc>) -> Option<String> {
    opening_intervals(schedules)?;
    let today = DAY_NAMES[now.with_timezone(&London).weekday().num_days_from_monday() as usize];
    let table = opening_table(schedules);
    Some(match table.iter().find(|(day, _)| day == today) {
        Some((_, hours)) if hours == "Open 24 hours" => "Open 24 hours today".to_owned(),
        Some((_, hours)) => format!("Open today {hours}"),
        None => "Closed today".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use uuid::Uuid;

    use super::*;

    fn schedule(byday: &str, opens: &str, closes: &str) -> Schedule {
        Schedule {
            id: Uuid::nil(),
            freq: Some("WEEKLY".into()),
            byday: Some(byday.into()),
            opens_at: Some(opens.into()),
            closes_at: Some(closes.into()),
            valid_from: None,
            valid_to: None,
            description: None,
        }
    }

    #[test]
    fn weekday_office_hours_become_five_intervals() {
        let intervals = schedule_intervals(&schedule("MO,TU,WE,TH,FR", "09:00", "17:00")).expect("valid");
        assert_eq!(intervals.len(), 5);
        assert_eq!(intervals[0], WeeklyInterval { start: 540, end: 1020 });
        assert_eq!(intervals[4], WeeklyInterval { start: 4 * 1440 + 540, end: 4 * 1440 + 1020 });
    }

    #[test]
    fn overnight_on_sunday_wraps_to_monday_morning() {
        let intervals = schedule_intervals(&schedule("SU", "20:00", "08:00")).expect("valid");
        assert_eq!(
            intervals,
            vec![WeeklyInterval { start: 6 * 1440 + 1200, end: 10080 }, WeeklyInterval { start: 0, end: 480 }]
        );
    }

    #[test]
    fn midnight_to_midnight_is_open_all_day() {
        let intervals = schedule_intervals(&schedule("SA", "00:00", "24:00")).expect("valid");
        assert_eq!(intervals, vec![WeeklyInterval { start: 5 * 1440, end: 6 * 1440 }]);
    }

    #[test]
    fn open_all_day_edge_cases_cover_every_minute() {
        let whole_week = vec![WeeklyInterval { start: 0, end: MINUTES_PER_WEEK }];
        for (opens, closes) in [("00:00", "23:59"), ("00:00:00", "23:59:59"), ("00:00", "24:00"), ("00:00", "00:00")] {
            let intervals = opening_intervals(&[schedule("MO,TU,WE,TH,FR,SA,SU", opens, closes)]).expect("times");
            let merged = merge(&intervals);
            assert_eq!(merged, whole_week, "{opens} to {closes}");
        }
        let mut daily = schedule("", "00:00", "00:00");
        daily.freq = Some("DAILY".into());
        daily.byday = None;
        assert_eq!(merge(&schedule_intervals(&daily).expect("valid")), whole_week);
        // A late close at 23:59 is open at 23:59 too.
        let late = schedule_intervals(&schedule("MO", "18:00", "23:59")).expect("valid");
        assert_eq!(late, vec![WeeklyInterval { start: 1080, end: 1440 }]);
    }

    fn merge(intervals: &[WeeklyInterval]) -> Vec<WeeklyInterval> {
        let mut merged: Vec<WeeklyInterval> = Vec::new();
        for interval in intervals {
            match merged.last_mut() {
                Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
                _ => merged.push(*interval),
            }
        }
        merged
    }

    #[test]
    fn always_open_is_read_from_words_only_for_a_whole_week() {
        for text in [
            "Open 24/7 for anyone who needs to talk.",
            "We are here 24 hours a day, 7 days a week.",
            "Call us 24 hours a day, 365 days a year.",
            "Available 24 hours every day",
        ] {
            assert!(always_open_described(text), "{text}");
        }
        for text in ["24 hour answerphone", "Give us 24 hours' notice", "Open 7 days a week, 9am to 5pm", "1 in 24/70"]
        {
            assert!(!always_open_described(text), "{text}");
        }
    }

    #[test]
    fn bad_times_and_days_are_reported() {
        assert_eq!(schedule_intervals(&schedule("MO", "9am", "17:00")), Err(ScheduleError::BadTime("9am".into())));
        assert_eq!(schedule_intervals(&schedule("XX", "09:00", "17:00")), Err(ScheduleError::BadDay("XX".into())));
    }

    #[test]
    fn london_time_follows_british_summer_time() {
        // 2026-07-06 is a Monday; 08:30 UTC is 09:30 BST.
        let summer = Utc.with_ymd_and_hms(2026, 7, 6, 8, 30, 0).single().expect("valid date");
        assert_eq!(week_minute(summer), 9 * 60 + 30);
        // 2026-12-07 is a Monday; GMT equals UTC.
        let winter = Utc.with_ymd_and_hms(2026, 12, 7, 8, 30, 0).single().expect("valid date");
        assert_eq!(week_minute(winter), 8 * 60 + 30);
    }

    #[test]
    fn today_text_uses_the_london_weekday() {
        let schedules = [schedule("MO,TU", "09:00", "17:00")];
        // 2026-11-23 is a Monday.
        let monday = Utc.with_ymd_and_hms(2026, 11, 23, 23, 30, 0).single().expect("valid date");
        assert_eq!(today_text(&schedules, monday).as_deref(), Some("Open today 9am to 5pm"));
        let wednesday = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).single().expect("valid date");
        assert_eq!(today_text(&schedules, wednesday).as_deref(), Some("Closed today"));
        assert_eq!(today_text(&[], monday), None);
    }

    #[test]
    fn times_are_formatted_plainly() {
        assert_eq!(format_time(540), "9am");
        assert_eq!(format_time(17 * 60 + 30), "5:30pm");
        assert_eq!(format_time(0), "midnight");
        assert_eq!(format_time(720), "midday");
    }
}
