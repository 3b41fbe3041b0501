//! The patient-data guard: every free-text field staff type (helpline notes, unmet-need
//! descriptions, referral notes) and the public's "report a problem" messages are
//! checked before they are saved, and refused if they look like they identify a person.
//! Refused text is never logged or stored.
//!
//! The detectors are hand-written scanners rather than regular expressions so that each
//! rule can carry its own exceptions (short numbers such as 111, times, years, amounts,
//! postcode districts, acronyms, services named after a title) and say why. They err on
//! the side of refusing: a refused note costs a rewrite, a stored identifier cannot be
//! taken back. The corpus in `server/tests/guard_corpus/` measures both errors.

mod addresses;
mod dates;
mod names;
mod numbers;
mod places;
mod text;
mod vocabulary;

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use text::{digit_runs, words};

/// A kind of identifier the guard found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Finding {
    /// Ten digits with a valid modulus-11 check digit.
    NhsNumber,
    /// A National Insurance number ("AB 12 34 56 C").
    NationalInsurance,
    /// A full UK postcode (a district such as "LE4" alone is allowed).
    Postcode,
    /// A house number and a street ("12 Ashby Road").
    StreetAddress,
    /// A date with a birth cue ("DOB", "born on", "birthday").
    BirthDate,
    /// An email address.
    Email,
    /// A geographic or mobile phone number.
    Phone,
    /// A name after a cue such as "Mr", "Mrs", "patient", "caller (", "I'm".
    Name,
}

