//! Reference data read from `seed-data/` at start-up: geography, the needs taxonomy
//! and search synonyms.

pub mod area_names;
pub mod geography;
pub mod taxonomy;

use std::{
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
};

use anyhow::Context;

pub use geography::{Geography, LocationError, ResolvedPlace};
pub use taxonomy::Taxonomy;

use crate::reports::geo::{GeoError, MapReference};

/// Everything loaded from the seed-data directory.
#[derive(Debug)]
pub struct ReferenceData {
    /// Postcodes, places and districts.
    pub geography: Geography,
    /// Needs, audiences and delivery modes (shared with the index keeper).
    pub taxonomy: Arc<Taxonomy>,
    /// The synonym rules' text (parsed by the index).
    pub synonyms_text: String,
    /// The seed-data directory it came from.
    pub dir: PathBuf,
    /// The commissioners' map files, read on first use and then kept.
    map: OnceLock<MapReference>,
}

impl ReferenceData {
    /// Loads every reference file under `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let geography = Geography::load(&dir.join("geo")).context("could not load geography")?;
        let taxonomy = Arc::new(Taxonomy::load(&dir.join("taxonomy.json")).context("could not load taxonomy")?);
        let synonyms_path = dir.join("synonyms.txt");
        let synonyms_text = std::fs::read_to_string(&synonyms_path)
            .with_context(|| format!("could not read {}", synonyms_path.display()))?;
        Ok(Self { geography, taxonomy, synonyms_text, dir: dir.to_owned(), map: OnceLock::new() })
    }

    /// Returns the commissioners' map files (boundaries, PCN places, populations), reading
    /// them once; a failed read is tried again next time.
    pub fn map(&self) -> Result<&MapReference, GeoError> {
        if let Some(map) = self.map.get() {
            return Ok(map);
        }
        let map = MapReference::load(&self.dir.join("geo"))?;
        Ok(self.map.get_or_init(|| map))
    }

    /// Returns the sample directory's files.
    pub fn directory_files(&self) -> anyhow::Result<Vec<PathBuf>> {
        let dir = self.dir.join("directory");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&dir).with_context(|| format!("could not read {}", dir.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|ext| ext == "json" || ext == "ndjson") {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }
}
