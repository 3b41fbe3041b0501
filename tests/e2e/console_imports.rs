//! Imports from other directories in the console, over HTTP: the real Bristol and North
//! Lincolnshire Open Referral UK v1 samples staged by upload and by URL, accepted, and
//! re-imported with nothing to do; a changed field shown as a diff; matching a
//! differently named existing record; merge and reject; who may use it and CSRF.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::Value;
use signpost_server::{
    auth::Role,
    storage::{
        imports::{Decision, MatchKind, StagedRecord},
        RecordStatus,
    },
};
use signpost_tests::{
    console_client::{serve_fixed, upload},
    fixtures::ServiceBuilder,
    people::{get, person, post, Person},
    shared_data, AppOptions, Backend, TestApp, TestData,
};
use uuid::Uuid;

use crate::on_both_backends;

const BRISTOL: &str = "openreferral/real_uk_oruk_v1_samples/bristol_services_sample.json";
const NORTH_LINCS: &str = "openreferral/real_uk_oruk_v1_samples/north_lincolnshire_services_sample.json";

fn options() -> AppOptions {
    AppOptions {
        sample_data: false,
        now: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).single().unwrap_or_else(Utc::now),
        ..AppOptions::default()
    }
}

/// Returns the batch id from a redirect to `/console/imports/{id}`.
fn batch_id(location: &str) -> anyhow::Result<Uuid> {
    let id = location.strip_prefix("/console/imports/").ok_or_else(|| anyhow::anyhow!("redirect {location:?}"))?;
    Ok(Uuid::parse_str(id)?)
}

async fn staged(app: &TestApp, batch: Uuid) -> anyhow::Result<Vec<StagedRecord>> {
    Ok(app.state.store.staged_records(batch).await?)
}

fn pending(records: &[StagedRecord]) -> Vec<&StagedRecord> {
    records.iter().filter(|record| record.decision == Decision::Pending).collect()
}

/// Accepts every pending record of a batch through the console.
async fn accept_all(app: &TestApp, curator: &Person, batch: Uuid) -> anyhow::Result<usize> {
    let records = staged(app, batch).await?;
    let waiting = pending(&records);
    for record in &waiting {
        let answer = post(app, curator, &format!("/console/imports/{batch}/{}/accept", record.id), &[], true).await?;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(answer.location, format!("/console/imports/{batch}?show=pending&done=accepted"));
    }
    Ok(waiting.len())
}

