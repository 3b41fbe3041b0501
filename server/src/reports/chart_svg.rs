//! Bar charts drawn on the server as SVG. Bars are as long as the suppressed value; a
//! "<8" shows as its label with no bar, so a chart never reveals more than its table.
//! Each chart is labelled for screen readers and is followed on the page by a table of
//! the same values.

use std::fmt::Write as _;

use super::{suppression::Suppressed, svg::escape};

const WIDTH: f64 = 640.0;
const TEXT: &str = "#212b32";
const BAR: &str = "#005eb8";

/// One bar: its label and its (suppressed) value.
pub type Bar = (String, Suppressed);

fn open(svg: &mut String, id: &str, title: &str, height: f64) {
    let _ = write!(
        svg,
        r#"<svg id="{id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{}</title>"#,
        escape(title)
    );
}

/// Returns a horizontal bar chart: one row per bar, label on the left.
pub fn bar_chart(id: &str, title: &str, bars: &[Bar]) -> String {
    const ROW: f64 = 30.0;
    const LABEL: f64 = 250.0;
    const VALUE_SPACE: f64 = 50.0;
    let height = (bars.len().max(1) as f64) * ROW + 10.0;
    let max = bars.iter().map(|(_, value)| value.value()).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    open(&mut svg, id, title, height);
    if bars.is_empty() {
        let _ = write!(svg, r#"<text x="0" y="24" font-size="15" fill="{TEXT}">No unmet needs recorded</text>"#);
    }
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = 5.0 + i as f64 * ROW;
        let length = value.value() as f64 / max * (WIDTH - LABEL - VALUE_SPACE);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" font-size="14" text-anchor="end" fill="{TEXT}">{}</text>"#,
            LABEL - 8.0,
            y + 17.0,
            escape(&shorten(label, 32))
        );
        if length > 0.0 {
            let _ = write!(svg, r#"<rect x="{LABEL}" y="{y}" width="{length:.1}" height="22" fill="{BAR}"/>"#);
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{}" font-size="14" fill="{TEXT}">{}</text>"#,
            LABEL + length + 6.0,
            y + 17.0,
            escape(&value.to_string())
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Returns a column chart for a series in order (such as months), with a baseline and
/// the value above each column.
pub fn column_chart(id: &str, title: &str, columns: &[Bar]) -> String {
    const HEIGHT: f64 = 300.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 50.0;
    const LEFT: f64 = 10.0;
    let slot = (WIDTH - 2.0 * LEFT) / columns.len().max(1) as f64;
    let plot = HEIGHT - TOP - BOTTOM;
    let max = columns.iter().map(|(_, value)| value.value()).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    open(&mut svg, id, title, HEIGHT);
    let baseline = TOP + plot;
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{baseline}" x2="{}" y2="{baseline}" stroke="{TEXT}" stroke-width="1"/>"#,
        WIDTH - LEFT
    );
    let font = if slot < 40.0 { 10 } else { 13 };
    for (i, (label, value)) in columns.iter().enumerate() {
        let x = LEFT + i as f64 * slot;
        let height = value.value() as f64 / max * plot;
        let middle = x + slot / 2.0;
        if height > 0.0 {
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{height:.1}" fill="{BAR}"/>"#,
                x + slot * 0.15,
                baseline - height,
                slot * 0.7
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{middle:.1}" y="{:.1}" font-size="{font}" text-anchor="middle" fill="{TEXT}">{}</text>"#,
            baseline - height - 6.0,
            escape(&value.to_string())
        );
        let _ = write!(
            svg,
            r#"<text x="{middle:.1}" y="{}" font-size="{font}" text-anchor="middle" fill="{TEXT}">{}</text>"#,
            baseline + 20.0,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Shortens a label to `max` characters with an ellipsis (the table has it in full).
fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let mut short: String = label.chars().take(max - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_lengths_follow_suppressed_values_and_small_counts_get_no_bar() {
        let bars = vec![
            ("Money".to_owned(), Suppressed::new(20)),
            ("Housing".to_owned(), Suppressed::new(12)),
            ("Loneliness".to_owned(), Suppressed::new(3)),
        ];
        let svg = bar_chart("c", "Needs", &bars);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(r#"width="340.0""#), "{svg}");
        assert!(svg.contains(r#"width="170.0""#), "{svg}");
        assert!(svg.contains(">&lt;8</text>"));
        assert!(!svg.contains(">3</text>") && !svg.contains(">12</text>"));
        assert!(svg.contains(r#"aria-labelledby="c-title""#));
    }

    #[test]
    fn column_chart_draws_one_column_per_value_above_zero() {
        let columns = vec![
            ("Jan 2026".to_owned(), Suppressed::new(0)),
            ("Feb 2026".to_owned(), Suppressed::new(9)),
            ("Mar 2026".to_owned(), Suppressed::new(1)),
        ];
        let svg = column_chart("t", "By month", &columns);
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains(">Feb 2026</text>") && svg.contains(">10</text>") && svg.contains(">&lt;8</text>"));
    }

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        assert!(bar_chart("e", "None", &[]).contains("No unmet needs recorded"));
    }
}
