//! The choropleth map, drawn on the server as SVG: district boundaries projected with a
//! simple equirectangular projection (longitude scaled by the cosine of the middle
//! latitude, which is accurate enough across one county), shaded in five classes, with
//! PCNs as circles. No tiles, no scripts.

use std::fmt::Write as _;

use super::svg::escape;

/// A point as (longitude, latitude) in degrees.
pub type LonLat = (f64, f64);

/// One shaded area: its rings (outer boundary first), the name and the words for its
/// `<title>`, and its class (0 to 4).
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    /// Polygons, each a list of rings of points.
    pub polygons: Vec<Vec<Vec<LonLat>>>,
    /// Such as "Melton: 15 unmet needs".
    pub title: String,
    /// Shading class, 0 (none or suppressed) to 4 (most).
    pub class: usize,
}

/// One PCN circle.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// Where it is drawn.
    pub at: LonLat,
    /// Its `<title>`.
    pub title: String,
    /// Shading class, 0 to 4.
    pub class: usize,
}

/// Fills of the five district classes, lightest (none or suppressed) to darkest.
pub const AREA_FILLS: [&str; 5] = ["#f0f4f5", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
/// Fills of the five PCN circle classes.
pub const POINT_FILLS: [&str; 5] = ["#ffffff", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];

/// Returns five class limits for `values` (safe values only: rounded counts or rates of
/// unsuppressed counts): class 0 is "none or fewer than 8", and classes 1 to 4 split
/// (0, max] into equal intervals whose width is a multiple of `unit` (5 for rounded
/// counts, 0.1 for rates), so the legend shows round numbers. Returns the upper bound
/// of classes 1 to 4.
pub fn class_bounds(values: &[f64], unit: f64) -> [f64; 4] {
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    // The small allowance keeps float noise (0.5 / 0.1 is not exactly 5) from adding a step.
    let step = ((max / 4.0 / unit - 1e-9).ceil() * unit).max(unit);
    [step, step * 2.0, step * 3.0, step * 4.0]
}

/// Returns the class of a safe value (`None` for a suppressed one): 0 for none or
/// suppressed, else 1 to 4.
pub fn class_of(value: Option<f64>, bounds: &[f64; 4]) -> usize {
    match value {
        Some(value) if value > 0.0 => bounds.iter().position(|bound| value <= *bound + 1e-9).map_or(4, |i| i + 1),
        _ => 0,
    }
}

/// Returns the legend labels of the five classes, e.g. "None or fewer than 8", "1 to 5".
pub fn class_labels(bounds: &[f64; 4], decimals: usize) -> [String; 5] {
    let number = |value: f64| format!("{value:.decimals$}");
    [
        "None, or fewer than 8".to_owned(),
        format!("Above 0 to {}", number(bounds[0])),
        format!("{} to {}", number(bounds[0]), number(bounds[1])),
        format!("{} to {}", number(bounds[1]), number(bounds[2])),
        format!("{} to {}", number(bounds[2]), number(bounds[3])),
    ]
}

/// Fits points into a `width` × `height` box with a margin, keeping the shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    west: f64,
    north: f64,
    x_scale: f64,
    scale: f64,
    margin: f64,
}

impl Projection {
    /// Returns the projection fitting every point of `areas` into the box.
    pub fn fit<'a>(points: impl Iterator<Item = &'a LonLat> + Clone, width: f64, height: f64, margin: f64) -> Self {
        let (mut west, mut east, mut south, mut north) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (lon, lat) in points {
            west = west.min(*lon);
            east = east.max(*lon);
            south = south.min(*lat);
            north = north.max(*lat);
        }
        if west > east {
            (west, east, south, north) = (0.0, 1.0, 0.0, 1.0);
        }
        let x_scale = ((south + north) / 2.0).to_radians().cos();
        let span_x = ((east - west) * x_scale).max(1e-9);
        let span_y = (north - south).max(1e-9);
        let scale = ((width - 2.0 * margin) / span_x).min((height - 2.0 * margin) / span_y);
        Self { west, north, x_scale, scale, margin }
    }

    /// Returns the SVG coordinates of a point (y grows downwards).
    pub fn project(&self, (lon, lat): LonLat) -> (f64, f64) {
        (self.margin + (lon - self.west) * self.x_scale * self.scale, self.margin + (self.north - lat) * self.scale)
    }

    /// Returns an SVG path `d` for polygons of rings, with one decimal place.
    pub fn path(&self, polygons: &[Vec<Vec<LonLat>>]) -> String {
        let mut d = String::new();
        for ring in polygons.iter().flatten() {
            for (i, point) in ring.iter().enumerate() {
                let (x, y) = self.project(*point);
                let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        d
    }
}

/// Width and height of the map's drawing box.
const MAP_WIDTH: f64 = 640.0;
const MAP_HEIGHT: f64 = 560.0;
const LEGEND_WIDTH: f64 = 240.0;

/// Returns the map as an SVG element with id `id`, labelled by its title and a
/// description, with a `<title>` on every area and circle and a legend for each kind.
pub fn render_map(
    id: &str,
    title: &str,
    areas: &[MapArea],
    area_legend: &[String; 5],
    points: &[MapPoint],
    point_legend: &[String; 5],
) -> String {
    let projection = Projection::fit(
        areas.iter().flat_map(|area| area.polygons.iter().flatten().flatten()),
        MAP_WIDTH,
        MAP_HEIGHT,
        12.0,
    );
    let total_width = MAP_WIDTH + LEGEND_WIDTH;
    let mut svg = format!(
        r#"<svg id="{id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_width} {MAP_HEIGHT}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">Districts are shaded in five classes; circles are primary care networks. The table after the map gives every value.</desc>"#,
        escape(title)
    );
    for area in areas {
        let _ = write!(
            svg,
            r##"<path d="{}" fill="{}" stroke="#212b32" stroke-width="1" stroke-linejoin="round"><title>{}</title></path>"##,
            projection.path(&area.polygons),
            AREA_FILLS[area.class.min(4)],
            escape(&area.title)
        );
    }
    for point in points {
        let (x, y) = projection.project(point.at);
        let _ = write!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="7" fill="{}" stroke="#212b32" stroke-width="1.5"><title>{}</title></circle>"##,
            POINT_FILLS[point.class.min(4)],
            escape(&point.title)
        );
    }
    legend(&mut svg, MAP_WIDTH, 20.0, "Districts", &AREA_FILLS, area_legend, false);
    if !points.is_empty() {
        legend(&mut svg, MAP_WIDTH, 210.0, "Primary care networks", &POINT_FILLS, point_legend, true);
    }
    svg.push_str("</svg>");
    svg
}

