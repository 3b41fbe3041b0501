//! Great-circle distance and the grid cells used to pre-filter location queries.
//!
//! Each location is indexed as one cell term per level (cells of roughly 1, 4, 14 and
//! 56 km on a side at UK latitudes) plus a marker term. A query covers the bounding box
//! of its circle with cells of one level, then checks exact distance on the candidates.

use crate::model::GeoPoint;

/// Mean Earth radius in km (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Number of cell levels; level `k` cells are `4^k` times the level-0 size on each side.
pub(crate) const LEVELS: u32 = 4;
/// Level-0 cell height in degrees of latitude (about 0.87 km).
const BASE_LAT_STEP: f64 = 1.0 / 128.0;
/// Level-0 cell width in degrees of longitude (about 1.06 km at 52.6°N).
const BASE_LON_STEP: f64 = 1.0 / 64.0;
/// Level value of the marker term carried by every document that has a location.
const ANY_LOCATION_LEVEL: u64 = 15;

/// Returns the great-circle distance in km between two points (haversine).
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Fixed-point scale of packed coordinates (1e-7 degrees, about 1 cm).
const PACK_SCALE: f64 = 1e7;

/// Packs a point into one u64 (latitude high, longitude low, 1e-7 degree fixed point).
pub(crate) fn pack(p: GeoPoint) -> u64 {
    let lat = ((p.lat.clamp(-90.0, 90.0) + 90.0) * PACK_SCALE).round() as u64;
    let lon = ((p.lon.clamp(-180.0, 180.0) + 180.0) * PACK_SCALE).round() as u64;
    (lat << 32) | lon
}

/// Unpacks a point packed by [`pack`].
pub(crate) fn unpack(v: u64) -> GeoPoint {
    GeoPoint { lat: (v >> 32) as f64 / PACK_SCALE - 90.0, lon: (v & 0xffff_ffff) as f64 / PACK_SCALE - 180.0 }
}

/// Decides "within the radius?" for many points around one centre, with a flat-earth
/// approximation that needs no trigonometry and an exact haversine only near the edge.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Probe {
    centre: GeoPoint,
    radius_km: f64,
    /// km per degree of longitude at the centre; `None` = always use haversine.
    km_per_lon_degree: Option<f64>,
}

/// km per degree of latitude on the mean sphere.
const KM_PER_LAT_DEGREE: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
/// Relative error bound of the flat approximation within [`PROBE_MAX_KM`] below 70° latitude.
const PROBE_SLACK: f64 = 1.05;
/// Beyond this radius the approximation is not used.
const PROBE_MAX_KM: f64 = 200.0;

impl Probe {
    pub(crate) fn new(centre: GeoPoint, radius_km: f64) -> Probe {
        let usable = radius_km <= PROBE_MAX_KM && centre.lat.abs() < 70.0;
        let km_per_lon_degree = usable.then(|| KM_PER_LAT_DEGREE * centre.lat.to_radians().cos());
        Probe { centre, radius_km, km_per_lon_degree }
    }

    /// Returns the flat-earth distance, within a factor [`PROBE_SLACK`] of the true one,
    /// or `None` when the approximation is not valid here.
    pub(crate) fn approx_km(&self, p: GeoPoint) -> Option<f64> {
        let per_lon = self.km_per_lon_degree?;
        let dy = (p.lat - self.centre.lat) * KM_PER_LAT_DEGREE;
        let mut dlon = (p.lon - self.centre.lon).abs();
        if dlon > 180.0 {
            dlon = 360.0 - dlon;
        }
        let dx = dlon * per_lon;
        let approx = (dx * dx + dy * dy).sqrt();
        // Far from the centre the flat approximation degrades; let haversine decide.
        (approx <= PROBE_MAX_KM).then_some(approx)
    }

    /// Returns the exact distance.
    pub(crate) fn exact_km(&self, p: GeoPoint) -> f64 {
        distance_km(self.centre, p)
    }

    /// Returns whether `p` is within the radius (exactly), computing haversine only when
    /// the approximation is too close to call.
    pub(crate) fn within(&self, p: GeoPoint) -> bool {
        match self.approx_km(p) {
            Some(a) if a * PROBE_SLACK <= self.radius_km => true,
            Some(a) if a / PROBE_SLACK > self.radius_km => false,
            _ => self.exact_km(p) <= self.radius_km,
        }
    }

