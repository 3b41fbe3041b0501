//! Place names in Leicester, Leicestershire and Rutland (from the seed data's
//! `geo/places.csv`): words after a cue that name a place, not a person ("partner
//! (Beaumont Leys)").

use std::{collections::HashSet, sync::LazyLock};

use super::text::Word;

static PLACES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../../seed-data/geo/places.csv")
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .map(str::to_lowercase)
        .collect()
});

/// Whether these words, joined, are a known place name.
pub(super) fn is_place(words: &[Word<'_>]) -> bool {
    let joined: Vec<&str> = words.iter().map(|word| word.lower.as_str()).collect();
    PLACES.contains(&joined.join(" "))
}
