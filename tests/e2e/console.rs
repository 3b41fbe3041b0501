//! The curation console's service pages over HTTP: edits reach search within a second,
//! validation, the draft → published → archived workflow, verification, the audit
//! history, XSS payloads and who may use it.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use reqwest::{header, StatusCode};
use signpost_server::{
    auth::{self, Role},
    storage::{record_version, RecordStatus},
};
use signpost_tests::{
    fixtures::ServiceBuilder,
    names,
    people::{client, get_as as get, person, post_as as post, sign_in},
    AppOptions, Backend, TestApp, TestData,
};
use uuid::Uuid;

use crate::on_both_backends;

const LE1_6ZG: (f64, f64) = (52.63142, -1.13351);

/// A complete, valid edit form.
fn valid_form<'a>(name: &'a str, description: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("organisation", "Leicester Debt Trust"),
        ("description", description),
        ("url", "https://example.org/debt"),
        ("email", "help@example.org"),
        ("phones", "0116 123 4567\n0800 123 456"),
        ("address", "1 Town Hall Square"),
        ("town", "Leicester"),
        ("postcode", "LE1 6ZG"),
        ("mo_opens", "09:00"),
        ("mo_closes", "17:00"),
        ("fees", "Free"),
        ("eligibility", "Anyone in Leicester"),
        ("min_age", "18"),
        ("max_age", ""),
        ("how_to_access", "Phone us"),
        ("needs", "gardening-and-outdoors"),
        ("review_months", "6"),
    ]
}

fn options() -> AppOptions {
    AppOptions {
        sample_data: false,
        now: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).single().unwrap_or_else(Utc::now),
        ..AppOptions::default()
    }
}