    /// Returns whether the exact distance of `p` is certainly above `km`.
    pub(crate) fn certainly_beyond(&self, p: GeoPoint, km: f64) -> bool {
        self.approx_km(p).is_some_and(|a| a / PROBE_SLACK > km)
    }

    /// Returns whether the exact distance of `p` is certainly at most `km`.
    pub(crate) fn certainly_within(&self, p: GeoPoint, km: f64) -> bool {
        self.approx_km(p).is_some_and(|a| a * PROBE_SLACK <= km)
    }
}

fn steps(level: u32) -> (f64, f64) {
    let scale = f64::from(4u32.pow(level));
    (BASE_LAT_STEP * scale, BASE_LON_STEP * scale)
}

fn cols(level: u32) -> i64 {
    (360.0 / steps(level).1).ceil() as i64
}

fn encode(level: u32, iy: i64, ix: i64) -> u64 {
    let n = cols(level);
    let ix = ix.rem_euclid(n) as u64;
    let iy = iy.max(0) as u64;
    (u64::from(level) << 48) | (iy << 24) | ix
}

/// Returns the marker term value carried by every document with at least one location.
pub(crate) fn any_location_cell() -> u64 {
    ANY_LOCATION_LEVEL << 48
}

/// Returns the cell term values (one per level) for a point.
pub(crate) fn cells_of(point: GeoPoint) -> impl Iterator<Item = u64> {
    (0..LEVELS).map(move |level| {
        let (lat_step, lon_step) = steps(level);
        let iy = ((point.lat + 90.0) / lat_step).floor() as i64;
        let ix = ((point.lon + 180.0) / lon_step).floor() as i64;
        encode(level, iy, ix)
    })
}

/// A latitude/longitude box, longitudes possibly beyond ±180 (cells wrap).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BoundingBox {
    lat_min: f64,
    lat_max: f64,
    lon_min: f64,
    lon_max: f64,
}

impl BoundingBox {
    /// Returns the smallest box containing every point within `radius_km` of `centre`.
    pub(crate) fn around(centre: GeoPoint, radius_km: f64) -> BoundingBox {
        let angular = radius_km.max(0.0) / EARTH_RADIUS_KM;
        let dlat = angular.to_degrees();
        let lat_min = centre.lat - dlat;
        let lat_max = centre.lat + dlat;
        if lat_min <= -90.0 || lat_max >= 90.0 || angular >= std::f64::consts::FRAC_PI_2 {
            return BoundingBox {
                lat_min: lat_min.max(-90.0),
                lat_max: lat_max.min(90.0),
                lon_min: -180.0,
                lon_max: 180.0,
            };
        }
        let ratio = angular.sin() / centre.lat.to_radians().cos();
        let dlon = if ratio >= 1.0 { 180.0 } else { ratio.asin().to_degrees() };
        BoundingBox { lat_min, lat_max, lon_min: centre.lon - dlon, lon_max: centre.lon + dlon }
    }

    fn index_ranges(&self, level: u32) -> (i64, i64, i64, i64) {
        let (lat_step, lon_step) = steps(level);
        let iy0 = ((self.lat_min + 90.0) / lat_step).floor() as i64;
        let iy1 = ((self.lat_max + 90.0) / lat_step).floor() as i64;
        let mut ix0 = ((self.lon_min + 180.0) / lon_step).floor() as i64;
        let mut ix1 = ((self.lon_max + 180.0) / lon_step).floor() as i64;
        if ix1 - ix0 + 1 >= cols(level) {
            ix0 = 0;
            ix1 = cols(level) - 1;
        }
        (iy0, iy1, ix0, ix1)
    }

    /// Returns how many cells of `level` cover the box.
    pub(crate) fn cell_count(&self, level: u32) -> u64 {
        let (iy0, iy1, ix0, ix1) = self.index_ranges(level);
        ((iy1 - iy0 + 1) * (ix1 - ix0 + 1)) as u64
    }

    /// Returns the cells of `level` covering the box.
    pub(crate) fn cells(&self, level: u32) -> Vec<u64> {
        let (iy0, iy1, ix0, ix1) = self.index_ranges(level);
        let mut out = Vec::with_capacity(self.cell_count(level) as usize);
        for iy in iy0..=iy1 {
            for ix in ix0..=ix1 {
                out.push(encode(level, iy, ix));
            }
        }
        out
    }
}

