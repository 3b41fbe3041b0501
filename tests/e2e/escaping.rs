//! Every form, rendered by the real server with script in every field (issue 13): text
//! prefilled from a link, stored by an import, or sent back after a refused POST. The HTML
//! is read tag by tag: no injected element or attribute may survive.

use reqwest::StatusCode;
use signpost_server::{auth::Role, storage::record_version};
use signpost_tests::{
    fixtures::ServiceBuilder,
    people::{get, person, post, Answer},
    AppOptions, Backend, TestApp, TestData,
};

/// What a tester types into every field.
const ATTACKS: [&str; 3] =
    ["</textarea><script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)"];

/// One opening tag: its name and attributes (names lower case, values unquoted).
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Reads the opening tags of `html` as a browser's tokenizer would: comments are
/// skipped, and the text of `<textarea>` and `<title>` is text up to its own end tag.
fn opening_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        if html[start..].starts_with("<!--") {
            at = html[start..].find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let Some(first) = bytes.get(start + 1) else { break };
        if !first.is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        let (tag, end) = read_tag(html, start + 1);
        at = end;
        // Raw text elements: nothing inside is markup until the matching end tag.
        if matches!(tag.name.as_str(), "textarea" | "title" | "script" | "style") {
            let close = format!("</{}", tag.name);
            at = html[at..].to_ascii_lowercase().find(&close).map_or(html.len(), |found| at + found);
        }
        tags.push(tag);
    }
    tags
}

/// Reads one tag from just after its `<`; returns it and where it ends.
fn read_tag(html: &str, from: usize) -> (Tag, usize) {
    let chars: Vec<(usize, char)> = html[from..].char_indices().map(|(i, c)| (from + i, c)).collect();
    let mut i = 0;
    let mut name = String::new();
    while i < chars.len() && !chars[i].1.is_whitespace() && chars[i].1 != '>' && chars[i].1 != '/' {
        name.push(chars[i].1.to_ascii_lowercase());
        i += 1;
    }
    let mut attributes = Vec::new();
    loop {
        while i < chars.len() && (chars[i].1.is_whitespace() || chars[i].1 == '/') {
            i += 1;
        }
        if i >= chars.len() {
            return (Tag { name, attributes }, html.len());
        }
        if chars[i].1 == '>' {
            return (Tag { name, attributes }, chars[i].0 + 1);
        }
        let mut attribute = String::new();
        while i < chars.len() && !chars[i].1.is_whitespace() && !matches!(chars[i].1, '=' | '>' | '/') {
            attribute.push(chars[i].1.to_ascii_lowercase());
            i += 1;
        }
        let mut value = String::new();
        if i < chars.len() && chars[i].1 == '=' {
            i += 1;
            let quote = chars.get(i).map(|c| c.1).filter(|c| *c == '"' || *c == '\'');
            if let Some(quote) = quote {
                i += 1;
                while i < chars.len() && chars[i].1 != quote {
                    value.push(chars[i].1);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].1.is_whitespace() && chars[i].1 != '>' {
                    value.push(chars[i].1);
                    i += 1;
                }
            }
        }
        attributes.push((attribute, value));
    }
}

/// Returns every injected element or attribute found in `html`.
fn injections(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in opening_tags(html) {
        if matches!(tag.name.as_str(), "script" | "img" | "iframe" | "object" | "embed") {
            found.push(format!("<{}> element {:?}", tag.name, tag.attributes));
        }
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                found.push(format!("{name} attribute on <{}>", tag.name));
            }
            let url = value.trim().to_ascii_lowercase();
            if matches!(name.as_str(), "href" | "src" | "action" | "formaction") && url.starts_with("javascript:") {
                found.push(format!("{name}={value:?} on <{}>", tag.name));
            }
        }
    }
    found
}

