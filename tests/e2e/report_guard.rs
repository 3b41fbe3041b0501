//! The public "report a problem" form goes through the patient-data guard: a report with
//! an NHS number, a personal phone number or a home address is refused with a message
//! that says what to leave out, is not echoed back and is stored nowhere (the whole
//! database is searched); a report quoting the service's own listed number and address
//! is stored.

use chrono::{TimeZone, Utc};
use reqwest::{redirect::Policy, StatusCode};
use signpost_tests::{fixtures::ServiceBuilder, AppOptions, Backend, TestApp, TestData};

use crate::{helpline::database_text, on_both_backends};

/// A made-up NHS number with a valid check digit.
const NHS_NUMBER: &str = "642 323 2210";
/// A word that appears nowhere else, to find the refused text if any of it was kept.
const MARKER: &str = "Quixotically";

async fn a_report_with_personal_details_is_refused_and_stored_nowhere(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let options = AppOptions {
        sample_data: false,
        now: Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).single().unwrap_or_else(Utc::now),
        ..AppOptions::default()
    };
    let app = TestApp::spawn(&data, options).await?;
    // Ofcom's drama range and a test street: what the service lists about itself.
    let mut record = ServiceBuilder::new("Guarded Lunch Club")
        .need("food-and-essentials")
        .at(52.63142, -1.13351, "LE1 6ZG")
        .phone("0116 496 0000")
        .build();
    for at in &mut record.service.service_at_locations {
        for address in &mut at.location.addresses {
            address.address_1 = "12 Test Street".into();
        }
    }
    let id = record.service.id;
    app.state.store.upsert_service(&record).await?;
    app.state.keeper.catch_up().await?;
    let client = reqwest::Client::builder().redirect(Policy::none()).build()?;
    let url = format!("{}/services/{id}/report", app.address);
    let digits = NHS_NUMBER.replace(' ', "");
    let stored_anywhere = |text: &str| text.contains(NHS_NUMBER) || text.contains(&digits) || text.contains(MARKER);
    assert!(!stored_anywhere(&database_text(&data).await?), "not there to begin with");

    for details in [
        format!("{MARKER} wrong page, my NHS number is {NHS_NUMBER}"),
        format!("{MARKER}: ring me back on 07700 900431"),
        format!("{MARKER}, I live at 7 Church Lane and they never came"),
        format!("{MARKER} caller (Jane Doe) says the number is dead"),
    ] {
        let refused = client.post(&url).form(&[("reason", "other"), ("details", details.as_str())]).send().await?;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{details}");
        let page = refused.text().await?;
        assert!(page.contains("Do not include personal details"), "a kind message: {details}");
        assert!(page.contains("National Insurance numbers"), "says what to leave out: {details}");
        assert!(!page.contains(MARKER) && !page.contains(NHS_NUMBER), "the text is not echoed back: {details}");
    }
    assert!(app.state.store.problem_reports(10).await?.is_empty(), "nothing stored");
    assert!(!stored_anywhere(&database_text(&data).await?), "the refused text is nowhere in the database");

    // The service's own listed number and street may be quoted back.
    let clean = "The number 0116 496 0000 rings out and they are not at 12 Test Street any more";
    let sent = client.post(&url).form(&[("reason", "phone"), ("details", clean)]).send().await?;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let reports = app.state.store.problem_reports(10).await?;
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].details, clean);
    assert!(database_text(&data).await?.contains("rings out"), "a clean report is stored");
    app.stop().await
}
on_both_backends!(
    a_report_with_personal_details_is_refused_and_stored_nowhere_on,
    a_report_with_personal_details_is_refused_and_stored_nowhere
);
