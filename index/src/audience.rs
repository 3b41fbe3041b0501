//! Who a service is for (the trust's specialties and carers): the filter terms, and the
//! audience words people type ("carer", "my mum who has dementia", "autistic adults")
//! detected on the query side so that services for those people rank higher.

use std::fmt;

/// A group of people a service is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Children, teenagers and young adults up to 25.
    ChildrenYoungPeople,
    /// Adults aged 18 and over.
    Adults,
    /// Older people, usually 55 or 65 and over.
    OlderPeople,
    /// People with a learning disability (and autistic people) and their families.
    LearningDisability,
    /// People who look after a family member or friend.
    Carers,
}

impl Audience {
    /// Every audience, in the order forms show them.
    pub const ALL: [Audience; 5] = [
        Audience::ChildrenYoungPeople,
        Audience::Adults,
        Audience::OlderPeople,
        Audience::LearningDisability,
        Audience::Carers,
    ];

    /// Returns the stable slug used by the API and the filter terms.
    pub fn slug(self) -> &'static str {
        match self {
            Audience::ChildrenYoungPeople => "children_young_people",
            Audience::Adults => "adults",
            Audience::OlderPeople => "older_people",
            Audience::LearningDisability => "learning_disability",
            Audience::Carers => "carers",
        }
    }

    /// Returns the plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Audience::ChildrenYoungPeople => "Children and young people",
            Audience::Adults => "Adults",
            Audience::OlderPeople => "Older people",
            Audience::LearningDisability => "People with a learning disability",
            Audience::Carers => "Carers",
        }
    }

    /// Parses a slug, also accepting the taxonomy's hyphenated codes
    /// (`children-and-young-people`, `learning-disabilities`), in any case.
    pub fn from_slug(text: &str) -> Option<Self> {
        let key = text.trim().to_lowercase().replace(['-', ' '], "_");
        match key.as_str() {
            "children_young_people" | "children_and_young_people" | "children" | "young_people" => {
                Some(Audience::ChildrenYoungPeople)
            }
            "adults" | "adult" => Some(Audience::Adults),
            "older_people" | "older_adults" => Some(Audience::OlderPeople),
            "learning_disability" | "learning_disabilities" => Some(Audience::LearningDisability),
            "carers" | "carer" => Some(Audience::Carers),
            _ => None,
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// Returns the filter term of an audience.
pub(crate) fn audience_term(audience: Audience) -> String {
    format!("a:{}", audience.slug())
}

/// A set of audiences as bits, for the per-candidate ranking factor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AudienceSet(u8);

impl AudienceSet {
    pub(crate) fn of(audiences: &[Audience]) -> Self {
        Self(audiences.iter().fold(0, |bits, a| bits | a.bit()))
    }

    pub(crate) fn insert(&mut self, audience: Audience) {
        self.0 |= audience.bit();
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn intersects(self, other: AudienceSet) -> bool {
        self.0 & other.0 != 0
    }
}

/// Factor for a service the query's audience words are about.
const AUDIENCE_MATCH_FACTOR: f64 = 1.6;
/// Factor for a service that says it is for other people only.
const AUDIENCE_MISMATCH_FACTOR: f64 = 0.55;

/// Returns the ranking factor of a service with audiences `doc` for a query asking for
/// `wanted`: higher when they meet, lower when the service is only for other people, and
/// 1 when either says nothing. Adult services suit carers and adults with a learning
/// disability, so they are never lowered for those.
pub(crate) fn audience_factor(doc: AudienceSet, wanted: AudienceSet) -> f64 {
    if wanted.is_empty() || doc.is_empty() {
        return 1.0;
    }
    if doc.intersects(wanted) {
        return AUDIENCE_MATCH_FACTOR;
    }
    let adult_compatible = AudienceSet::of(&[Audience::Carers, Audience::LearningDisability, Audience::OlderPeople]);
    if doc.intersects(AudienceSet::of(&[Audience::Adults])) && wanted.intersects(adult_compatible) {
        return 1.0;
    }
    AUDIENCE_MISMATCH_FACTOR
}

/// Phrases (lowercase words) that say who the help is for.
const PHRASES: &[(&str, Audience)] = &[
    ("carer", Audience::Carers),
    ("carers", Audience::Carers),
    ("caring for", Audience::Carers),
    ("care for my", Audience::Carers),
    ("look after my", Audience::Carers),
    ("looking after my", Audience::Carers),
    ("looks after my", Audience::Carers),
    ("unpaid care", Audience::Carers),
    ("respite", Audience::Carers),
    ("child", Audience::ChildrenYoungPeople),
    ("children", Audience::ChildrenYoungPeople),
    ("kid", Audience::ChildrenYoungPeople),
    ("kids", Audience::ChildrenYoungPeople),
    ("teen", Audience::ChildrenYoungPeople),
    ("teens", Audience::ChildrenYoungPeople),
    ("teenager", Audience::ChildrenYoungPeople),
    ("teenagers", Audience::ChildrenYoungPeople),
    ("teenage", Audience::ChildrenYoungPeople),
    ("young people", Audience::ChildrenYoungPeople),
    ("young person", Audience::ChildrenYoungPeople),
    ("youth", Audience::ChildrenYoungPeople),
    ("adolescent", Audience::ChildrenYoungPeople),
    ("adolescents", Audience::ChildrenYoungPeople),
    ("camhs", Audience::ChildrenYoungPeople),
    ("under 18", Audience::ChildrenYoungPeople),
    ("under 18s", Audience::ChildrenYoungPeople),
    ("school", Audience::ChildrenYoungPeople),
    ("adult", Audience::Adults),
    ("adults", Audience::Adults),
    ("grown up", Audience::Adults),
    ("grown ups", Audience::Adults),
    ("older", Audience::OlderPeople),
    ("old age", Audience::OlderPeople),
    ("elderly", Audience::OlderPeople),
    ("pensioner", Audience::OlderPeople),
    ("pensioners", Audience::OlderPeople),
    ("senior", Audience::OlderPeople),
    ("seniors", Audience::OlderPeople),
    ("later life", Audience::OlderPeople),
    ("retired", Audience::OlderPeople),
    ("over 60s", Audience::OlderPeople),
    ("over 65s", Audience::OlderPeople),
    ("over 50s", Audience::OlderPeople),
    ("over 55s", Audience::OlderPeople),
    ("dementia", Audience::OlderPeople),
    ("alzheimer", Audience::OlderPeople),
    ("alzheimers", Audience::OlderPeople),
    ("gran", Audience::OlderPeople),
    ("granny", Audience::OlderPeople),
    ("grandad", Audience::OlderPeople),
    ("grandmother", Audience::OlderPeople),
    ("grandfather", Audience::OlderPeople),
    ("grandparent", Audience::OlderPeople),
    ("grandparents", Audience::OlderPeople),
    ("learning disability", Audience::LearningDisability),
    ("learning disabilities", Audience::LearningDisability),
    ("learning disabled", Audience::LearningDisability),
    ("learning difficulty", Audience::LearningDisability),
    ("learning difficulties", Audience::LearningDisability),
    ("autism", Audience::LearningDisability),
    ("autistic", Audience::LearningDisability),
    ("asd", Audience::LearningDisability),
    ("asperger", Audience::LearningDisability),
    ("aspergers", Audience::LearningDisability),
    ("down syndrome", Audience::LearningDisability),
    ("downs syndrome", Audience::LearningDisability),
    ("down s syndrome", Audience::LearningDisability),
    ("special needs", Audience::LearningDisability),
    ("easy read", Audience::LearningDisability),
];

/// People someone may be asking for ("my mum who has dementia").
const RELATIVES: &[&str] = &[
    "mum", "mother", "dad", "father", "husband", "wife", "partner", "son", "daughter", "brother", "sister", "nan",
    "gran", "grandad", "grandma", "grandpa", "parent", "parents", "child", "friend",
];

/// Words that, asked about a relative, make the person asking a carer.
const CARE_CONDITIONS: &[&str] = &[
    "dementia",
    "alzheimer",
    "alzheimers",
    "disability",
    "disabled",
    "autism",
    "autistic",
    "stroke",
    "frail",
    "ill",
    "illness",
    "cancer",
    "parkinsons",
    "caring",
];

/// Returns whether `word` (lower case) names an audience on its own ("carer", "teenager").
/// Such a word ranks services through the audience factor, not as a word to match.
pub(crate) fn is_audience_word(word: &str) -> bool {
    PHRASES.iter().any(|(phrase, _)| *phrase == word)
}

/// Returns the audiences the words of a query speak of, in [`Audience::ALL`] order.
pub fn detect(text: &str) -> Vec<Audience> {
    let lower = text.to_lowercase().replace('\'', "");
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut found = AudienceSet::default();
    for (phrase, audience) in PHRASES {
        let parts: Vec<&str> = phrase.split(' ').collect();
        if words.windows(parts.len()).any(|window| window == parts.as_slice()) {
            found.insert(*audience);
        }
    }
    let about_relative = words.windows(2).any(|pair| pair[0] == "my" && RELATIVES.contains(&pair[1]));
    if about_relative && words.iter().any(|w| CARE_CONDITIONS.contains(w)) {
        found.insert(Audience::Carers);
    }
    Audience::ALL.into_iter().filter(|a| found.intersects(AudienceSet::of(&[*a]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Audience::*;

    #[test]
    fn slugs_round_trip_and_taxonomy_codes_are_accepted() {
        for audience in Audience::ALL {
            assert_eq!(Audience::from_slug(audience.slug()), Some(audience));
        }
        assert_eq!(Audience::from_slug("children-and-young-people"), Some(ChildrenYoungPeople));
        assert_eq!(Audience::from_slug("Learning-Disabilities"), Some(LearningDisability));
        assert_eq!(Audience::from_slug("older-people"), Some(OlderPeople));
        assert_eq!(Audience::from_slug("everyone"), None);
    }

    #[test]
    fn audience_words_are_detected_in_peoples_own_words() {
        assert_eq!(detect("carer"), vec![Carers]);
        assert_eq!(detect("support for carers near me"), vec![Carers]);
        assert_eq!(detect("my mum who has dementia"), vec![OlderPeople, Carers]);
        assert_eq!(detect("teenager feeling low"), vec![ChildrenYoungPeople]);
        assert_eq!(detect("autistic adults"), vec![Adults, LearningDisability]);
        assert_eq!(detect("learning disability day centre"), vec![LearningDisability]);
        assert_eq!(detect("someone for my dad, he's elderly"), vec![OlderPeople]);
        assert_eq!(detect("Down's syndrome"), vec![LearningDisability]);
    }

    #[test]
    fn ordinary_searches_name_no_audience() {
        for query in ["help with debt", "food bank", "housing advice", "walking group", "my rent is late"] {
            assert!(detect(query).is_empty(), "{query}");
        }
    }

    #[test]
    fn the_factor_raises_matches_lowers_other_peoples_services_and_leaves_the_rest() {
        let carers = AudienceSet::of(&[Carers]);
        assert!(audience_factor(AudienceSet::of(&[Carers, Adults]), carers) > 1.0);
        assert!(audience_factor(AudienceSet::of(&[ChildrenYoungPeople]), carers) < 1.0);
        assert_eq!(audience_factor(AudienceSet::of(&[Adults]), carers), 1.0);
        assert_eq!(audience_factor(AudienceSet::default(), carers), 1.0);
        assert_eq!(audience_factor(AudienceSet::of(&[ChildrenYoungPeople]), AudienceSet::default()), 1.0);
        assert!(audience_factor(AudienceSet::of(&[Adults]), AudienceSet::of(&[ChildrenYoungPeople])) < 1.0);
    }
}
