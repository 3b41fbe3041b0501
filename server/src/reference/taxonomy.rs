//! The needs taxonomy: the seven need areas of "Supporting Other Needs" and their
//! sub-needs, plus audiences and delivery modes.

use std::{collections::HashMap, path::Path};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One term of the taxonomy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// Stable id (UUIDv5 of the slug).
    pub id: Uuid,
    /// URL-safe identifier, e.g. "debt".
    pub slug: String,
    /// Plain-English name.
    pub label: String,
    /// One sentence.
    #[serde(default)]
    pub description: String,
    /// Words people use for it.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Sub-needs (need areas only).
    #[serde(default)]
    pub children: Vec<Term>,
}

#[derive(Debug, Deserialize)]
struct TaxonomyFile {
    needs: Vec<Term>,
    #[serde(default)]
    audiences: Vec<Term>,
    #[serde(default)]
    delivery: Vec<Term>,
}

/// The loaded taxonomy.
#[derive(Debug)]
pub struct Taxonomy {
    /// The need areas, each with its sub-needs.
    pub needs: Vec<Term>,
    /// Audiences (the four specialties' groups).
    pub audiences: Vec<Term>,
    /// Delivery modes.
    pub delivery: Vec<Term>,
    /// Need slug -> (term, parent slug).
    by_slug: HashMap<String, (Term, Option<String>)>,
}

impl Taxonomy {
    /// Reads `taxonomy.json`.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))?;
        let file: TaxonomyFile =
            serde_json::from_str(&text).with_context(|| format!("bad taxonomy in {}", path.display()))?;
        Ok(Self::new(file.needs, file.audiences, file.delivery))
    }

    /// Builds the taxonomy from its parts.
    pub fn new(needs: Vec<Term>, audiences: Vec<Term>, delivery: Vec<Term>) -> Self {
        let mut by_slug = HashMap::new();
        for area in &needs {
            by_slug.insert(area.slug.clone(), (area.clone(), None));
            for child in &area.children {
                by_slug.insert(child.slug.clone(), (child.clone(), Some(area.slug.clone())));
            }
        }
        Self { needs, audiences, delivery, by_slug }
    }

    /// Returns the need term with this slug (area or sub-need).
    pub fn need(&self, slug: &str) -> Option<&Term> {
        self.by_slug.get(slug).map(|(term, _)| term)
    }

    /// Returns the parent area's slug of a sub-need; None for an area or unknown slug.
    pub fn parent_of(&self, slug: &str) -> Option<&str> {
        self.by_slug.get(slug).and_then(|(_, parent)| parent.as_deref())
    }

    /// Returns every need slug, areas then their sub-needs, in taxonomy order.
    pub fn need_slugs(&self) -> Vec<&str> {
        let mut slugs = Vec::new();
        for area in &self.needs {
            slugs.push(area.slug.as_str());
            slugs.extend(area.children.iter().map(|child| child.slug.as_str()));
        }
        slugs
    }

    /// Returns the audience or delivery term with this slug.
    pub fn other_term(&self, slug: &str) -> Option<&Term> {
        self.audiences.iter().chain(&self.delivery).find(|term| term.slug == slug)
    }
}