async fn real_council_feeds_stage_accept_and_reimport_with_nothing_to_do(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let curator = person(&app, Role::Curator).await?;
    let bristol = std::fs::read(shared_data(BRISTOL))?;
    let north_lincs = std::fs::read(shared_data(NORTH_LINCS))?;
    let feed_server = serve_fixed(HashMap::from([(
        "/services.json".to_owned(),
        ("200 OK".to_owned(), "Content-Type: application/json\r\n".to_owned(), north_lincs.clone()),
    )]))
    .await?;
    let feed_url = format!("{feed_server}/services.json");

    // Bristol by upload, North Lincolnshire by URL: everything is new and waits.
    let first = upload(&app, &curator, "", "bristol_services_sample.json", &bristol, true).await?;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let bristol_batch = batch_id(&first.location)?;
    let fetched =
        post(&app, &curator, "/console/imports/fetch", &[("source", "North Lincolnshire"), ("url", &feed_url)], true)
            .await?;
    assert_eq!(fetched.status, StatusCode::SEE_OTHER, "{}", fetched.body);
    let lincs_batch = batch_id(&fetched.location)?;
    assert_eq!(app.state.store.last_change_seq().await?, 0, "staging writes no service");
    assert_eq!(app.state.store.count_services().await?, 0);

    let batch = app.state.store.import_batch(bristol_batch).await?;
    assert_eq!(batch.source, "bristol_services_sample.json", "the file name is the default source");
    assert_eq!(batch.record_count + batch.problems.len() as i64, 250);
    assert!(batch.record_count >= 245, "nearly every real record is usable: {:?}", batch.problems);
    assert_eq!((batch.new_count, batch.unchanged_count), (batch.record_count, 0));
    let lincs = app.state.store.import_batch(lincs_batch).await?;
    assert_eq!(lincs.url.as_deref(), Some(feed_url.as_str()));
    assert!(lincs.record_count >= 245, "{:?}", lincs.problems);

    let list = get(&app, Some(&curator), "/console/imports").await?;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("bristol_services_sample.json") && list.body.contains("North Lincolnshire"));
    let page = get(&app, Some(&curator), &format!("/console/imports/{bristol_batch}?show=pending")).await?;
    assert!(page.body.contains(&format!(". {} to decide.", batch.record_count)), "{}", page.body);

    // Accept everything: each becomes a draft record with provenance and history.
    let accepted = accept_all(&app, &curator, bristol_batch).await? + accept_all(&app, &curator, lincs_batch).await?;
    assert_eq!(accepted as i64, batch.record_count + lincs.record_count);
    assert_eq!(app.state.store.count_services().await?, accepted as i64);
    let one = &staged(&app, bristol_batch).await?[0];
    let stored = app.state.store.get_service(Uuid::parse_str(&one.feed_id)?).await?;
    assert_eq!(stored.record_status, RecordStatus::Draft);
    assert_eq!(stored.provenance.source, "bristol_services_sample.json");
    let history = app.state.store.audit_history(stored.service.id).await?;
    assert!(history
        .iter()
        .any(|event| event.actor == curator.user.email
            && event.note == "import accepted from bristol_services_sample.json"));
    let provenance = app.state.store.source_records("bristol_services_sample.json").await?;
    assert_eq!(provenance.len() as i64, batch.record_count);
    assert!(provenance.iter().all(|record| record.last_decision == Decision::Accepted && record.service_id.is_some()));
    let seq = app.state.store.last_change_seq().await?;

    // The same feeds again: nothing to decide and nothing written.
    let again = upload(&app, &curator, "", "bristol_services_sample.json", &bristol, true).await?;
    let again_batch = app.state.store.import_batch(batch_id(&again.location)?).await?;
    assert_eq!(
        (again_batch.new_count, again_batch.matched_count, again_batch.unchanged_count),
        (0, 0, batch.record_count)
    );
    assert!(pending(&staged(&app, again_batch.id).await?).is_empty());
    let refetched =
        post(&app, &curator, "/console/imports/fetch", &[("source", "North Lincolnshire"), ("url", &feed_url)], true)
            .await?;
    let refetched_batch = batch_id(&refetched.location)?;
    assert!(pending(&staged(&app, refetched_batch).await?).is_empty());
    assert_eq!(app.state.store.last_change_seq().await?, seq, "re-importing writes nothing");
    let again_page = get(&app, Some(&curator), &format!("/console/imports/{}", again_batch.id)).await?;
    assert!(again_page.body.contains(". 0 to decide."), "{}", again_page.body);

    // One field changed in a copy of the feed: exactly that record waits, with that field.
    let mut copy: Value = serde_json::from_slice(&bristol)?;
    let records = copy.as_array_mut().ok_or_else(|| anyhow::anyhow!("the sample is a list"))?;
    let changed_id = records[3]["id"].as_str().unwrap_or_default().to_owned();
    records[3]["url"] = Value::String("https://changed.example.org/services".to_owned());
    let changed = upload(&app, &curator, "", "bristol_services_sample.json", &serde_json::to_vec(&copy)?, true).await?;
    let changed_batch = batch_id(&changed.location)?;
    let changed_records = staged(&app, changed_batch).await?;
    let waiting = pending(&changed_records);
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].feed_id, changed_id);
    assert_eq!(waiting[0].match_kind, MatchKind::Matched);
    assert_eq!(waiting[0].matched_service_id, Some(Uuid::parse_str(&changed_id)?));
    let diff = get(&app, Some(&curator), &format!("/console/imports/{changed_batch}/{}", waiting[0].id)).await?;
    assert_eq!(diff.status, StatusCode::OK);
    assert_eq!(diff.body.matches("<strong>Changed</strong>").count(), 1, "only the url differs: {}", diff.body);
    assert!(diff.body.contains(r#"<th scope="row">url</th>"#));
    assert!(diff.body.contains("<ins>https://changed.example.org/services</ins>"), "{}", diff.body);

    // Rejecting changes nothing, and the rejected version is not offered again.
    let before = app.state.store.get_service(Uuid::parse_str(&changed_id)?).await?;
    let rejected =
        post(&app, &curator, &format!("/console/imports/{changed_batch}/{}/reject", waiting[0].id), &[], true).await?;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.get_service(before.service.id).await?, before);
    assert_eq!(app.state.store.last_change_seq().await?, seq);
    let twice =
        post(&app, &curator, &format!("/console/imports/{changed_batch}/{}/accept", waiting[0].id), &[], true).await?;
    assert_eq!(twice.status, StatusCode::CONFLICT, "a decided record cannot be decided again");
    let after_reject =
        upload(&app, &curator, "", "bristol_services_sample.json", &serde_json::to_vec(&copy)?, true).await?;
    assert!(pending(&staged(&app, batch_id(&after_reject.location)?).await?).is_empty());
    assert_eq!(app.state.store.last_change_seq().await?, seq);
    app.stop().await
}
on_both_backends!(
    real_council_feeds_stage_accept_and_reimport_with_nothing_to_do,
    real_council_feeds_stage_accept_and_reimport_with_nothing_to_do
);

