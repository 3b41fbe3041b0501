//! Helpers for page tests: sample data and checks every page must pass.

use crate::view_model::NeedOption;

/// Returns two need areas, one with a sub-need.
pub(crate) fn sample_needs() -> Vec<NeedOption> {
    let need = |slug: &str, label: &str, count: u64, parent: Option<&str>| NeedOption {
        slug: slug.into(),
        label: label.into(),
        count,
        parent: parent.map(Into::into),
    };
    vec![
        need("money", "Money and debt", 12, None),
        need("debt-advice", "Debt advice", 5, Some("money")),
        need("mental-health", "Mental health", 30, None),
    ]
}

/// Checks the parts every page shares: doctype, language, skip link, landmarks, one `<h1>`,
/// a label for every visible form control, and unique ids.
pub(crate) fn assert_common_page_parts(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "doctype first");
    assert!(html.contains(r#"<html lang="en-GB">"#), "language");
    assert!(html.contains(r##"<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>"##), "skip link");
    assert!(html.contains(r#"id="maincontent""#) && html.contains("<main "), "main landmark");
    assert!(html.contains(r#"<title>"#) && html.contains(" - Signpost - "), "title");
    for link in [r#"href="/">Find a service"#, r#"href="/shortlist""#, r#"href="/crisis""#] {
        assert!(html.contains(link), "header link {link}");
    }
    for link in [r#"href="/privacy""#, r#"href="/accessibility""#, r#"href="/cookies""#] {
        assert!(html.contains(link), "footer link {link}");
    }
    for landmark in ["<header", "<nav", "<footer"] {
        assert!(html.contains(landmark), "landmark {landmark}");
    }
    assert_eq!(html.matches("<h1").count(), 1, "exactly one h1");
    assert!(html.contains("116 123"), "crisis banner");
    assert!(!html.contains("<!>"), "no hydration markers");
    assert_labels_match(html);
    assert_ids_unique(html);
}

/// Checks that every input (except hidden ones and buttons), select and textarea has a
/// matching label.
pub(crate) fn assert_labels_match(html: &str) {
    for tag in tags(html, "input").into_iter().chain(tags(html, "select")).chain(tags(html, "textarea")) {
        let kind = attr(tag, "type").unwrap_or("text");
        if matches!(kind, "hidden" | "submit" | "button") {
            continue;
        }
        let Some(id) = attr(tag, "id") else {
            panic!("control without id: {tag}");
        };
        assert!(html.contains(&format!(r#"for="{id}""#)), "no <label for=\"{id}\"> for {tag}");
    }
}

/// Checks that no `id` appears twice.
fn assert_ids_unique(html: &str) {
    let mut seen = std::collections::HashSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap_or_default();
        assert!(seen.insert(id.to_owned()), "duplicate id {id}");
    }
}

/// Returns the opening tags named `name`, such as every `<input …>`.
pub(crate) fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    html.match_indices(&open)
        .filter_map(|(start, _)| {
            let rest = &html[start..];
            rest.find('>').map(|end| &rest[..=end])
        })
        .collect()
}

/// Returns an attribute's value from an opening tag.
pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}
