//! The local contacts (Community Knowledge Service helpline, the trust's central access
//! point, local crisis services) read from one TOML file at start-up, and the crisis
//! answer built from them.

use std::path::Path;

use serde::Deserialize;
use signpost_web::{national_crisis_contacts, Contact, CrisisAnswer, LocalContacts};

use crate::crisis::CrisisKind;

/// The file name of the sample contacts in the seed directory (the default).
pub const SAMPLE_FILE: &str = "contacts.sample.toml";

/// Why a contacts file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("could not read contacts file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not valid TOML of the expected shape (unknown keys are refused).
    #[error("contacts file is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    /// A contact is incomplete or has a malformed field.
    #[error("contacts file: {0}")]
    Invalid(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactsFile {
    sample_note: Option<String>,
    helpline: Option<ContactEntry>,
    central_access_point: Option<ContactEntry>,
    #[serde(default)]
    crisis: Vec<ContactEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactEntry {
    name: String,
    phone: Option<String>,
    text: Option<String>,
    url: Option<String>,
    hours: Option<String>,
    description: Option<String>,
}

impl ContactEntry {
    /// Checks the entry and returns it as a contact; `place` names it in errors.
    fn into_contact(self, place: &str) -> Result<Contact, Error> {
        let tidy = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::Invalid(format!("{place} has no name")));
        }
        let contact = Contact {
            phone: tidy(self.phone),
            text: tidy(self.text),
            url: tidy(self.url),
            hours: tidy(self.hours),
            description: tidy(self.description),
            name,
        };
        for number in contact.phone.iter().chain(&contact.text) {
            let digits = number.chars().filter(char::is_ascii_digit).count();
            let readable = number.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '+');
            if !readable || !(3..=15).contains(&digits) {
                return Err(Error::Invalid(format!("{place}: {number:?} is not a phone number (digits and spaces)")));
            }
        }
        if let Some(url) = &contact.url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(Error::Invalid(format!("{place}: url must start with https:// or http://")));
            }
        }
        Ok(contact)
    }
}

/// Reads and checks the contacts in TOML `text`.
pub fn parse(text: &str) -> Result<LocalContacts, Error> {
    let file: ContactsFile = toml::from_str(text)?;
    let mut crisis = Vec::with_capacity(file.crisis.len());
    for (index, entry) in file.crisis.into_iter().enumerate() {
        crisis.push(entry.into_contact(&format!("crisis contact {}", index + 1))?);
    }
    Ok(LocalContacts {
        helpline: file.helpline.map(|entry| entry.into_contact("helpline")).transpose()?,
        central_access_point: file
            .central_access_point
            .map(|entry| entry.into_contact("central_access_point"))
            .transpose()?,
        crisis,
        sample_note: file.sample_note.map(|note| note.trim().to_owned()).filter(|note| !note.is_empty()),
    })
}

/// Reads and checks the contacts file at `path`.
pub fn load(path: &Path) -> Result<LocalContacts, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.display().to_string(), source })?;
    parse(&text)
}

/// Returns the crisis answer: the kind's message, the national lines, then the local
/// central access point and crisis services.
pub fn crisis_answer(kind: CrisisKind, contacts: &LocalContacts) -> CrisisAnswer {
    let mut all = national_crisis_contacts();
    all.extend(contacts.local_crisis_contacts());
    CrisisAnswer { message: kind.message().to_owned(), contacts: all }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn the_sample_file_loads_and_is_marked_as_sample() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seed-data").join(SAMPLE_FILE);
        let contacts = load(&path).expect("sample contacts load");
        assert!(contacts.sample_note.is_some(), "sample data says so");
        let local: Vec<Contact> = contacts.helpline.iter().chain(&contacts.local_crisis_contacts()).cloned().collect();
        assert!(local.len() >= 3);
        for contact in local {
            assert!(contact.name.contains("(sample)"), "{} is named as a sample", contact.name);
            // Ofcom's drama range, never a real line.
            let phone = contact.phone.unwrap_or_default();
            assert!(phone.starts_with("0116 496 0"), "{phone} is a drama-range number");
        }
    }

    #[test]
    fn a_bad_file_is_refused_with_a_reason() {
        for (text, reason) in [
            ("[helpline]\nname = \"\"", "no name"),
            ("[helpline]\nname = \"H\"\nphone = \"call us\"", "not a phone number"),
            ("[helpline]\nname = \"H\"\nurl = \"javascript:alert(1)\"", "url must start"),
            ("[helpline]\nname = \"H\"\nfax = \"1\"", "unknown field"),
            ("nonsense", "not valid"),
        ] {
            let error = parse(text).expect_err(text).to_string();
            assert!(error.contains(reason), "{text}: {error}");
        }
    }

    #[test]
    fn the_crisis_answer_gives_national_lines_then_local_ones() {
        let contacts = parse(
            "[central_access_point]\nname = \"CAP\"\nphone = \"0116 496 0001\"\n[[crisis]]\nname = \"Cafe\"\ntext = \"60000\"",
        )
        .expect("valid");
        let answer = crisis_answer(CrisisKind::Danger, &contacts);
        let names: Vec<&str> = answer.contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Emergency services", "NHS 111, option 2", "Samaritans", "Shout", "CAP", "Cafe"]);
        assert!(answer.message.contains("999"));
    }
}
