//! The curation console's review interval, inbox (public reports and staff suggestions),
//! search insight and synonyms, over HTTP on both backends.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use signpost_server::{
    auth::Role,
    storage::curation::{InboxKind, InboxStatus},
};
use signpost_tests::{
    fixtures::ServiceBuilder,
    names,
    people::{get_as, person, post_as},
    AppOptions, Backend, TestApp, TestData,
};
use uuid::Uuid;

use crate::on_both_backends;

const LE1_6ZG: (f64, f64) = (52.63142, -1.13351);

fn options() -> AppOptions {
    AppOptions {
        sample_data: false,
        now: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).single().unwrap_or_else(Utc::now),
        ..AppOptions::default()
    }
}

/// Stores a published allotment club in Leicester and indexes it; returns its id.
async fn allotment_club(app: &TestApp, name: &str) -> anyhow::Result<Uuid> {
    let record = ServiceBuilder::new(name)
        .need("gardening-and-outdoors")
        .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
        .assured(Some("2026-05-20"))
        .build();
    let id = record.service.id;
    app.state.store.upsert_service(&record).await?;
    app.state.keeper.catch_up().await?;
    Ok(id)
}

/// A complete, valid edit form with a review interval.
fn edit_form<'a>(months: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", version),
        ("name", "Plain Allotment Club"),
        ("organisation", "Leicester Growers"),
        ("description", "Growing food together."),
        ("address", "1 Town Hall Square"),
        ("town", "Leicester"),
        ("postcode", "LE1 6ZG"),
        ("needs", "gardening-and-outdoors"),
        ("review_months", months),
    ]
}

/// Returns the version an edit form made now would carry.
async fn version_of(app: &TestApp, id: uuid::Uuid) -> anyhow::Result<String> {
    Ok(signpost_server::storage::record_version(&app.state.store.get_service(id).await?))
}

