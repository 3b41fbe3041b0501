//! The map's reference data from `seed-data/geo/`: district boundaries (GeoJSON), PCNs
//! placed at the mean location of their practices, and district populations.

use std::{collections::HashMap, path::Path};

use serde::Deserialize;

use super::map_svg::LonLat;

/// Why the map's files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// A file could not be read.
    #[error("could not read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The GeoJSON is not a FeatureCollection of Polygons and MultiPolygons.
    #[error("bad GeoJSON: {0}")]
    GeoJson(#[from] serde_json::Error),
    /// A CSV file is malformed.
    #[error("bad CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// A district boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// ONS code.
    pub code: String,
    /// Polygons of rings.
    pub polygons: Vec<Vec<Vec<LonLat>>>,
}

/// A primary care network, placed at the mean location of its practices.
#[derive(Debug, Clone, PartialEq)]
pub struct PcnPlace {
    /// PCN code.
    pub code: String,
    /// Name, as published (capitals).
    pub name: String,
    /// Its district.
    pub district_code: String,
    /// The mean of its practices' locations.
    pub at: LonLat,
}

/// Everything the map needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapReference {
    /// The 9 district boundaries (areas made of several districts are left out).
    pub boundaries: Vec<Boundary>,
    /// PCNs with at least one located practice.
    pub pcns: Vec<PcnPlace>,
    /// Residents per district code.
    pub population: HashMap<String, i64>,
    /// Where the population figures come from.
    pub population_source: String,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    code: String,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<LonLat>>),
    MultiPolygon(Vec<Vec<Vec<LonLat>>>),
}

#[derive(Deserialize)]
struct PracticeCsv {
    lat: f64,
    lon: f64,
    pcn_code: String,
}

#[derive(Deserialize)]
struct PcnCsv {
    pcn_code: String,
    pcn_name: String,
    district_code: String,
}

#[derive(Deserialize)]
struct PopulationCsv {
    code: String,
    population: i64,
}

impl MapReference {
    /// Reads the map files in `geo_dir`.
    pub fn load(geo_dir: &Path) -> Result<Self, GeoError> {
        let read = |name: &str| {
            let path = geo_dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| GeoError::Read { path: path.display().to_string(), source })
        };
        let (population, population_source) = parse_population(&read("district_population.csv")?)?;
        Ok(Self {
            boundaries: parse_boundaries(&read("districts.geojson")?)?,
            pcns: parse_pcns(&read("pcns.csv")?, &read("practices.csv")?)?,
            population,
            population_source,
        })
    }
}

/// Returns the local authority districts (features of type "LAD") of a GeoJSON text.
pub fn parse_boundaries(geojson: &str) -> Result<Vec<Boundary>, GeoError> {
    let collection: Collection = serde_json::from_str(geojson)?;
    Ok(collection
        .features
        .into_iter()
        .filter(|feature| feature.properties.kind == "LAD")
        .map(|feature| Boundary {
            code: feature.properties.code,
            polygons: match feature.geometry {
                Geometry::Polygon(rings) => vec![rings],
                Geometry::MultiPolygon(polygons) => polygons,
            },
        })
        .collect())
}

/// Returns each PCN placed at the mean of its practices' locations (PCNs with no
/// located practice are left out).
pub fn parse_pcns(pcns_csv: &str, practices_csv: &str) -> Result<Vec<PcnPlace>, GeoError> {
    let mut sums: HashMap<String, (f64, f64, u32)> = HashMap::new();
    for practice in csv::Reader::from_reader(practices_csv.as_bytes()).deserialize::<PracticeCsv>() {
        let practice = practice?;
        let sum = sums.entry(practice.pcn_code).or_default();
        *sum = (sum.0 + practice.lon, sum.1 + practice.lat, sum.2 + 1);
    }
    let mut places = Vec::new();
    for pcn in csv::Reader::from_reader(pcns_csv.as_bytes()).deserialize::<PcnCsv>() {
        let pcn = pcn?;
        if let Some((lon, lat, n)) = sums.get(&pcn.pcn_code).filter(|sum| sum.2 > 0) {
            let n = f64::from(*n);
            places.push(PcnPlace {
                at: (lon / n, lat / n),
                code: pcn.pcn_code,
                name: pcn.pcn_name,
                district_code: pcn.district_code,
            });
        }
    }
    Ok(places)
}

/// Returns the populations by district code and the source named in the file's leading
/// `#` comment lines.
pub fn parse_population(text: &str) -> Result<(HashMap<String, i64>, String), GeoError> {
    let source = text
        .lines()
        .take_while(|line| line.starts_with('#'))
        .map(|line| line.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    let data: String = text.lines().filter(|line| !line.starts_with('#')).map(|line| format!("{line}\n")).collect();
    let mut population = HashMap::new();
    for row in csv::Reader::from_reader(data.as_bytes()).deserialize::<PopulationCsv>() {
        let row = row?;
        population.insert(row.code, row.population);
    }
    Ok((population, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcns_sit_at_the_mean_of_their_practices() {
        let pcns = "pcn_code,pcn_name,district_code,practice_codes\nP1,ONE PCN,D1,A;B\nP2,EMPTY PCN,D1,\n";
        let practices = "org_code,name,postcode,lat,lon,pcn_code,district_code\n\
                         A,X,LE1,52.0,-1.0,P1,D1\nB,Y,LE2,53.0,-2.0,P1,D1\n";
        let places = parse_pcns(pcns, practices).unwrap_or_default();
        assert_eq!(places.len(), 1);
        assert_eq!(places[0].at, (-1.5, 52.5));
    }

    #[test]
    fn only_districts_are_kept_from_the_geojson() {
        let geojson = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"D1","type":"LAD"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}},
            {"type":"Feature","properties":{"code":"C","type":"County"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1]]]]}}]}"#;
        let boundaries = parse_boundaries(geojson).unwrap_or_default();
        assert_eq!(boundaries.len(), 1);
        assert_eq!(boundaries[0].polygons[0][0][2], (1.0, 1.0));
    }

    #[test]
    fn population_file_names_its_source() {
        let (population, source) =
            parse_population("# Source: ONS.\n# Approximate.\ncode,name,population\nD1,One,1000\n").unwrap_or_default();
        assert_eq!(population.get("D1"), Some(&1000));
        assert_eq!(source, "Source: ONS. Approximate.");
    }

    #[test]
    fn the_seed_data_map_files_load() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seed-data/geo");
        let map = MapReference::load(&dir).unwrap_or_default();
        assert_eq!(map.boundaries.len(), 9);
        assert_eq!(map.population.len(), 9);
        assert!(map.pcns.len() >= 25, "{}", map.pcns.len());
    }
}