const LE1_6ZG: (f64, f64) = (52.63142, -1.13351);

async fn a_differently_named_record_is_matched_and_merged_field_by_field(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let curator = person(&app, Role::Curator).await?;
    let existing = ServiceBuilder::new("Age UK Leicestershire and Rutland")
        .description("Help for older people.")
        .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
        .phone("0116 496 0000")
        .build();
    app.state.store.upsert_service(&existing).await?;
    let incoming = ServiceBuilder::new("Age UK Leicester Shire & Rutland")
        .description("Advice, befriending and day centres for older people.")
        .at(LE1_6ZG.0, LE1_6ZG.1, "le1 6zg")
        .phone("+44 116 496 0000")
        .build();
    let feed = serde_json::to_vec(&vec![serde_json::to_value(&incoming.service)?])?;

    let staged_answer = upload(&app, &curator, "LLR partner directory", "partner.json", &feed, true).await?;
    assert_eq!(staged_answer.status, StatusCode::SEE_OTHER, "{}", staged_answer.body);
    let batch = batch_id(&staged_answer.location)?;
    let records = staged(&app, batch).await?;
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.match_kind, MatchKind::Matched);
    assert_eq!(record.matched_service_id, Some(existing.service.id));
    assert!(record.match_score >= 80, "{record:?}");
    let page = get(&app, Some(&curator), &format!("/console/imports/{batch}/{}", record.id)).await?;
    assert!(page.body.contains("Same postcode (LE16ZG)") && page.body.contains("Same phone number (01164960000)"));
    assert!(page.body.contains(r#"name="field_name""#) && page.body.contains(r#"name="field_description""#));

    // Keep the existing name, take the incoming description.
    let merged = post(
        &app,
        &curator,
        &format!("/console/imports/{batch}/{}/merge", record.id),
        &[("field_name", "existing"), ("field_description", "incoming")],
        true,
    )
    .await?;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let stored = app.state.store.get_service(existing.service.id).await?;
    assert_eq!(stored.service.name, "Age UK Leicestershire and Rutland");
    assert_eq!(stored.service.description.as_deref(), Some("Advice, befriending and day centres for older people."));
    assert_eq!(stored.record_status, RecordStatus::Published, "the workflow status is kept");
    assert_eq!(stored.provenance.source, "LLR partner directory");
    let history = app.state.store.audit_history(existing.service.id).await?;
    assert!(history
        .iter()
        .any(|event| event.field == "description" && event.note == "import merged from LLR partner directory"));
    assert!(!history.iter().any(|event| event.field == "name"));
    assert_eq!(app.state.store.count_services().await?, 1, "no second record");

    // The same feed again: the merged version was reviewed, so nothing waits.
    let seq = app.state.store.last_change_seq().await?;
    let again = upload(&app, &curator, "LLR partner directory", "partner.json", &feed, true).await?;
    let again_records = staged(&app, batch_id(&again.location)?).await?;
    assert_eq!(again_records[0].match_kind, MatchKind::Unchanged);
    assert_eq!(app.state.store.last_change_seq().await?, seq);
    app.stop().await
}
on_both_backends!(
    a_differently_named_record_is_matched_and_merged,
    a_differently_named_record_is_matched_and_merged_field_by_field
);

async fn only_curators_may_import_with_csrf_and_bad_input_changes_nothing(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let curator = person(&app, Role::Curator).await?;
    let feed = br#"[{"id": "x1", "name": "Allotment Club", "regular_schedules": []}]"#;

    let anonymous = get(&app, None, "/console/imports").await?;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location.starts_with("/login?next="), "{}", anonymous.location);
    for role in [Role::Staff, Role::Commissioner] {
        let someone = person(&app, role).await?;
        assert_eq!(get(&app, Some(&someone), "/console/imports").await?.status, StatusCode::FORBIDDEN);
        let refused = upload(&app, &someone, "", "feed.json", feed, true).await?;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
        let refused = post(&app, &someone, "/console/imports/fetch", &[("url", "http://127.0.0.1:9/x")], true).await?;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(upload(&app, &curator, "", "feed.json", feed, false).await?.status, StatusCode::FORBIDDEN, "no CSRF");
    let no_token = post(&app, &curator, "/console/imports/fetch", &[("url", "http://127.0.0.1:9/x")], false).await?;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);

    // Bad input: a clear message on the page, and no import.
    let feed_server = serve_fixed(HashMap::from([(
        "/moved".to_owned(),
        ("302 Found".to_owned(), "Location: http://elsewhere.example/feed\r\n".to_owned(), Vec::new()),
    )]))
    .await?;
    let cases = [
        ("ftp://example.org/feed.json", "starting with http:// or https://"),
        (&*format!("{feed_server}/moved"), "redirects to http://elsewhere.example/feed"),
        (&*format!("{feed_server}/missing"), "404 Not Found"),
    ];
    for (url, message) in cases {
        let answer = post(&app, &curator, "/console/imports/fetch", &[("url", url)], true).await?;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{url}");
        assert!(answer.body.contains("There is a problem") && answer.body.contains(message), "{url}: {}", answer.body);
    }
    let empty = upload(&app, &curator, "", "feed.json", b"", true).await?;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("Choose a file to upload"));
    let blank = upload(&app, &curator, "", "feed.json", b"  \n", true).await?;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert!(blank.body.contains("The file has no service records in it"));
    assert!(app.state.store.import_batches(10).await?.is_empty());

    // A record that cannot be read is listed with its reason; the rest are staged.
    let mixed =
        br#"[{"id": "x1", "name": "Allotment Club", "regular_schedules": []}, {"id": "x2", "regular_schedules": []}]"#;
    let answer = upload(&app, &curator, "", "feed.json", mixed, true).await?;
    let batch = app.state.store.import_batch(batch_id(&answer.location)?).await?;
    assert_eq!((batch.record_count, batch.problems.len()), (1, 1));
    let page = get(&app, Some(&curator), &answer.location).await?;
    assert!(page.body.contains("x2") && page.body.contains("no name"), "{}", page.body);
    assert_eq!(app.state.store.last_change_seq().await?, 0);
    app.stop().await
}
on_both_backends!(
    only_curators_may_import_with_csrf_and_bad_input_changes_nothing,
    only_curators_may_import_with_csrf_and_bad_input_changes_nothing
);