async fn the_review_interval_is_kept_per_record(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let id = allotment_club(&app, "Plain Allotment Club").await?;
    let curator = person(&app, Role::Curator).await?;
    let edit = format!("/console/services/{id}/edit");

    let (_, form) = get_as(&app, &curator, &edit).await?;
    assert!(form.contains(r#"<option value="6" selected"#), "the default is 6 months: {form}");

    let (status, _, page) = post_as(&app, &curator, &edit, &edit_form("7", &version_of(&app, id).await?)).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Choose how often to check this record"), "{page}");
    assert_eq!(app.state.store.review_interval(id).await?, None, "nothing stored");

    let (status, _, _) = post_as(&app, &curator, &edit, &edit_form("3", &version_of(&app, id).await?)).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.review_interval(id).await?, Some(3));
    let stored = app.state.store.get_service(id).await?;
    assert_eq!(stored.review_due_date.as_deref(), Some("2026-08-20"), "3 months after the last check");
    let (_, form) = get_as(&app, &curator, &edit).await?;
    assert!(form.contains(r#"<option value="3" selected"#), "the form shows the stored interval");

    let (status, _, _) = post_as(&app, &curator, &format!("/console/services/{id}/verify"), &[]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = app.state.store.get_service(id).await?;
    assert_eq!(stored.service.assured_date.as_deref(), Some("2026-11-20"));
    assert_eq!(stored.review_due_date.as_deref(), Some("2027-02-20"), "checked today, due in 3 months");
    let (_, queue) = get_as(&app, &curator, "/console/review").await?;
    assert!(queue.contains("2027-02-20"), "the queue uses the new date");

    let (status, _, _) = post_as(&app, &curator, &edit, &edit_form("12", &version_of(&app, id).await?)).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.get_service(id).await?.review_due_date.as_deref(), Some("2027-11-20"));
    app.stop().await
}
on_both_backends!(the_review_interval_is_kept_per_record_on, the_review_interval_is_kept_per_record);

async fn reports_and_suggestions_reach_the_inbox(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let id = allotment_club(&app, "Plain Allotment Club").await?;
    let curator = person(&app, Role::Curator).await?;
    let staff = person(&app, Role::Staff).await?;

    // A public report needs no sign-in.
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .post(format!("{}/services/{id}/report", app.address))
        .form(&[("reason", "phone"), ("details", "The number rings out")])
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Signed-in staff are offered "Suggest a change" on the public page; the public is not.
    let suggest = format!("/services/{id}/suggest");
    let (_, public_page) = get_as(&app, &staff, &format!("/services/{id}")).await?;
    assert!(public_page.contains(&format!(r#"href="{suggest}""#)), "staff see the link");
    assert!(!app.get_text(&format!("/services/{id}")).await?.1.contains(&suggest), "the public does not");
    let (status, form) = get_as(&app, &staff, &suggest).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Suggest a change") && form.contains(&staff.csrf));
    let (status, _, page) = post_as(&app, &staff, &suggest, &[("reason", "closed")]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a suggestion needs words");
    assert!(page.contains("Enter what should change"));
    let (status, location, _) =
        post_as(&app, &staff, &suggest, &[("reason", "closed"), ("details", "It closed at the end of October")])
            .await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/services/{id}/suggest?sent=1"));

    let items = app.state.store.inbox(None, 10).await?;
    assert_eq!(items.len(), 2);
    let suggestion = items.iter().find(|item| item.kind == InboxKind::StaffSuggestion).expect("suggestion stored");
    assert_eq!(suggestion.staff_user_id, Some(staff.user.id));
    assert_eq!(suggestion.report.details, "It closed at the end of October");
    assert!(items.iter().any(|item| item.kind == InboxKind::Report && item.report.reason == "phone"));

    let (_, dashboard) = get_as(&app, &curator, "/console").await?;
    assert!(dashboard.contains("2 new messages"), "{dashboard}");
    let (status, inbox) = get_as(&app, &curator, "/console/inbox").await?;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Public report",
        "Staff suggestion",
        "The service has closed",
        "The number rings out",
        &format!(r#"href="/console/services/{id}""#),
    ] {
        assert!(inbox.contains(text), "{text} in the inbox");
    }

    // Status changes are for curators, carry the CSRF token, and are audited.
    let status_path = format!("/console/inbox/{}/status", suggestion.report.id);
    let (status, _, _) = post_as(&app, &staff, &status_path, &[("status", "closed")]).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "staff cannot change the inbox");
    assert_eq!(get_as(&app, &staff, "/console/inbox").await?.0, StatusCode::FORBIDDEN);
    let mut no_token = curator.clone();
    no_token.csrf = "wrong".into();
    assert_eq!(post_as(&app, &no_token, &status_path, &[("status", "closed")]).await?.0, StatusCode::FORBIDDEN);
    let (status, _, _) = post_as(&app, &curator, &status_path, &[("status", "nonsense")]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, location, _) = post_as(&app, &curator, &status_path, &[("status", "in_progress")]).await?;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/console/inbox?done=status"));
    let events = app.state.store.inbox_events(suggestion.report.id).await?;
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].actor.as_str(), events[0].old_status.as_str()), (curator.user.email.as_str(), "new"));
    assert_eq!(events[0].new_status, "in_progress");
    assert!(events[0].occurred_at.starts_with("2026-11-20"), "{}", events[0].occurred_at);
    assert_eq!(app.state.store.count_inbox(InboxStatus::New).await?, 1);
    let (_, in_progress) = get_as(&app, &curator, "/console/inbox?status=in_progress").await?;
    assert!(in_progress.contains("It closed at the end of October") && !in_progress.contains("rings out"));
    assert!(in_progress.contains(&format!("By {}", curator.user.email)), "who changed it is shown");

    // Anonymous visitors are sent to sign in; unknown services are not found.
    let (status, _) = app.get_text(&suggest).await?;
    assert_eq!(status, StatusCode::OK, "the login page after the redirect");
    let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let response = bare.get(format!("{}{suggest}", app.address)).send().await?;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let missing = format!("/services/{}/suggest", Uuid::new_v4());
    assert_eq!(get_as(&app, &staff, &missing).await?.0, StatusCode::NOT_FOUND);
    app.stop().await
}
on_both_backends!(reports_and_suggestions_reach_the_inbox_on, reports_and_suggestions_reach_the_inbox);

/// Depends on the patient-data guard's detectors (`signpost_server::guard`).
#[tokio::test]
async fn a_suggestion_the_guard_refuses_is_not_stored() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let id = allotment_club(&app, "Plain Allotment Club").await?;
    let staff = person(&app, Role::Staff).await?;
    let text = "Mrs Jane Doe at LE1 6ZG says it has closed";
    let (status, _, page) =
        post_as(&app, &staff, &format!("/services/{id}/suggest"), &[("reason", "closed"), ("details", text)]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Remove it") && page.contains("full postcode"), "names what to remove: {page}");
    assert!(app.state.store.inbox(None, 10).await?.is_empty(), "nothing stored");
    app.stop().await
}

async fn insight_counts_searches_without_personal_data(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    allotment_club(&app, "Plain Allotment Club").await?;
    let curator = person(&app, Role::Curator).await?;

    let nothing = "q=Zorblat+classes+ann%40example.org+0116+496+0000&location=LE1+6ZG&free=true";
    assert!(names(&app.search(nothing).await?).is_empty());
    assert!(names(&app.search(nothing).await?).is_empty());
    assert!(names(&app.search(&format!("{nothing}&page=2")).await?).is_empty(), "later pages are not counted");
    let (status, _) = app.get_text(&format!("/search?{nothing}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(names(&app.search("q=allotment&age=70").await?), ["Plain Allotment Club"]);

    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    let rows = loop {
        let rows = app.state.store.search_insight("2026-11-01", 50).await?;
        if rows.iter().map(|row| row.zero + row.few).sum::<i64>() >= 4 || tokio::time::Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    let zero = rows.iter().find(|row| row.zero > 0).expect("the zero-result search is counted");
    assert_eq!(zero.shape.words, "zorblat classes");
    assert_eq!(zero.shape.district, "E06000016", "the district, never the postcode");
    assert!(zero.shape.free_only && zero.zero == 3 && zero.few == 0, "{zero:?}");
    let few = rows.iter().find(|row| row.few > 0).expect("the one-result search is counted");
    assert_eq!((few.shape.words.as_str(), few.shape.age_band.as_str(), few.few), ("allotment", "65+", 1));
    for row in &rows {
        let text = format!("{row:?}").to_lowercase();
        for personal in ["le1", "6zg", "@", "example", "0116", "496", "ann"] {
            assert!(!text.contains(personal), "{personal} kept in {text}");
        }
    }
    assert!(app.state.store.search_insight("2026-11-21", 50).await?.is_empty(), "the period is respected");

    let (status, page) = get_as(&app, &curator, "/console/insight?days=7").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("zorblat classes") && page.contains("Leicester") && page.contains("Free"), "{page}");
    assert!(page.contains(r#"href="/console/synonyms?words=zorblat+classes""#));
    assert!(!page.contains("LE1 6ZG") && !page.contains("example.org"));
    let staff = person(&app, Role::Staff).await?;
    assert_eq!(get_as(&app, &staff, "/console/insight").await?.0, StatusCode::FORBIDDEN);
    app.stop().await
}
on_both_backends!(insight_counts_searches_without_personal_data_on, insight_counts_searches_without_personal_data);

async fn a_synonym_added_in_the_console_works_at_once(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    allotment_club(&app, "Plain Allotment Club").await?;
    let other = TestApp::spawn(&data, AppOptions { instance: "b".into(), ..options() }).await?;
    let curator = person(&app, Role::Curator).await?;
    assert!(names(&app.search("q=zorblat").await?).is_empty());
    let seeded = app.state.store.synonym_rules().await?.expect("seeded from seed-data");
    assert!(seeded.rules.contains("skint") && seeded.version == 1, "seeded once");

    let (_, page) = get_as(&app, &curator, "/console/synonyms?words=zorblat").await?;
    assert!(page.contains(r#"value="zorblat""#) && page.contains("skint"), "prefilled, with the rules");

    let (status, _, page) = post_as(&app, &curator, "/console/synonyms/add", &[("words", "zorblat")]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Enter what services those words should also find"));
    let bad_rules = format!("{}\nfoo => bar => baz\n", seeded.rules);
    let (status, _, page) = post_as(&app, &curator, "/console/synonyms", &[("rules", &bad_rules)]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let line = seeded.rules.lines().count() + 2;
    assert!(page.contains(&format!("line {line}")), "names the bad line {line}: {page}");
    assert_eq!(app.state.store.synonyms_version().await?, 1, "nothing saved");

    let started = std::time::Instant::now();
    let (status, location, _) =
        post_as(&app, &curator, "/console/synonyms/add", &[("words", "Zorblat"), ("meaning", "allotment")]).await?;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/console/synonyms?done=saved"));
    app.eventually("q=zorblat", Duration::from_secs(1), |body| names(body) == ["Plain Allotment Club"]).await?;
    other.eventually("q=zorblat", Duration::from_secs(1), |body| names(body) == ["Plain Allotment Club"]).await?;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(app.state.store.synonyms_version().await?, 2);
    assert!(app
        .state
        .store
        .synonym_rules()
        .await?
        .is_some_and(|rules| rules.rules.ends_with("zorblat => allotment\n")));
    other.stop().await?;
    app.stop().await
}
on_both_backends!(a_synonym_added_in_the_console_works_at_once_on, a_synonym_added_in_the_console_works_at_once);