/// Checks one answer: no server error and nothing injected.
fn check(what: &str, answer: &Answer, problems: &mut Vec<String>) {
    if answer.status.is_server_error() {
        problems.push(format!("{what}: {}", answer.status));
    }
    problems.extend(injections(&answer.body).into_iter().map(|found| format!("{what}: {found}")));
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    let bad = r#"<p><textarea>x</textarea><script>alert(1)</script><a href=" javascript:x">a</a>
        <input value=""><img src=x onerror=alert(1)>"#;
    let found = injections(bad);
    assert_eq!(found.len(), 4, "{found:#?}");
    let good = r#"<textarea>&lt;/textarea&gt;&lt;script&gt;</textarea><input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">
        <a href="/x?q=javascript:alert(1)">x</a><!-- <script> -->"#;
    assert_eq!(injections(good), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_renders_script_in_every_field_as_text() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let admin = person(&app, Role::Admin).await?;
    let mut problems = Vec::new();
    for attack in ATTACKS {
        // A record whose imported text carries the attack in every field.
        let record = {
            let mut record = ServiceBuilder::new(attack).need("money").description(attack).build();
            let service = &mut record.service;
            for field in [
                &mut service.application_process,
                &mut service.eligibility_description,
                &mut service.fees_description,
                &mut service.url,
                &mut service.email,
            ] {
                *field = Some(attack.to_owned());
            }
            record
        };
        let id = record.service.id.to_string();
        app.state.store.upsert_service(&record).await?;
        let version = record_version(&app.state.store.get_service(record.service.id).await?);
        let encoded: String = url::form_urlencoded::byte_serialize(attack.as_bytes()).collect();
        let every = |names: &[&'static str]| names.iter().map(|name| (*name, attack)).collect::<Vec<_>>();

        // Forms prefilled from a link.
        for path in [
            format!("/referrals/new?service={id}&note={encoded}&care_plan_reference={encoded}&support_level={encoded}&action={encoded}"),
            format!("/helpline/log?q={encoded}&need={encoded}&location={encoded}&service={encoded}"),
            format!("/helpline?q={encoded}&location={encoded}&need={encoded}"),
            format!("/helpline/unmet-needs/new?query={encoded}"),
            format!("/search?q={encoded}&location={encoded}&need={encoded}&age={encoded}"),
            format!("/login?next={encoded}"),
            format!("/console/services?q={encoded}&status={encoded}&need={encoded}"),
            format!("/console/services/{id}/edit"),
            format!("/console/services/{id}"),
            format!("/console/services/{id}/preview"),
            format!("/services/{id}/suggest"),
            format!("/shortlist?ids={id}"),
        ] {
            let answer = get(&app, Some(&admin), &path).await?;
            check(&format!("GET {path}"), &answer, &mut problems);
        }

        // Forms sent back after a refused POST, with the attack in every field.
        let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
            ("/referrals/new".into(), {
                let mut pairs = every(&["note", "care_plan_reference", "support_level", "action"]);
                pairs.push(("service", id.as_str()));
                pairs
            }),
            (
                "/helpline/log".into(),
                every(&[
                    "needs",
                    "support_level",
                    "specialty",
                    "postcode",
                    "outcome",
                    "services",
                    "search_text",
                    "search_url",
                    "notes",
                ]),
            ),
            (
                "/helpline/unmet-needs/new".into(),
                every(&[
                    "query_id",
                    "need",
                    "sub_need",
                    "district",
                    "pcn",
                    "specialty",
                    "age_band",
                    "support_level",
                    "searched",
                    "search_url",
                    "barriers",
                    "description",
                ]),
            ),
            (format!("/console/services/{id}/edit"), {
                let mut pairs = every(&[
                    "name",
                    "organisation",
                    "description",
                    "url",
                    "email",
                    "phones",
                    "address",
                    "town",
                    "postcode",
                    "mo_opens",
                    "mo_closes",
                    "fees",
                    "eligibility",
                    "min_age",
                    "max_age",
                    "how_to_access",
                    "needs",
                    "delivery",
                    "review_months",
                ]);
                pairs.push(("version", version.as_str()));
                pairs
            }),
            (format!("/console/services/{id}/edit"), every(&["name", "description", "version"])),
            ("/console/services/new".into(), every(&["name", "description", "eligibility", "how_to_access"])),
            (format!("/services/{id}/suggest"), every(&["reason", "details"])),
            ("/console/synonyms".into(), every(&["rules"])),
            ("/console/synonyms/add".into(), every(&["words", "meaning"])),
            (
                "/console/local-roles/new".into(),
                every(&["role_kind", "title", "organisation", "district", "pcn", "how_to_contact", "notes"]),
            ),
            ("/console/imports/fetch".into(), every(&["source", "url"])),
            (format!("/console/services/{id}/internal-note"), every(&["note"])),
        ];
        for (path, pairs) in posts {
            let answer = post(&app, &admin, &path, &pairs, true).await?;
            check(&format!("POST {path}"), &answer, &mut problems);
        }
        let report =
            post_anonymously(&app, &format!("/services/{id}/report"), &[("reason", attack), ("details", attack)])
                .await?;
        check("POST report", &report, &mut problems);
        let report =
            post_anonymously(&app, &format!("/services/{id}/report"), &[("reason", "other"), ("details", attack)])
                .await?;
        check("POST report with a reason", &report, &mut problems);
        let login =
            post_anonymously(&app, "/login", &[("email", attack), ("password", attack), ("next", attack)]).await?;
        check("POST login", &login, &mut problems);
    }
    assert!(problems.is_empty(), "{} injections:\n{}", problems.len(), problems.join("\n"));
    app.stop().await
}

/// POSTs a public form without a session.
async fn post_anonymously(app: &TestApp, path: &str, pairs: &[(&str, &str)]) -> anyhow::Result<Answer> {
    let response = signpost_tests::people::client()?.post(format!("{}{path}", app.address)).form(pairs).send().await?;
    signpost_tests::people::answer(response).await
}

#[tokio::test]
async fn a_refused_report_shows_the_text_once_as_text() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let record = ServiceBuilder::new("Plain Allotment Club").need("money").build();
    app.state.store.upsert_service(&record).await?;
    let path = format!("/services/{}/report", record.service.id);
    let answer = post_anonymously(&app, &path, &[("details", ATTACKS[0])]).await?;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.body.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"),
        "the text is kept, escaped: {}",
        answer.body
    );
    app.stop().await
}