/// How a location query pre-filters: by explicit cells, or any document with a location.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cover {
    /// These cell terms.
    Cells(Vec<u64>),
    /// The box is too big for cells to help: every located document is a candidate.
    AnyLocation,
}

/// Returns the cover of `bbox` using the finest level that needs at most `max_cells` cells.
pub(crate) fn cover(bbox: &BoundingBox, max_cells: u64) -> Cover {
    (0..LEVELS)
        .find(|&level| bbox.cell_count(level) <= max_cells)
        .map_or(Cover::AnyLocation, |level| Cover::Cells(bbox.cells(level)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEICESTER: GeoPoint = GeoPoint { lat: 52.6369, lon: -1.1398 };
    const LOUGHBOROUGH: GeoPoint = GeoPoint { lat: 52.7721, lon: -1.2062 };

    #[test]
    fn distance_between_leicester_and_loughborough_is_about_fifteen_km() {
        let d = distance_km(LEICESTER, LOUGHBOROUGH);
        assert!((d - 15.76).abs() < 0.2, "got {d}");
        assert_eq!(distance_km(LEICESTER, LEICESTER), 0.0);
    }

    #[test]
    fn bounding_box_cover_contains_the_cells_of_every_point_in_the_circle() {
        let bbox = BoundingBox::around(LEICESTER, 5.0);
        for level in 0..LEVELS {
            let cells = bbox.cells(level);
            for step in 0..72 {
                let bearing = f64::from(step * 5).to_radians();
                // Points just inside the circle, along many bearings.
                let dlat = (4.99 / EARTH_RADIUS_KM).to_degrees() * bearing.cos();
                let dlon = (4.99 / EARTH_RADIUS_KM).to_degrees() * bearing.sin() / LEICESTER.lat.to_radians().cos();
                let p = GeoPoint { lat: LEICESTER.lat + dlat, lon: LEICESTER.lon + dlon };
                assert!(distance_km(LEICESTER, p) <= 5.0);
                let cell = cells_of(p).nth(level as usize).expect("one cell per level");
                assert!(cells.contains(&cell), "level {level} bearing {step}");
            }
        }
    }

    #[test]
    fn probe_agrees_with_haversine_everywhere_around_the_edge() {
        for radius in [0.5, 5.0, 30.0, 150.0] {
            let probe = Probe::new(LEICESTER, radius);
            for step in 0..360 {
                for scale in [0.9, 0.97, 0.999, 1.0, 1.001, 1.03, 1.1, 3.0] {
                    let bearing = f64::from(step).to_radians();
                    let r = radius * scale / EARTH_RADIUS_KM;
                    let p = GeoPoint {
                        lat: LEICESTER.lat + r.to_degrees() * bearing.cos(),
                        lon: LEICESTER.lon + r.to_degrees() * bearing.sin() / LEICESTER.lat.to_radians().cos(),
                    };
                    let exact = distance_km(LEICESTER, p);
                    assert_eq!(probe.within(p), exact <= radius, "radius {radius} bearing {step} scale {scale}");
                    if let Some(a) = probe.approx_km(p) {
                        assert!(a / PROBE_SLACK <= exact && exact <= a * PROBE_SLACK, "{a} vs {exact}");
                    }
                }
            }
        }
    }

    #[test]
    fn packed_points_round_trip_to_a_centimetre() {
        for p in [LEICESTER, LOUGHBOROUGH, GeoPoint { lat: -89.9, lon: 179.99 }] {
            assert!(distance_km(p, unpack(pack(p))) < 0.00002);
        }
    }

    #[test]
    fn cover_picks_a_coarser_level_for_a_larger_radius() {
        let small = cover(&BoundingBox::around(LEICESTER, 1.0), 64);
        let large = cover(&BoundingBox::around(LEICESTER, 60.0), 64);
        let (Cover::Cells(small), Cover::Cells(large)) = (small, large) else {
            panic!("expected cells");
        };
        assert_eq!(small[0] >> 48, 0);
        assert!(large[0] >> 48 >= 2);
        assert_eq!(cover(&BoundingBox::around(LEICESTER, 5000.0), 64), Cover::AnyLocation);
    }
}