fn legend(svg: &mut String, x: f64, y: f64, heading: &str, fills: &[&str; 5], labels: &[String; 5], circles: bool) {
    let _ = write!(
        svg,
        r##"<text x="{x}" y="{y}" font-size="15" font-weight="bold" fill="#212b32">{}</text>"##,
        escape(heading)
    );
    for (i, (fill, label)) in fills.iter().zip(labels).enumerate() {
        let row = y + 14.0 + i as f64 * 28.0;
        if circles {
            let _ = write!(
                svg,
                r##"<circle cx="{}" cy="{}" r="8" fill="{fill}" stroke="#212b32" stroke-width="1.5"/>"##,
                x + 10.0,
                row + 10.0
            );
        } else {
            let _ = write!(
                svg,
                r##"<rect x="{x}" y="{row}" width="20" height="20" fill="{fill}" stroke="#212b32" stroke-width="1"/>"##
            );
        }
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="14" fill="#212b32">{}</text>"##,
            x + 28.0,
            row + 15.0,
            escape(label)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_split_the_range_and_keep_zero_and_suppressed_apart() {
        let bounds = class_bounds(&[0.0, 10.0, 40.0], 5.0);
        assert_eq!(bounds, [10.0, 20.0, 30.0, 40.0]);
        assert_eq!(class_of(None, &bounds), 0);
        assert_eq!(class_of(Some(0.0), &bounds), 0);
        assert_eq!(class_of(Some(10.0), &bounds), 1);
        assert_eq!(class_of(Some(15.0), &bounds), 2);
        assert_eq!(class_of(Some(40.0), &bounds), 4);
        assert_eq!(class_labels(&bounds, 0)[2], "10 to 20");
        assert_eq!(class_of(Some(5.0), &class_bounds(&[], 5.0)), 1);
        assert_eq!(class_bounds(&[30.0], 5.0), [10.0, 20.0, 30.0, 40.0]);
        assert_eq!(class_bounds(&[0.8, 2.0], 0.1).map(|b| (b * 10.0).round()), [5.0, 10.0, 15.0, 20.0]);
    }

    #[test]
    fn projection_keeps_north_up_and_fits_the_box() {
        let square = vec![vec![vec![(-1.0, 52.0), (-0.5, 52.0), (-0.5, 52.5), (-1.0, 52.5)]]];
        let projection = Projection::fit(square.iter().flatten().flatten(), 100.0, 100.0, 0.0);
        let (west_x, north_y) = projection.project((-1.0, 52.5));
        let (east_x, south_y) = projection.project((-0.5, 52.0));
        assert_eq!((west_x, north_y), (0.0, 0.0));
        assert!((south_y - 100.0).abs() < 1e-6, "{south_y}");
        // Half a degree of longitude is shorter than half a degree of latitude at 52°N.
        assert!((east_x - 100.0 * 52.25_f64.to_radians().cos()).abs() < 1e-6, "{east_x}");
        assert!(projection.path(&square).starts_with("M0.0 100.0L"), "{}", projection.path(&square));
    }

    #[test]
    fn map_has_a_titled_path_per_area_escaped_and_a_legend() {
        let area = MapArea {
            polygons: vec![vec![vec![(-1.0, 52.0), (-0.5, 52.0), (-0.5, 52.5)]]],
            title: "A & B: <8 unmet needs".into(),
            class: 0,
        };
        let point = MapPoint { at: (-0.8, 52.2), title: "PCN: 10".into(), class: 2 };
        let labels = class_labels(&[1.0, 2.0, 3.0, 4.0], 0);
        let svg = render_map("map", "Unmet needs", &[area], &labels, &[point], &labels);
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title>A &amp; B: &lt;8 unmet needs</title></path>"));
        assert!(svg.contains(r##"fill="#fd8d3c""##));
        assert!(svg.contains("None, or fewer than 8"));
        assert_eq!(svg.matches("<path").count(), 1);
    }
}
