//! The people to call: national crisis lines, and the local contacts (helpline, central
//! access point, crisis services) from the server's configuration, shown wherever a page
//! tells people to call.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// One place to call, text or visit. Every field but the name may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Who they are, e.g. "Samaritans".
    pub name: String,
    /// Number to call, as written for people ("116 123").
    pub phone: Option<String>,
    /// Number to text, with what to send when that matters ("85258").
    pub text: Option<String>,
    /// Web page.
    pub url: Option<String>,
    /// When they answer, in words.
    pub hours: Option<String>,
    /// What they do, in a sentence.
    pub description: Option<String>,
}

/// The local contacts from configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalContacts {
    /// The Community Knowledge Service helpline: help to find a service.
    pub helpline: Option<Contact>,
    /// The trust's central access point for mental health.
    pub central_access_point: Option<Contact>,
    /// Local crisis services (crisis cafés and the like).
    pub crisis: Vec<Contact>,
    /// Set when the contacts are sample data; shown beside them.
    pub sample_note: Option<String>,
}

impl LocalContacts {
    /// Returns the local contacts for someone at risk now: the central access point, then
    /// the crisis services.
    pub fn local_crisis_contacts(&self) -> Vec<Contact> {
        self.central_access_point.iter().chain(&self.crisis).cloned().collect()
    }
}

/// What the pages and the API say when the words say someone is at risk now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisAnswer {
    /// What to do now, in a sentence or two.
    pub message: String,
    /// The national lines, then the local crisis contacts.
    pub contacts: Vec<Contact>,
}

/// The national lines, in the order the crisis answer gives them.
pub fn national_crisis_contacts() -> Vec<Contact> {
    let line = |name: &str, phone: Option<&str>, text: Option<&str>, url: &str, description: &str| Contact {
        name: name.to_owned(),
        phone: phone.map(str::to_owned),
        text: text.map(str::to_owned),
        url: Some(url.to_owned()),
        hours: Some("24 hours a day, every day".to_owned()),
        description: Some(description.to_owned()),
    };
    vec![
        line(
            "Emergency services",
            Some("999"),
            None,
            "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
            "Call 999 if someone's life is at risk, for example they have seriously hurt themselves or taken an overdose.",
        ),
        line(
            "NHS 111, option 2",
            Some("111"),
            None,
            "https://111.nhs.uk/",
            "For urgent help with your mental health, call 111 and choose option 2.",
        ),
        line(
            "Samaritans",
            Some("116 123"),
            None,
            "https://www.samaritans.org/",
            "Talk to someone about anything that is upsetting you. Free.",
        ),
        line(
            "Shout",
            None,
            Some("85258"),
            "https://giveusashout.org/",
            "If you would rather text than talk, text SHOUT to 85258. Free.",
        ),
    ]
}

tokio::task_local! {
    /// The configured local contacts for the request being answered. Set by the server
    /// around each request, so every page that tells people to call shows the same numbers.
    static CONTACTS: Arc<LocalContacts>;
}

/// Runs `answer` (a request's handling) with `contacts` as the local contacts every page shows.
pub async fn with_contacts<F: std::future::Future>(contacts: Arc<LocalContacts>, answer: F) -> F::Output {
    CONTACTS.scope(contacts, answer).await
}

/// The local contacts for the page being rendered; none outside a request.
pub(crate) fn current_contacts() -> Arc<LocalContacts> {
    CONTACTS.try_with(Arc::clone).unwrap_or_default()
}

/// Returns the digits of a phone number for a `tel:` or `sms:` link ("116 123" gives "116123").
pub(crate) fn dial(number: &str) -> String {
    number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_lines_are_999_111_samaritans_and_shout() {
        let lines = national_crisis_contacts();
        let numbers: Vec<_> = lines.iter().map(|c| c.phone.clone().or_else(|| c.text.clone())).collect();
        assert_eq!(numbers, [Some("999".into()), Some("111".into()), Some("116 123".into()), Some("85258".into())]);
    }

    #[tokio::test]
    async fn contacts_are_seen_only_inside_the_request() {
        let contacts = Arc::new(LocalContacts { sample_note: Some("x".into()), ..LocalContacts::default() });
        let inside = with_contacts(contacts, async { current_contacts() }).await;
        assert_eq!(inside.sample_note.as_deref(), Some("x"));
        assert_eq!(current_contacts().sample_note, None);
        assert_eq!(dial("0116 496 0123"), "01164960123");
    }
}
