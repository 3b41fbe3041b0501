//! The search synonyms as curators edit them: stored in the database (seeded from
//! `seed-data/synonyms.txt` the first time), and applied to the index without a restart.
//! Each save bumps a version; every instance polls it and reloads when it changes, and
//! the instance that saved applies the new rules at once.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

use anyhow::Context;
use signpost_index::{SearchIndex, Synonyms};

use crate::storage::{accounts::time_text, Store};

/// Keeps one instance's index on the stored synonym rules.
pub struct SynonymWatcher {
    store: Arc<dyn Store>,
    index: Arc<SearchIndex>,
    applied: AtomicI64,
}

impl SynonymWatcher {
    /// Seeds the stored rules from `seed_text` when there are none, and applies them.
    pub async fn start(store: Arc<dyn Store>, index: Arc<SearchIndex>, seed_text: &str) -> anyhow::Result<Self> {
        store.seed_synonym_rules(seed_text, &time_text(chrono::Utc::now())).await?;
        let watcher = Self { store, index, applied: AtomicI64::new(0) };
        // Stored rules that no longer parse must not stop the service: the file's stay.
        if let Err(error) = watcher.check().await {
            tracing::error!(error = %format!("{error:#}"), "could not apply the stored search synonyms");
        }
        Ok(watcher)
    }

    /// Returns the version this instance's index uses.
    pub fn applied_version(&self) -> i64 {
        self.applied.load(Ordering::SeqCst)
    }

    /// Reloads the rules when their stored version differs from the applied one; returns
    /// whether it did. Rules that no longer parse (saved by hand) keep the old ones.
    pub async fn check(&self) -> anyhow::Result<bool> {
        let version = self.store.synonyms_version().await?;
        if version == self.applied_version() {
            return Ok(false);
        }
        let Some(rules) = self.store.synonym_rules().await? else { return Ok(false) };
        let synonyms = Synonyms::parse(&rules.rules).context("stored synonym rules do not parse")?;
        self.index.set_synonyms(synonyms);
        self.applied.store(rules.version, Ordering::SeqCst);
        tracing::info!(version = rules.version, "search synonyms applied");
        Ok(true)
    }

    /// Checks every `poll` for rules saved by another instance.
    pub async fn run(self: Arc<Self>, poll: std::time::Duration) {
        loop {
            tokio::time::sleep(poll).await;
            if let Err(error) = self.check().await {
                tracing::error!(error = %format!("{error:#}"), "could not reload search synonyms");
            }
        }
    }
}

/// Checks rules as the index will read them; the error names the line at fault.
pub fn validate(rules: &str) -> Result<(), String> {
    Synonyms::parse(rules).map(|_| ()).map_err(|error| error.to_string())
}

/// Why a whole rule list cannot be saved.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RuleListError {
    /// A line does not parse; the reason names it.
    #[error("Check the rules: {0}")]
    Unreadable(String),
    /// Nothing but blank lines and comments: saving it would quietly switch off every
    /// synonym search relies on, which is never what a curator means to do.
    #[error("Enter at least one rule, such as \"gp => doctor\". Saving no rules would stop search finding services by other words")]
    Empty,
}

/// Checks the whole list a curator saves: it must parse and hold at least one rule.
pub fn validate_list(rules: &str) -> Result<(), RuleListError> {
    let synonyms = Synonyms::parse(rules).map_err(|error| RuleListError::Unreadable(error.to_string()))?;
    if synonyms.is_empty() {
        return Err(RuleListError::Empty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_with_no_rules_is_refused() {
        assert_eq!(validate_list(""), Err(RuleListError::Empty));
        assert_eq!(validate_list("# only a comment\n\n"), Err(RuleListError::Empty));
        assert!(matches!(validate_list("gp =>"), Err(RuleListError::Unreadable(_))));
        assert_eq!(validate_list("gp => doctor\n"), Ok(()));
    }
}
