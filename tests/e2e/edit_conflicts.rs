//! Console edits with optimistic concurrency (issue 13): two curators editing one record
//! no longer overwrite each other silently, a save that changes nothing writes and audits
//! nothing, and opening times left alone keep their schedules.

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use signpost_server::{
    auth::{self, Role},
    storage::record_version,
};
use signpost_tests::{
    fixtures::ServiceBuilder,
    people::{get_as, post_as, sign_in, Person},
    AppOptions, Backend, TestApp, TestData,
};
use uuid::Uuid;

use crate::on_both_backends;

fn options() -> AppOptions {
    AppOptions {
        sample_data: false,
        now: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).single().unwrap_or_else(Utc::now),
        ..AppOptions::default()
    }
}

async fn curator(app: &TestApp, email: &str) -> anyhow::Result<Person> {
    let user = auth::new_user(email, "A curator", Role::Curator, "a long enough password", Utc::now())?;
    app.state.store.create_user(&user).await?;
    sign_in(app, user).await
}

/// Returns the value of the edit form's hidden `version` field.
fn version_in(html: &str) -> String {
    html.split(r#"name="version" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// The edit form as a browser would send it unchanged, with `name` and `description`.
fn form<'a>(version: &'a str, name: &'a str, description: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", version),
        ("name", name),
        ("organisation", "Plain Allotment Club Trust"),
        ("description", description),
        ("url", "https://example.org/test"),
        ("address", "1 Town Hall Square"),
        ("town", "Leicester"),
        ("postcode", "LE1 6ZG"),
        ("mo_opens", "09:00"),
        ("mo_closes", "17:00"),
        ("tu_opens", "09:00"),
        ("tu_closes", "17:00"),
        ("needs", "money"),
        ("review_months", "6"),
    ]
}

async fn a_record(app: &TestApp) -> anyhow::Result<Uuid> {
    let mut record = ServiceBuilder::new("Plain Allotment Club")
        .need("money")
        .description("Growing food together.")
        .at(52.63142, -1.13351, "LE1 6ZG")
        .open("MO,TU", "09:00", "17:00")
        .build();
    if let Some(address) =
        record.service.service_at_locations.first_mut().and_then(|at| at.location.addresses.first_mut())
    {
        address.address_1 = "1 Town Hall Square".into();
        address.city = "Leicester".into();
    }
    app.state.store.upsert_service(&record).await?;
    Ok(record.service.id)
}

async fn a_stale_save_is_refused_with_both_versions(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let id = a_record(&app).await?;
    let (first, second) = (curator(&app, "first@example.org").await?, curator(&app, "second@example.org").await?);
    let edit = format!("/console/services/{id}/edit");

    // Both open the form.
    let (_, first_form) = get_as(&app, &first, &edit).await?;
    let (_, second_form) = get_as(&app, &second, &edit).await?;
    let version = version_in(&first_form);
    assert_eq!(version.len(), 32, "the form carries the record's version: {first_form}");
    assert_eq!(version_in(&second_form), version);

    // The first saves.
    let (status, _, body) =
        post_as(&app, &first, &edit, &form(&version, "Zanzibar Allotment Club", "Growing food together.")).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let saved = app.state.store.get_service(id).await?;
    let events = app.state.store.audit_history(id).await?.len();

    // The second saves from the old version: refused, both versions shown, nothing written.
    let (status, _, page) =
        post_as(&app, &second, &edit, &form(&version, "Plain Allotment Club", "Allotments for everyone.")).await?;
    assert_eq!(status, StatusCode::CONFLICT, "{page}");
    assert!(page.contains("Someone else saved this record while you were editing it"), "{page}");
    assert!(page.contains("Allotments for everyone."), "the second curator's text is kept: {page}");
    assert!(page.contains("<td>Zanzibar Allotment Club</td>"), "the saved name is shown: {page}");
    assert!(page.contains("<td>Plain Allotment Club</td>"), "their own name is shown: {page}");
    assert_eq!(app.state.store.get_service(id).await?, saved, "nothing written");
    assert_eq!(app.state.store.audit_history(id).await?.len(), events, "nothing audited");

    // Saving again from the conflict page is a deliberate choice, and works.
    let current = version_in(&page);
    assert_eq!(current, record_version(&saved));
    let (status, _, body) =
        post_as(&app, &second, &edit, &form(&current, "Plain Allotment Club", "Allotments for everyone.")).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(app.state.store.get_service(id).await?.service.description.as_deref(), Some("Allotments for everyone."));

    // A form without a version is refused too.
    let mut unversioned = form("", "Someone Else's Club", "x");
    unversioned.remove(0);
    let (status, _, _) = post_as(&app, &first, &edit, &unversioned).await?;
    assert_eq!(status, StatusCode::CONFLICT);
    app.stop().await
}
on_both_backends!(a_stale_save_is_refused_on, a_stale_save_is_refused_with_both_versions);

async fn a_save_that_changes_nothing_audits_nothing(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options()).await?;
    let id = a_record(&app).await?;
    let curator = curator(&app, "curator@example.org").await?;
    let edit = format!("/console/services/{id}/edit");
    let before = app.state.store.get_service(id).await?;
    let (_, html) = get_as(&app, &curator, &edit).await?;
    let version = version_in(&html);

    // Unchanged, with the line endings a browser sends.
    let (status, location, body) =
        post_as(&app, &curator, &edit, &form(&version, "Plain Allotment Club", "Growing food together.\r\n")).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location, format!("/console/services/{id}?done=unchanged"));
    assert_eq!(app.state.store.get_service(id).await?, before, "nothing written");
    assert!(app.state.store.audit_history(id).await?.is_empty(), "nothing audited");
    let (_, page) = get_as(&app, &curator, &location).await?;
    assert!(page.contains("Nothing was changed"), "{page}");

    // Changing the name alone keeps the schedules (and their ids) as they were.
    let (status, _, body) =
        post_as(&app, &curator, &edit, &form(&version, "Zanzibar Allotment Club", "Growing food together.")).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let after = app.state.store.get_service(id).await?;
    assert_eq!(after.service.schedules, before.service.schedules, "schedules kept");
    let fields: Vec<String> = app.state.store.audit_history(id).await?.into_iter().map(|event| event.field).collect();
    assert!(fields.contains(&"name".to_owned()), "{fields:?}");
    assert!(!fields.iter().any(|field| field.contains("schedule")), "no schedule change audited: {fields:?}");

    // Changing the hours does rebuild them.
    let version = record_version(&after);
    let mut changed = form(&version, "Zanzibar Allotment Club", "Growing food together.");
    changed.push(("we_opens", "10:00"));
    changed.push(("we_closes", "12:00"));
    let (status, _, body) = post_as(&app, &curator, &edit, &changed).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(app.state.store.get_service(id).await?.service.schedules.len(), 3);
    app.stop().await
}
on_both_backends!(a_save_that_changes_nothing_audits_nothing_on, a_save_that_changes_nothing_audits_nothing);
