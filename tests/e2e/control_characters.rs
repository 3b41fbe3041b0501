//! Control characters in text (issue 13): a NUL byte gave a 500 on PostgreSQL, even on
//! the anonymous report form. Forms now refuse them with a field error and store nothing,
//! query strings with them are refused, and imports strip them, on both backends.

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use signpost_server::{
    auth::Role,
    storage::{curation::InboxStatus, record_version},
};
use signpost_tests::{
    console_client::upload,
    fixtures::ServiceBuilder,
    people::{client, get, person, post},
    AppOptions, Backend, TestApp, TestData,
};

use crate::on_both_backends;

const MESSAGE: &str = "Remove the hidden control characters from this text";

async fn control_characters_are_refused_and_nothing_is_stored(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).single().unwrap_or_else(Utc::now);
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, now, ..AppOptions::default() }).await?;
    let record = ServiceBuilder::new("Plain Allotment Club").need("money").at(52.63142, -1.13351, "LE1 6ZG").build();
    let id = record.service.id;
    app.state.store.upsert_service(&record).await?;
    let before = app.state.store.get_service(id).await?;

    // The anonymous report form.
    let response = client()?
        .post(format!("{}/services/{id}/report", app.address))
        .form(&[("reason", "phone"), ("details", "The number is wrong\u{0}")])
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = response.text().await?;
    assert!(body.contains(MESSAGE) && body.contains(r##"href="#details""##), "{body}");
    assert_eq!(app.state.store.count_inbox(InboxStatus::New).await?, 0, "no report stored");

    // A console edit.
    let curator = person(&app, Role::Curator).await?;
    let version = record_version(&before);
    let edit = format!("/console/services/{id}/edit");
    let answer = post(
        &app,
        &curator,
        &edit,
        &[
            ("version", version.as_str()),
            ("name", "Plain Allotment Club"),
            ("description", "Growing food\u{0} together"),
            ("town", "Leicester\u{7}"),
            ("postcode", "LE1 6ZG"),
            ("needs", "money"),
        ],
        true,
    )
    .await?;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    for field in ["description", "town"] {
        assert!(answer.body.contains(&format!(r##"href="#{field}">{MESSAGE}"##)), "{field}: {}", answer.body);
    }
    assert_eq!(app.state.store.get_service(id).await?, before, "the record is unchanged");
    assert!(app.state.store.audit_history(id).await?.is_empty(), "nothing audited");

    // A helpline note.
    let staff = person(&app, Role::Staff).await?;
    let answer = post(
        &app,
        &staff,
        "/helpline/log",
        &[
            ("needs", "money"),
            ("support_level", "advice_information"),
            ("specialty", "adult"),
            ("outcome", "found_elsewhere"),
            ("notes", "Found a lunch club\u{0} at the library"),
        ],
        true,
    )
    .await?;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(answer.body.contains(MESSAGE) && answer.body.contains(r##"href="#notes""##), "{}", answer.body);
    assert!(app.state.store.helpline_queries_with_outcome("found_elsewhere", 10).await?.is_empty(), "nothing stored");

    // A referral note.
    let service = id.to_string();
    let answer = post(
        &app,
        &staff,
        "/referrals/new",
        &[
            ("service", service.as_str()),
            ("support_level", "needing-help"),
            ("action", "explore-needs"),
            ("care_plan_reference", "CP-1234567"),
            ("note", "Prefers afternoons\u{0}"),
        ],
        true,
    )
    .await?;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(answer.body.contains(MESSAGE), "{}", answer.body);

    // Line breaks and tabs are fine in long text.
    let answer = post(
        &app,
        &staff,
        "/helpline/log",
        &[
            ("needs", "money"),
            ("support_level", "advice_information"),
            ("specialty", "adult"),
            ("outcome", "found_elsewhere"),
            ("notes", "Found a lunch club\r\n\tat the library"),
        ],
        true,
    )
    .await?;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

    // Query strings: searches are counted in the database.
    for path in ["/search?q=debt%00&location=LE1+6ZG", "/api/v1/search?q=debt%00", "/helpline?q=%00food"] {
        let answer = get(&app, Some(&staff), path).await?;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}: {}", answer.body);
    }

    // Sign-in with a NUL in the email address.
    let response = client()?
        .post(format!("{}/login", app.address))
        .form(&[("email", "staff@example.org\u{0}"), ("password", "a long enough password")])
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    app.stop().await
}
on_both_backends!(control_characters_are_refused_on, control_characters_are_refused_and_nothing_is_stored);

async fn imported_records_lose_control_characters(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let curator = person(&app, Role::Curator).await?;
    let feed = r#"[{"id": "3f1c1d7e-0a7b-4d55-9d0e-2c4a8e1b9f10", "name": "Nul\u0000 Food Bank", "status": "active",
        "description": "Food parcels\u0007 on Fridays\nand Saturdays",
        "application_process": "Walk in\u0000"}]"#;
    let answer = upload(&app, &curator, "Nul feed", "feed.json", feed.as_bytes(), true).await?;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let batch = answer.location.clone();
    let page = get(&app, Some(&curator), &batch).await?;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Nul Food Bank"), "the name without its NUL: {}", page.body);
    app.stop().await
}
on_both_backends!(imported_records_lose_control_characters_on, imported_records_lose_control_characters);
