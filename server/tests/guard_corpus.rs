//! Measures the patient-data guard on its corpus (`server/tests/guard_corpus/`, made by
//! `generate.py` there): every identifying text must be refused, and at most 2% of the
//! clean helpline notes. Run with `--nocapture` to see the figures.

use signpost_server::guard;
use std::path::Path;

fn lines(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guard_corpus").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect()
}

#[test]
fn guard_catches_every_identifier_and_few_clean_notes() {
    let identifying = lines("identifying.txt");
    let clean = lines("clean.txt");
    assert!(identifying.len() >= 500 && clean.len() >= 500, "corpus too small");

    let missed: Vec<&String> = identifying.iter().filter(|t| guard::check(t).is_ok()).collect();
    let refused: Vec<(&String, String)> =
        clean.iter().filter_map(|t| guard::check(t).err().map(|r| (t, format!("{:?}", r.findings)))).collect();

    let caught = identifying.len() - missed.len();
    let rate = 100.0 * refused.len() as f64 / clean.len() as f64;
    println!(
        "guard corpus: identifying caught {caught}/{} ({:.1}%); clean refused {}/{} ({rate:.1}%)",
        identifying.len(),
        100.0 * caught as f64 / identifying.len() as f64,
        refused.len(),
        clean.len()
    );
    for text in &missed {
        println!("MISSED: {text}");
    }
    for (text, why) in &refused {
        println!("FALSE REFUSAL {why}: {text}");
    }
    assert!(missed.is_empty(), "{} identifying texts got through", missed.len());
    assert!(rate <= 2.0, "{rate:.1}% of clean notes refused");
}
