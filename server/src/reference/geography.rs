//! Turns what a person types in "Where?" into a point: a full postcode, a postcode
//! district ("LE4"), a place name from the gazetteer, or a latitude and longitude.

use std::{collections::HashMap, path::Path};

use anyhow::Context;
use serde::Deserialize;
use signpost_index::GeoPoint;

/// ONS code for all of Leicester, Leicestershire and Rutland (the ICB area).
pub const LLR_CODE: &str = "E54000015";
/// ONS code for England.
pub const ENGLAND_CODE: &str = "E92000001";
/// ONS code for the United Kingdom.
pub const UK_CODE: &str = "K02000001";

/// A resolved location.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPlace {
    /// How to show it back: "LE1 6ZG", "LE4", "Loughborough".
    pub label: String,
    /// Its point.
    pub point: GeoPoint,
    /// The district it lies in, when inside LLR.
    pub district_code: Option<String>,
    /// Area codes containing it, most local first (district, LLR, England, UK).
    pub regions: Vec<String>,
}

/// Why a location could not be resolved; each message is for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    /// Looks like a postcode but is not one we know.
    #[error("We could not find the postcode {0}. Check it and try again, or enter a town instead.")]
    UnknownPostcode(String),
    /// Not a postcode and not a place we know.
    #[error("We could not find a place called \"{0}\". Try a postcode or a nearby town.")]
    UnknownPlace(String),
    /// Latitude or longitude out of range.
    #[error("Latitude must be between -90 and 90 and longitude between -180 and 180.")]
    BadCoordinates,
}

#[derive(Debug, Clone)]
struct PostcodeEntry {
    point: GeoPoint,
    in_llr: bool,
    district_code: String,
}

#[derive(Debug, Clone)]
struct Place {
    name: String,
    point: GeoPoint,
    district_code: String,
}

/// A district of LLR.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    /// ONS code, e.g. E07000133.
    pub code: String,
    /// Name, e.g. Melton.
    pub name: String,
    /// A central point.
    pub point: GeoPoint,
}

/// A primary care network of LLR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pcn {
    /// ODS code, e.g. U64426.
    pub code: String,
    /// Name, e.g. BELGRAVE & SPINNEY HILL PCN.
    pub name: String,
    /// The district it mostly serves.
    pub district_code: String,
}

#[derive(Debug, Clone)]
struct Practice {
    point: GeoPoint,
    pcn_code: String,
}

/// The gazetteer.
#[derive(Debug, Default)]
pub struct Geography {
    postcodes: HashMap<String, PostcodeEntry>,
    outcodes: HashMap<String, (GeoPoint, String)>,
    places: HashMap<String, Place>,
    districts: Vec<District>,
    pcns: Vec<Pcn>,
    practices: Vec<Practice>,
}

#[derive(Deserialize)]
struct PcnCsv {
    pcn_code: String,
    pcn_name: String,
    district_code: String,
}

#[derive(Deserialize)]
struct PracticeCsv {
    lat: f64,
    lon: f64,
    pcn_code: String,
}

#[derive(Deserialize)]
struct PostcodeCsv {
    postcode: String,
    lat: f64,
    lon: f64,
    in_llr: u8,
    district_code: String,
}

#[derive(Deserialize)]
struct OutcodeCsv {
    outcode: String,
    lat: f64,
    lon: f64,
    district_code: String,
}

#[derive(Deserialize)]
struct PlaceCsv {
    name: String,
    lat: f64,
    lon: f64,
    district_code: String,
}

#[derive(Deserialize)]
struct DistrictCsv {
    code: String,
    name: String,
    lat: f64,
    lon: f64,
}

fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("could not open {}", path.display()))?;
    let mut rows = Vec::new();
    for (line, row) in reader.deserialize().enumerate() {
        rows.push(row.with_context(|| format!("bad row {} in {}", line + 2, path.display()))?);
    }
    Ok(rows)
}

