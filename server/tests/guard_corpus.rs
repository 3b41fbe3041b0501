//! Measures the patient-data guard on two corpora in `server/tests/guard_corpus/`:
//!
//! - the original corpus (`identifying.txt`, `clean.txt`, made by `generate.py` from
//!   templates by the guard's author), at least 500 texts each;
//! - an independent held-out corpus (`heldout_identifying.txt` from
//!   `heldout_identifying.py`, and the hand-written `heldout_clean.txt`), written without
//!   reading the guard, so that writer and corpus do not share blind spots.
//!
//! - the public corpus for issue 13 (`public_identifying.txt`, `public_clean.txt`):
//!   "report a problem" messages and notes with dates of birth in words, names after
//!   titles in any case and in brackets after role words, National Insurance numbers and
//!   street addresses, and hard clean cases (services named after a title, team and form
//!   names, event dates, ages, prices, hours, streets without a number, organisations'
//!   03 and 08 numbers). It was written before the guard was tuned for it;
//!   `public_after_*.txt` was written after, and is reported on its own.
//!
//! For each: every identifying text must be refused, and at most 2% of the clean notes
//! (1% on the public corpus). Run with `--nocapture` to see the figures.

use signpost_server::guard;
use std::path::Path;

fn lines(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guard_corpus").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect()
}

/// What the guard did with one corpus.
struct Score {
    identifying: usize,
    missed: Vec<String>,
    clean: usize,
    refused: Vec<(String, String)>,
}

impl Score {
    fn measure(identifying: &[String], clean: &[String]) -> Score {
        Score {
            identifying: identifying.len(),
            missed: identifying.iter().filter(|t| guard::check(t).is_ok()).cloned().collect(),
            clean: clean.len(),
            refused: clean
                .iter()
                .filter_map(|t| guard::check(t).err().map(|r| (t.clone(), format!("{:?}", r.findings))))
                .collect(),
        }
    }

    fn refused_rate(&self) -> f64 {
        100.0 * self.refused.len() as f64 / self.clean as f64
    }

    fn report(&self, corpus: &str) {
        let caught = self.identifying - self.missed.len();
        println!(
            "{corpus}: identifying caught {caught}/{} ({:.1}%); clean refused {}/{} ({:.1}%)",
            self.identifying,
            100.0 * caught as f64 / self.identifying as f64,
            self.refused.len(),
            self.clean,
            self.refused_rate()
        );
        for text in &self.missed {
            println!("  MISSED: {text}");
        }
        for (text, why) in &self.refused {
            println!("  FALSE REFUSAL {why}: {text}");
        }
    }

    fn assert_passes(&self, corpus: &str, max_refused_percent: f64) {
        assert!(self.missed.is_empty(), "{corpus}: {} identifying texts got through", self.missed.len());
        let rate = self.refused_rate();
        assert!(rate <= max_refused_percent, "{corpus}: {rate:.1}% of clean notes refused");
    }
}

#[test]
fn guard_catches_every_identifier_and_few_clean_notes() {
    let identifying = lines("identifying.txt");
    let clean = lines("clean.txt");
    assert!(identifying.len() >= 500 && clean.len() >= 500, "corpus too small");
    let score = Score::measure(&identifying, &clean);
    score.report("guard corpus");
    score.assert_passes("guard corpus", 2.0);
}

#[test]
fn guard_passes_the_independent_held_out_corpus() {
    let identifying = lines("heldout_identifying.txt");
    let clean = lines("heldout_clean.txt");
    assert!(identifying.len() >= 200 && clean.len() >= 300, "held-out corpus too small");
    let score = Score::measure(&identifying, &clean);
    score.report("held-out corpus");
    score.assert_passes("held-out corpus", 2.0);
}

#[test]
fn guard_passes_the_public_corpus_written_before_tuning() {
    let identifying = lines("public_identifying.txt");
    let clean = lines("public_clean.txt");
    assert!(identifying.len() >= 150 && clean.len() >= 200, "public corpus too small");
    let score = Score::measure(&identifying, &clean);
    score.report("public corpus (written before tuning)");
    score.assert_passes("public corpus (written before tuning)", 1.0);
}

/// Written after the guard was tuned on the public corpus, and not tuned on: reported on
/// its own; the floors hold on the whole public corpus (both parts together).
#[test]
fn guard_passes_the_whole_public_corpus() {
    let before = (lines("public_identifying.txt"), lines("public_clean.txt"));
    let after = (lines("public_after_identifying.txt"), lines("public_after_clean.txt"));
    Score::measure(&after.0, &after.1).report("public corpus (written after tuning)");
    let identifying: Vec<String> = before.0.into_iter().chain(after.0).collect();
    let clean: Vec<String> = before.1.into_iter().chain(after.1).collect();
    let score = Score::measure(&identifying, &clean);
    score.report("public corpus (both parts)");
    score.assert_passes("public corpus (both parts)", 1.0);
}