impl Finding {
    /// What to remove, in plain words, for the error message.
    pub fn advice(self) -> &'static str {
        match self {
            Self::NhsNumber => "an NHS number",
            Self::NationalInsurance => "a National Insurance number",
            Self::Postcode => "a full postcode (the first half, such as LE4, is fine)",
            Self::StreetAddress => "a home address",
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

impl Refusal {
    /// The message for the public: what not to include, and what was found.
    pub fn public_message(&self) -> String {
        let kinds: Vec<&str> = self.findings.iter().map(|finding| finding.advice()).collect();
        format!(
            "Do not include personal details: names, dates of birth, NHS or National Insurance numbers, \
             phone numbers, email or home addresses. Your message looks like it contains {}. \
             Remove it and send your report again.",
            kinds.join(", ")
        )
    }
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

/// What a service publishes about itself, which the public may quote back in a report
/// about it ("the number 0116 496 0000 rings out", "they are not at 12 High Street any
/// more"): its listed phone numbers, email addresses, postcodes and street addresses.
/// Anything else of those kinds is still refused.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    phones: HashSet<String>,
    emails: HashSet<String>,
    postcodes: HashSet<String>,
    streets: HashSet<String>,
}

impl Listed {
    /// Adds a listed phone number, in any format.
    pub fn phone(&mut self, number: &str) -> &mut Self {
        self.phones.extend(digit_runs(number).iter().filter_map(numbers::national_number));
        self
    }

    /// Adds a listed email address.
    pub fn email(&mut self, email: &str) -> &mut Self {
        self.emails.extend(addresses::emails(email));
        self
    }

    /// Adds a listed address: its first line and its postcode.
    pub fn address(&mut self, line: &str, postcode: &str) -> &mut Self {
        self.streets.extend(addresses::street_addresses(&words(line)));
        self.postcodes.extend(addresses::postcodes(&words(postcode)));
        self
    }
}

/// Checks one free-text field; `Err` says what to remove.
pub fn check(text: &str) -> Result<(), Refusal> {
    check_listed(text, &Listed::default())
}

/// Checks one free-text field about a service, letting through what the service itself
/// publishes (see [`Listed`]).
pub fn check_listed(text: &str, listed: &Listed) -> Result<(), Refusal> {
    let mut found = BTreeSet::new();
    for run in digit_runs(text) {
        if numbers::is_nhs_number(&run.digits) {
            found.insert(Finding::NhsNumber);
        } else if let Some(national) = numbers::national_number(&run) {
            if numbers::is_personal_phone(&national) && !listed.phones.contains(&national) {
                found.insert(Finding::Phone);
            }
        }
    }
    if addresses::emails(text).iter().any(|email| !listed.emails.contains(email)) {
        found.insert(Finding::Email);
    }
    let words = words(text);
    if numbers::has_ni_number(text, &words) {
        found.insert(Finding::NationalInsurance);
    }
    if addresses::postcodes(&words).iter().any(|code| !listed.postcodes.contains(code)) {
        found.insert(Finding::Postcode);
    }
    if addresses::street_addresses(&words).iter().any(|street| !listed.streets.contains(street)) {
        found.insert(Finding::StreetAddress);
    }
    if dates::has_birth_date(&words) {
        found.insert(Finding::BirthDate);
    }
    if names::has_name(&words) {
        found.insert(Finding::Name);
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(Refusal { findings: found.into_iter().collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<Finding> {
        check(text).err().map(|r| r.findings).unwrap_or_default()
    }

    #[test]
    fn nhs_numbers_with_valid_check_digits() {
        assert_eq!(findings("NHS 943 476 5919 on file"), vec![Finding::NhsNumber]);
        assert_eq!(findings("943-476-5919"), vec![Finding::NhsNumber]);
        assert_eq!(findings("9434765919"), vec![Finding::NhsNumber]);
        // Same digits with a wrong check digit: not an NHS number (nor a phone number).
        assert_eq!(findings("943 476 5918"), vec![]);
    }

    #[test]
    fn phones_but_not_short_numbers_times_or_years() {
        assert_eq!(findings("ring 07700 900123"), vec![Finding::Phone]);
        assert_eq!(findings("ring 0116 496 0123 after 2"), vec![Finding::Phone]);
        assert_eq!(findings("ring +44 (0)7700 900 123"), vec![Finding::Phone]);
        assert_eq!(findings("ring (0116) 4960123"), vec![Finding::Phone]);
        for clean in
            ["call 111 or 999", "open 9 to 5, 9:30-16:30", "since 2019", "owes £1,250.00", "Samaritans 116 123"]
        {
            assert_eq!(findings(clean), vec![], "{clean}");
        }
    }

    #[test]
    fn full_postcodes_but_not_districts() {
        assert_eq!(findings("lives at LE4 5AB"), vec![Finding::Postcode]);
        assert_eq!(findings("lives at le45ab"), vec![Finding::Postcode]);
        assert_eq!(findings("lives in the LE4 area, LE4 1st floor flat"), vec![]);
    }

    #[test]
    fn birth_dates_need_a_cue() {
        assert_eq!(findings("DOB 12/03/1948"), vec![Finding::BirthDate]);
        assert_eq!(findings("born on the 3rd of May 1950"), vec![Finding::BirthDate]);
        assert_eq!(findings("d.o.b. 4 June 61"), vec![Finding::BirthDate]);
        assert_eq!(findings("appointment on 3 May, review 12/06/2025"), vec![]);
    }

    #[test]
    fn emails_and_cued_names() {
        assert_eq!(findings("write to jo.bloggs@example.org."), vec![Finding::Email]);
        assert_eq!(findings("Mrs Okafor called"), vec![Finding::Name]);
        assert_eq!(findings("the patient Jordan is worried"), vec![Finding::Name]);
        assert_eq!(findings("his name is Tomasz"), vec![Finding::Name]);
        assert_eq!(findings("client called NHS 111 and Age UK; patient. She is fine"), vec![]);
        assert_eq!(findings("lost a partner (Beaumont Leys)"), vec![]);
    }

    #[test]
    fn glued_cues_short_birth_cue_and_lower_case_names() {
        assert_eq!(findings("DoB=16/3/65"), vec![Finding::BirthDate]);
        assert_eq!(findings("DOB:12/03/1948"), vec![Finding::BirthDate]);
        assert_eq!(findings("b. 10/9/63, lives alone"), vec![Finding::BirthDate]);
        assert_eq!(findings("plan b 10/9/25 review"), vec![]);
        assert_eq!(findings("Mrs ffrench rang again"), vec![Finding::Name]);
        assert_eq!(findings("spoke to mr de Souza"), vec![Finding::Name]);
        assert_eq!(findings("Master Oliver Green, CAMHS"), vec![Finding::Name]);
        assert_eq!(findings("Client: Jordan Fraser"), vec![Finding::Name]);
        for clean in
            ["Client: Lives alone, low mood", "Dr appointment at 9:30", "pt Muslim, wants mosque-based counselling"]
        {
            assert_eq!(findings(clean), vec![], "{clean}");
        }
    }

    #[test]
    fn the_message_names_what_to_remove_not_the_text() {
        let refusal = check("Mr Smith, 07700 900123").err().map(|r| r.to_string()).unwrap_or_default();
        assert!(refusal.contains("a phone number") && refusal.contains("a person's name"), "{refusal}");
        assert!(!refusal.contains("Smith"));
    }

    #[test]
    fn national_insurance_numbers_follow_the_prefix_rules() {
        for text in ["NI AB 12 34 56 C", "ab123456c", "my NI is JT 45-67-89 A", "NI number AB123456"] {
            assert_eq!(findings(text), vec![Finding::NationalInsurance], "{text}");
        }
        // D, F, I, Q, U, V never start a number; O never ends the prefix; GB is never issued;
        // a suffix is A to D; without a suffix and without a cue it is a reference.
        for text in ["DA 12 34 56 C", "AO 12 34 56 C", "GB 12 34 56 C", "AB 12 34 56 E", "ticket AB123456"] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    #[test]
    fn street_addresses_need_a_house_number() {
        for text in ["lives at 7 Church Lane", "Flat 3, 45 London Rd", "8b Granby Street", "44 Kingsway, Braunstone"] {
            assert_eq!(findings(text), vec![Finding::StreetAddress], "{text}");
        }
        for text in [
            "It's on Ashby Road now",
            "a 10 minute walk from the station",
            "the 48 bus stops on Melton Road",
            "Ward 31 at the General",
            "Started in 2019, closed in 2025",
        ] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    #[test]
    fn birth_dates_in_words_and_without_a_year() {
        for text in ["DOB 3 Mar 61", "born 3rd march 1961", "birthday is 12 June", "D.O.B: 13 Oct 1952", "dob March 61"]
        {
            assert_eq!(findings(text), vec![Finding::BirthDate], "{text}");
        }
        for text in ["for people born before 1960", "Open 3rd March", "we may 3 times a week"] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    #[test]
    fn names_after_titles_in_any_case_in_brackets_and_introductions() {
        for text in [
            "MR JOHN SMITH waited",
            "mrs patel was rude",
            "Dr. a. khan has left",
            "MS LUCY GRANT",
            "caller (Jane Doe) says",
            "service user (J. Bloggs) said",
            "patient: (Tom Hughes)",
            "I'm Gareth Evans",
            "hello this is jenny walsh",
            "Regards, Helen Marsh",
            "my wife, Anita Shah, rang",
            "Mrs Patel's class is full",
            "Mrs Patel runs group sessions",
        ] {
            assert_eq!(findings(text), vec![Finding::Name], "{text}");
        }
        for text in [
            "Dr Bike repair cafe",
            "Patient Advice and Liaison Service",
            "Client Services team",
            "Carer Support form",
            "Mr Bumble's play group",
            "the Service User Forum",
            "Mrs Tiggywinkles ward",
            "lost a partner (Beaumont Leys)",
            "Carers (and the people they care for)",
            "MS Therapy Centre",
            "we miss the bus",
        ] {
            assert_eq!(findings(text), vec![], "{text}");
        }
    }

    #[test]
    fn organisations_numbers_are_not_personal_phones() {
        for text in ["Shelter 0808 800 4444", "Mind 0300 123 3393", "council 0116 496 0123"] {
            let expected = if text.starts_with("council") { vec![Finding::Phone] } else { vec![] };
            assert_eq!(findings(text), expected, "{text}");
        }
    }

    #[test]
    fn a_service_s_own_listed_details_may_be_quoted_back() {
        let mut listed = Listed::default();
        listed.phone("0116 496 0000").email("hello@example.org").address("12 Test Street", "LE1 6ZG");
        let quoted = "0116 4960000 rings out, hello@example.org bounces, not at 12 Test Street, LE1 6ZG";
        assert_eq!(check_listed(quoted, &listed), Ok(()));
        assert!(check(quoted).is_err(), "without the listing it is refused");
        let other = check_listed("ring me on 0116 496 0001 at 14 Test Street", &listed).err().map(|r| r.findings);
        assert_eq!(other, Some(vec![Finding::StreetAddress, Finding::Phone]));
    }

    #[test]
    fn the_public_message_says_what_not_to_include() {
        let message = check("NHS 943 476 5919").err().map(|r| r.public_message()).unwrap_or_default();
        assert!(message.starts_with("Do not include personal details") && message.contains("an NHS number"));
        assert!(!message.contains("943"), "{message}");
    }
}