/// Returns the postcode in compact upper-case form with no spaces ("LE16ZG").
fn compact_postcode(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// Returns true for a full UK postcode shape, e.g. LE16ZG, LE106AB.
fn looks_like_full_postcode(compact: &str) -> bool {
    let bytes = compact.as_bytes();
    if !(5..=7).contains(&bytes.len()) {
        return false;
    }
    let (outward, inward) = bytes.split_at(bytes.len() - 3);
    looks_like_outcode(outward)
        && inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic()
}

/// Returns true for a postcode district shape, e.g. LE4, LE10, NG13, W1A.
fn looks_like_outcode(bytes: &[u8]) -> bool {
    if !(2..=4).contains(&bytes.len()) || !bytes[0].is_ascii_alphabetic() {
        return false;
    }
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    (1..=2).contains(&letters)
        && bytes.get(letters).is_some_and(u8::is_ascii_digit)
        && bytes[letters..].iter().all(u8::is_ascii_alphanumeric)
}

/// Normalises a place name for lookup: lower case, "&" as "and", punctuation as spaces.
fn place_key(text: &str) -> String {
    let replaced = text.to_lowercase().replace('&', " and ");
    replaced.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ")
}

fn format_postcode(compact: &str) -> String {
    let (outward, inward) = compact.split_at(compact.len() - 3);
    format!("{outward} {inward}")
}

impl Geography {
    /// Loads `postcodes.csv`, `outcodes.csv`, `places.csv` and `districts.csv` from `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let mut geography = Self::default();
        for row in read_csv::<PostcodeCsv>(&dir.join("postcodes.csv"))? {
            geography.postcodes.insert(
                compact_postcode(&row.postcode),
                PostcodeEntry {
                    point: GeoPoint { lat: row.lat, lon: row.lon },
                    in_llr: row.in_llr == 1,
                    district_code: row.district_code,
                },
            );
        }
        for row in read_csv::<OutcodeCsv>(&dir.join("outcodes.csv"))? {
            geography
                .outcodes
                .insert(row.outcode.to_uppercase(), (GeoPoint { lat: row.lat, lon: row.lon }, row.district_code));
        }
        for row in read_csv::<DistrictCsv>(&dir.join("districts.csv"))? {
            geography.districts.push(District {
                code: row.code,
                name: row.name,
                point: GeoPoint { lat: row.lat, lon: row.lon },
            });
        }
        for row in read_csv::<PlaceCsv>(&dir.join("places.csv"))? {
            let place = Place {
                name: row.name,
                point: GeoPoint { lat: row.lat, lon: row.lon },
                district_code: row.district_code,
            };
            geography.places.entry(place_key(&place.name)).or_insert(place);
        }
        // PCNs and GP practices, for the helpline's areas (optional files). "U" is the
        // placeholder for practices in no PCN, so it is no area to report by.
        if std::fs::exists(dir.join("pcns.csv"))? {
            geography.pcns = read_csv::<PcnCsv>(&dir.join("pcns.csv"))?
                .into_iter()
                .filter(|row| row.pcn_code != "U")
                .map(|row| Pcn { code: row.pcn_code, name: row.pcn_name, district_code: row.district_code })
                .collect();
            geography.pcns.sort_by(|a, b| a.name.cmp(&b.name));
        }
        if std::fs::exists(dir.join("practices.csv"))? {
            geography.practices = read_csv::<PracticeCsv>(&dir.join("practices.csv"))?
                .into_iter()
                .filter(|row| geography.pcns.iter().any(|pcn| pcn.code == row.pcn_code))
                .map(|row| Practice { point: GeoPoint { lat: row.lat, lon: row.lon }, pcn_code: row.pcn_code })
                .collect();
        }
        // District names are places too ("Melton", "Harborough"), unless a town has the name.
        for district in &geography.districts {
            geography.places.entry(place_key(&district.name)).or_insert_with(|| Place {
                name: district.name.clone(),
                point: district.point,
                district_code: district.code.clone(),
            });
        }
        Ok(geography)
    }

    /// Returns the LLR districts.
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    /// Returns the LLR primary care networks, by name.
    pub fn pcns(&self) -> &[Pcn] {
        &self.pcns
    }

    /// Returns the PCN with this code.
    pub fn pcn(&self, code: &str) -> Option<&Pcn> {
        self.pcns.iter().find(|pcn| pcn.code == code)
    }

    /// Returns the district with this code.
    pub fn district(&self, code: &str) -> Option<&District> {
        self.districts.iter().find(|district| district.code == code)
    }

    /// Returns the PCN of the GP practice nearest to `point`. People usually register
    /// with a practice near home, and practices are what PCNs are made of, so the nearest
    /// practice's PCN stands in for the person's own (which is never asked for).
    pub fn nearest_pcn(&self, point: GeoPoint) -> Option<&Pcn> {
        let nearest = self
            .practices
            .iter()
            .min_by(|a, b| squared_degrees(a.point, point).total_cmp(&squared_degrees(b.point, point)))?;
        self.pcn(&nearest.pcn_code)
    }

    /// Returns the number of postcodes known.
    pub fn postcode_count(&self) -> usize {
        self.postcodes.len()
    }

    /// Returns the point of a full postcode, if known.
    pub fn postcode_point(&self, postcode: &str) -> Option<GeoPoint> {
        self.postcodes.get(&compact_postcode(postcode)).map(|entry| entry.point)
    }

    /// Returns the district of a full postcode, if known and inside LLR.
    pub fn postcode_district(&self, postcode: &str) -> Option<&str> {
        let entry = self.postcodes.get(&compact_postcode(postcode))?;
        entry.in_llr.then_some(entry.district_code.as_str())
    }

    /// Resolves free text typed as a location.
    pub fn resolve(&self, text: &str) -> Result<ResolvedPlace, LocationError> {
        let trimmed = text.trim();
        let compact = compact_postcode(trimmed);
        if looks_like_full_postcode(&compact) {
            let entry = self
                .postcodes
                .get(&compact)
                .ok_or_else(|| LocationError::UnknownPostcode(format_postcode(&compact)))?;
            let district = entry.in_llr.then(|| entry.district_code.clone());
            return Ok(self.place(format_postcode(&compact), entry.point, district));
        }
        if looks_like_outcode(compact.as_bytes()) {
            if let Some((point, district)) = self.outcodes.get(&compact) {
                return Ok(self.place(compact.clone(), *point, Some(district.clone())));
            }
            if compact.len() <= 4 && compact.chars().any(|c| c.is_ascii_digit()) {
                return Err(LocationError::UnknownPostcode(compact));
            }
        }
        let key = place_key(trimmed);
        match self.places.get(&key) {
            Some(place) => Ok(self.place(place.name.clone(), place.point, Some(place.district_code.clone()))),
            None => Err(LocationError::UnknownPlace(trimmed.to_owned())),
        }
    }

    /// Resolves a latitude and longitude; the district is that of the nearest postcode
    /// when one lies within 3 km.
    pub fn resolve_point(&self, lat: f64, lon: f64) -> Result<ResolvedPlace, LocationError> {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || !lat.is_finite() || !lon.is_finite() {
            return Err(LocationError::BadCoordinates);
        }
        let point = GeoPoint { lat, lon };
        let nearest = self
            .postcodes
            .values()
            .filter(|entry| entry.in_llr)
            .map(|entry| (squared_degrees(entry.point, point), entry))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let district = nearest
            .filter(|(_, entry)| signpost_index::distance_km(entry.point, point) <= 3.0)
            .map(|(_, entry)| entry.district_code.clone());
        Ok(self.place(format!("{lat:.5}, {lon:.5}"), point, district))
    }

    fn place(&self, label: String, point: GeoPoint, district_code: Option<String>) -> ResolvedPlace {
        let mut regions = Vec::with_capacity(4);
        if let Some(code) = &district_code {
            regions.push(code.clone());
            regions.push(LLR_CODE.to_owned());
        }
        // Everywhere we can resolve is in England, so national services apply.
        regions.push(ENGLAND_CODE.to_owned());
        regions.push(UK_CODE.to_owned());
        ResolvedPlace { label, point, district_code, regions }
    }
}

fn squared_degrees(a: GeoPoint, b: GeoPoint) -> f64 {
    let dlat = a.lat - b.lat;
    // Degrees of longitude are about 0.61 of a degree of latitude at 52°N.
    let dlon = (a.lon - b.lon) * 0.61;
    dlat * dlat + dlon * dlon
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcode_shapes_are_recognised() {
        for good in ["LE16ZG", "LE106AB", "NG131AA", "W1A1AA"] {
            assert!(looks_like_full_postcode(good), "{good}");
        }
        for bad in ["LEICESTER", "LE1", "12345", "L"] {
            assert!(!looks_like_full_postcode(bad), "{bad}");
        }
        assert!(looks_like_outcode(b"LE4"));
        assert!(looks_like_outcode(b"LE10"));
        assert!(!looks_like_outcode(b"OAKHAM"));
    }

    #[test]
    fn place_keys_ignore_case_punctuation_and_ampersands() {
        assert_eq!(place_key("  Ashby-de-la-Zouch "), "ashby de la zouch");
        assert_eq!(place_key("Oadby & Wigston"), "oadby and wigston");
    }
}