async fn an_edit_becomes_searchable_and_is_audited(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let record = ServiceBuilder::new("Plain Allotment Club")
        .need("gardening-and-outdoors")
        .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
        .build();
    let id = record.service.id;
    app.state.store.upsert_service(&record).await?;
    app.state.keeper.catch_up().await?;
    let curator = person(&app, Role::Curator).await?;

    let (status, form) = get(&app, &curator, &format!("/console/services/{id}/edit")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(r#"value="Plain Allotment Club""#) && form.contains(&curator.csrf), "{form}");

    let version = record_version(&app.state.store.get_service(id).await?);
    let mut form = valid_form("Zanzibar Allotment Club", "Growing food together.");
    form.push(("version", &version));
    let (status, location, _) = post(&app, &curator, &format!("/console/services/{id}/edit"), &form).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/console/services/{id}?done=saved"));
    app.eventually("q=zanzibar", Duration::from_secs(1), |body| names(body) == ["Zanzibar Allotment Club"]).await?;

    let history = app.state.store.audit_history(id).await?;
    let name = history.iter().find(|event| event.field == "name").expect("the name change is recorded");
    assert_eq!(name.actor, curator.user.email);
    assert_eq!(name.old_value.as_deref(), Some(r#""Plain Allotment Club""#));
    assert_eq!(name.new_value.as_deref(), Some(r#""Zanzibar Allotment Club""#));
    assert!(name.occurred_at.starts_with("20"), "when: {}", name.occurred_at);
    assert!(history.iter().any(|event| event.field == "phones"), "phones added: {history:#?}");
    assert!(history.iter().all(|event| event.field != "id"), "unchanged fields are not listed");
    let (status, page) = get(&app, &curator, &format!("/console/services/{id}/history")).await?;
    assert_eq!(status, StatusCode::OK);
    for text in ["curator@example.org", "Plain Allotment Club", "Zanzibar Allotment Club", "<td>name</td>"] {
        assert!(page.contains(&text.replace('"', "&quot;")) || page.contains(text), "{text} in history");
    }
    app.stop().await
}
on_both_backends!(an_edit_becomes_searchable_and_is_audited_on, an_edit_becomes_searchable_and_is_audited);

#[tokio::test]
async fn validation_errors_change_nothing() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let record = ServiceBuilder::new("Steady Club").need("gardening-and-outdoors").build();
    let id = record.service.id;
    app.state.store.upsert_service(&record).await?;
    let curator = person(&app, Role::Curator).await?;
    let before = app.state.store.get_service(id).await?;
    let version = record_version(&before);
    let bad = [
        ("version", version.as_str()),
        ("name", "Changed Name"),
        ("url", "javascript:alert(1)"),
        ("phones", "call us maybe"),
        ("postcode", "ZZ9 9ZZ"),
        ("address", "Nowhere"),
        ("mo_opens", "9am-ish"),
        ("mo_closes", "17:00"),
        ("email", "not-an-email"),
    ];
    let (status, _, html) = post(&app, &curator, &format!("/console/services/{id}/edit"), &bad).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("nhsuk-error-summary") && html.contains("There is a problem"), "{html}");
    for message in [
        "Enter a website address that starts with http:// or https://",
        "Enter UK phone numbers",
        "Enter a real postcode",
        "Enter opening and closing times",
        "Select at least one need",
        "Enter an email address",
    ] {
        assert!(html.contains(message), "{message}");
    }
    assert!(html.contains(r#"value="Changed Name""#), "the form keeps what was typed");
    assert_eq!(app.state.store.get_service(id).await?, before, "nothing stored");
    assert!(app.state.store.audit_history(id).await?.is_empty(), "nothing audited");
    app.stop().await
}

#[tokio::test]
async fn the_workflow_controls_public_visibility_and_verification_sets_the_review_date() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let curator = person(&app, Role::Curator).await?;

    let (status, location, _) =
        post(&app, &curator, "/console/services/new", &valid_form("Quetzal Garden Share", "Shared plots.")).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "created");
    let id: Uuid = location.trim_start_matches("/console/services/").trim_end_matches("?done=saved").parse()?;
    let stored = app.state.store.get_service(id).await?;
    assert_eq!(stored.record_status, RecordStatus::Draft);
    let location = &stored.service.service_at_locations[0].location;
    assert!(location.latitude.is_some() && location.longitude.is_some(), "coordinates from the postcode");
    assert_eq!(app.get_text(&format!("/services/{id}")).await?.0, StatusCode::NOT_FOUND, "drafts are not public");

    let (status, preview) = get(&app, &curator, &format!("/console/services/{id}/preview")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(preview.contains("Quetzal Garden Share") && preview.contains("Shared plots."), "preview");

    let status_path = format!("/console/services/{id}/status");
    let (status, _, _) = post(&app, &curator, &status_path, &[("status", "published")]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.get_text(&format!("/services/{id}")).await?.0, StatusCode::OK, "published is public");
    app.eventually("q=quetzal", Duration::from_secs(1), |body| names(body) == ["Quetzal Garden Share"]).await?;

    let (status, _, _) = post(&app, &curator, &format!("/console/services/{id}/verify"), &[]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let verified = app.state.store.get_service(id).await?;
    assert_eq!(verified.service.assured_date.as_deref(), Some("2026-11-20"));
    assert_eq!(verified.service.assurer_email.as_deref(), Some(curator.user.email.as_str()));
    assert_eq!(verified.review_due_date.as_deref(), Some("2027-05-20"), "six months on");

    let (status, _, _) = post(&app, &curator, &status_path, &[("status", "archived")]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.get_text(&format!("/services/{id}")).await?.0, StatusCode::NOT_FOUND, "archived is not public");
    app.eventually("q=quetzal", Duration::from_secs(1), |body| names(body).is_empty()).await?;

    let notes: Vec<String> = app.state.store.audit_history(id).await?.into_iter().map(|event| event.note).collect();
    for note in ["edited", "published", "checked and still accurate", "archived"] {
        assert!(notes.iter().any(|n| n == note), "{note} in {notes:?}");
    }

    let (status, list) = get(&app, &curator, "/console/services?status=archived&q=quetzal").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Quetzal Garden Share") && list.contains("1 records"), "{list}");
    let (_, list) = get(&app, &curator, "/console/services?status=published&q=quetzal").await?;
    assert!(list.contains("0 records") && !list.contains("Quetzal Garden Share"), "status filter");
    let (_, list) =
        get(&app, &curator, "/console/services?need=gardening-and-outdoors&source=console&due=overdue").await?;
    assert!(list.contains("0 records"), "not overdue");
    app.stop().await
}

#[tokio::test]
async fn xss_payloads_in_descriptions_are_neutralised() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let curator = person(&app, Role::Curator).await?;
    let payload = concat!(
        "<p>Safe words.</p><script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(2)\">click</a>",
        "<svg onload=alert(3)></svg>",
        "&lt;script&gt;alert(4)&lt;/script&gt;",
    );
    let (status, location, _) =
        post(&app, &curator, "/console/services/new", &valid_form("Xenon Garden", payload)).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = location.trim_start_matches("/console/services/").trim_end_matches("?done=saved").to_owned();
    post(&app, &curator, &format!("/console/services/{id}/status"), &[("status", "published")]).await?;
    let stored = app.state.store.get_service(id.parse()?).await?.service.description.unwrap_or_default();
    let (status, page) = app.get_text(&format!("/services/{id}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(stored.contains("Safe words.") && page.contains("Safe words."), "{stored}");
    for bad in ["<script", "onerror", "javascript:", "<svg", "onload", "<img"] {
        assert!(!stored.to_lowercase().contains(bad), "{bad} stored: {stored}");
    }
    // The page's own icons are SVG, so only the payloads' parts are looked for there.
    for bad in ["<script", "onerror", "javascript:", "<svg onload", "onload", "<img"] {
        assert!(!page.to_lowercase().contains(bad), "{bad} on the public page");
    }
    app.stop().await
}

#[tokio::test]
async fn only_curators_and_admins_use_the_console_services() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let record = ServiceBuilder::new("Guarded Club").need("gardening-and-outdoors").build();
    let id = record.service.id;
    app.state.store.upsert_service(&record).await?;
    for role in [Role::Staff, Role::Commissioner] {
        let who = person(&app, role).await?;
        assert_eq!(get(&app, &who, "/console/services").await?.0, StatusCode::FORBIDDEN, "{role}");
        let (status, _, _) =
            post(&app, &who, &format!("/console/services/{id}/edit"), &valid_form("Taken Over", "x")).await?;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let admin = person(&app, Role::Admin).await?;
    assert_eq!(get(&app, &admin, "/console/services").await?.0, StatusCode::OK, "admin is implied");
    let anonymous = client()?.get(format!("{}/console/services/{id}/edit", app.address)).send().await?;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let to = anonymous.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(to, format!("/login?next=%2Fconsole%2Fservices%2F{id}%2Fedit"));
    assert_eq!(app.state.store.get_service(id).await?.service.name, "Guarded Club", "unchanged");
    app.stop().await
}

/// Stores a record with a review date (`None` for none) and the given status.
async fn record_due(app: &TestApp, name: &str, due: Option<&str>, status: RecordStatus) -> anyhow::Result<Uuid> {
    let mut record = ServiceBuilder::new(name).status(status).build();
    record.review_due_date = due.map(str::to_owned);
    app.state.store.upsert_service(&record).await?;
    Ok(record.service.id)
}

/// Returns where each name first appears in `html`, failing when one is missing.
fn positions(html: &str, names: &[&str]) -> anyhow::Result<Vec<usize>> {
    names.iter().map(|name| html.find(name).ok_or_else(|| anyhow::anyhow!("{name} missing"))).collect()
}

#[tokio::test]
async fn the_review_queue_and_dashboard_follow_the_clock() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let curator = person(&app, Role::Curator).await?;
    let published = RecordStatus::Published;
    let beech = record_due(&app, "Beech Walkers", Some("2026-11-10"), published).await?;
    let gorse = record_due(&app, "Gorse Lunch Club", Some("2026-04-01"), published).await?;
    record_due(&app, "Ash Knitters", None, published).await?;
    record_due(&app, "Cedar Choir", Some("2026-11-25"), published).await?;
    record_due(&app, "Damson Cafe", Some("2027-01-01"), published).await?;
    record_due(&app, "Elm Men's Shed", Some("2026-11-20"), published).await?;
    record_due(&app, "Hazel Swim", Some("2026-11-30"), published).await?;
    record_due(&app, "Fig Draft Group", Some("2026-01-01"), RecordStatus::Draft).await?;

    let (status, queue) = get(&app, &curator, "/console/review").await?;
    assert_eq!(status, StatusCode::OK);
    let order = ["Ash Knitters", "Gorse Lunch Club", "Beech Walkers", "Elm Men", "Cedar Choir", "Hazel Swim", "Damson"];
    let found = positions(&queue, &order)?;
    assert!(found.windows(2).all(|pair| pair[0] < pair[1]), "oldest due first, none first: {found:?}");
    assert!(!queue.contains("Fig Draft Group"), "only published records");
    assert!(queue.contains("7 published records, page 1 of 1"));
    for label in ["No review date", "Overdue by 233 days", "Overdue by 10 days", "Due today", "Due in 5 days"] {
        assert!(queue.contains(label), "{label}");
    }
    assert!(queue.contains(&format!(r#"href="/console/services/{beech}""#)), "links to the record");

    let (_, dashboard) = get(&app, &curator, "/console").await?;
    assert!(dashboard.contains("2 records overdue"), "{dashboard}");
    assert!(dashboard.contains("3 records due this month"), "{dashboard}");
    assert!(dashboard.contains(r#"href="/console/review""#));

    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).single().unwrap_or_else(Utc::now));
    // The first session has timed out by now, so sign in afresh.
    let user = auth::new_user("later@example.org", "Later", Role::Curator, "a long enough password", Utc::now())?;
    app.state.store.create_user(&user).await?;
    let curator = sign_in(&app, user).await?;
    let (_, queue) = get(&app, &curator, "/console/review").await?;
    assert!(queue.contains("Overdue by 7 days") && queue.contains("Due in 30 days"), "{queue}");
    let (_, dashboard) = get(&app, &curator, "/console").await?;
    assert!(dashboard.contains("5 records overdue") && dashboard.contains("0 records due this month"));

    let notice = "This information was last checked over a year ago";
    let (status, page) = app.get_text(&format!("/services/{gorse}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(notice) && page.contains("nhsuk-inset-text"), "long overdue");
    let (_, page) = app.get_text(&format!("/services/{beech}")).await?;
    assert!(!page.contains(notice), "only a little overdue");
    app.stop().await
}

#[tokio::test]
async fn only_curators_see_the_review_queue() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, options()).await?;
    for role in [Role::Staff, Role::Commissioner] {
        let who = person(&app, role).await?;
        assert_eq!(get(&app, &who, "/console/review").await?.0, StatusCode::FORBIDDEN, "{role}");
    }
    let anonymous = client()?.get(format!("{}/console/review", app.address)).send().await?;
    assert_ne!(anonymous.status(), StatusCode::OK, "signed out");
    app.stop().await
}
