//! The patient-data guard: every free-text field staff type (helpline notes, unmet-need
//! descriptions, referral notes) is checked before it is saved, and refused if it looks
//! like it identifies a person. Refused text is never logged or stored.
//!
//! (Skeleton: the detectors are filled in by the helpline work; the API is fixed.)

use std::fmt;

/// A kind of identifier the guard found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Finding {
    /// Ten digits with a valid modulus-11 check digit.
    NhsNumber,
    /// A full UK postcode (a district such as "LE4" alone is allowed).
    Postcode,
    /// A date with a birth cue ("DOB", "born on").
    BirthDate,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A name after a cue such as "Mr", "Mrs", "patient" or "client".
    Name,
}

impl Finding {
    /// What to remove, in plain words, for the error message.
    pub fn advice(self) -> &'static str {
        match self {
            Self::NhsNumber => "an NHS number",
            Self::Postcode => "a full postcode (the first half, such as LE4, is fine)",
            Self::BirthDate => "a date of birth",
            Self::Email => "an email address",
            Self::Phone => "a phone number",
            Self::Name => "a person's name",
        }
    }
}

/// Why a text was refused: what it seems to contain (never the text itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The kinds found, in a stable order, without repeats.
    pub findings: Vec<Finding>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds: Vec<&str> = self.findings.iter().map(|finding| finding.advice()).collect();
        write!(
            f,
            "This looks like it contains {}. Remove it: do not record details that identify a person.",
            kinds.join(", ")
        )
    }
}

impl std::error::Error for Refusal {}

/// Checks one free-text field; `Err` says what to remove.
pub fn check(text: &str) -> Result<(), Refusal> {
    let _ = text;
    Ok(())
}
