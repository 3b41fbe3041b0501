//! Search insight: every public search is counted by its shape (cleaned words, district,
//! filters, a result-count bucket and the day) so the curator can see what people look
//! for and do not find. Nothing that identifies a person is kept: no postcode, no time
//! of day, no address; words that look like a postcode, email, phone number or any long
//! number are dropped, and if the patient-data guard still refuses what is left, all the
//! words go.
//!
//! Logging must not slow a search: handlers hand the shape to a bounded channel
//! (dropping it when full) and a background task writes batches.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use tokio::sync::mpsc;

use crate::{
    guard,
    search::SearchRequest,
    storage::{curation::SearchShape, Store},
};

/// Searches waiting to be written; beyond this they are dropped rather than wait.
const QUEUE: usize = 4096;
/// Most shapes written in one transaction.
const BATCH: usize = 256;
/// Most words kept from a search.
pub const MAX_WORDS: usize = 10;
/// Longest word kept.
const MAX_WORD_CHARS: usize = 30;

/// The sending side of the search log.
#[derive(Debug, Clone)]
pub struct SearchLog {
    sender: mpsc::Sender<SearchShape>,
}

impl SearchLog {
    /// Starts the background writer (it ends when every `SearchLog` clone is dropped).
    pub fn start(store: Arc<dyn Store>) -> Self {
        let (sender, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(store, receiver));
        Self { sender }
    }

    /// Counts one search of this request; never waits.
    pub fn record(&self, request: &SearchRequest, total: usize, now: DateTime<Utc>) {
        // Later pages of the same search are not new searches.
        if request.page != 1 {
            return;
        }
        if self.sender.try_send(shape(request, total, now)).is_err() {
            tracing::warn!("search insight queue full; a search was not counted");
        }
    }
}

async fn write_batches(store: Arc<dyn Store>, mut receiver: mpsc::Receiver<SearchShape>) {
    let mut batch = Vec::with_capacity(BATCH);
    while receiver.recv_many(&mut batch, BATCH).await > 0 {
        if let Err(error) = store.record_searches(&batch).await {
            // The error names no search: shapes are never logged.
            tracing::warn!(%error, count = batch.len(), "could not record search insight");
        }
        batch.clear();
    }
}

/// Returns the anonymous shape of a search.
pub fn shape(request: &SearchRequest, total: usize, now: DateTime<Utc>) -> SearchShape {
    let mut needs = request.needs.clone();
    needs.sort();
    needs.dedup();
    SearchShape {
        day: now.with_timezone(&London).format("%Y-%m-%d").to_string(),
        words: clean_words(&request.text),
        district: request.place.as_ref().and_then(|place| place.district_code.clone()).unwrap_or_default(),
        needs: needs.join(","),
        age_band: request.age.map(age_band).unwrap_or_default().to_owned(),
        free_only: request.free_only,
        open_now: request.open_now_only,
        delivery: request.delivery.map(|delivery| delivery.slug().to_owned()).unwrap_or_default(),
        result_bucket: result_bucket(total).to_owned(),
    }
}

/// Groups ages as the trust's specialties do (children, adults, older people).
pub fn age_band(age: u32) -> &'static str {
    match age {
        0..=17 => "0-17",
        18..=64 => "18-64",
        _ => "65+",
    }
}

/// Returns "0", "1-2", "3-5" or "6+".
pub fn result_bucket(total: usize) -> &'static str {
    match total {
        0 => "0",
        1..=2 => "1-2",
        3..=5 => "3-5",
        _ => "6+",
    }
}

/// Lowercased words without anything that could identify someone, at most `MAX_WORDS`.
pub fn clean_words(text: &str) -> String {
    let words = text
        .split_whitespace()
        .filter(|token| !token.contains('@'))
        .map(|token| {
            token
                .trim_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == '-')
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|word| !word.is_empty() && word.chars().count() <= MAX_WORD_CHARS)
        .filter(|word| word.chars().filter(char::is_ascii_digit).count() < 3 && !postcode_part(word))
        .take(MAX_WORDS)
        .collect::<Vec<_>>()
        .join(" ");
    // What is left may still name someone ("Mrs Jane Doe"): the guard has the last word.
    if guard::check(&words).is_err() {
        return String::new();
    }
    words
}

/// Whether a word looks like half of a postcode ("le1", "le19", "ec1a", "6zg").
fn postcode_part(word: &str) -> bool {
    let bytes = word.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_lowercase()).count();
    let outward = (1..=2).contains(&letters)
        && bytes.len() > letters
        && bytes[letters].is_ascii_digit()
        && bytes.len() <= letters + 2
        && bytes[letters + 1..].iter().all(u8::is_ascii_alphanumeric);
    let inward = bytes.len() == 3 && bytes[0].is_ascii_digit() && bytes[1..].iter().all(u8::is_ascii_lowercase);
    word.is_ascii() && (outward || inward)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_lose_postcodes_emails_phones_and_long_numbers() {
        assert_eq!(clean_words("Debt advice LE1 6ZG"), "debt advice");
        assert_eq!(clean_words("help ann@example.org 0116 496 0000"), "help");
        assert_eq!(clean_words("call 07700900000 now!"), "call now");
        assert_eq!(clean_words("NHS 4857773456 carer"), "nhs carer");
        assert_eq!(clean_words("food bank, le19 ec1a"), "food bank");
        assert_eq!(clean_words("16 year old can't sleep"), "16 year old can't sleep");
        let many = "a b c d e f g h i j k l";
        assert_eq!(clean_words(many).split(' ').count(), MAX_WORDS);
    }

    #[test]
    fn counts_fall_into_buckets_and_ages_into_bands() {
        assert_eq!([0, 1, 2, 3, 5, 6, 99].map(result_bucket), ["0", "1-2", "1-2", "3-5", "3-5", "6+", "6+"]);
        assert_eq!([0, 17, 18, 64, 65].map(age_band), ["0-17", "0-17", "18-64", "18-64", "65+"]);
    }
}
