//! Honest referrals (issue 13): with no care-plan endpoint configured a referral says it is
//! recorded in Signpost only, and the form offers every expected action of the framework.

use reqwest::StatusCode;
use signpost_server::auth::Role;
use signpost_tests::{
    fixtures::ServiceBuilder,
    people::{get_as, person, post_as},
    AppOptions, Backend, TestApp, TestData,
};

#[tokio::test]
async fn without_a_care_plan_endpoint_a_referral_says_it_was_not_sent() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, ..AppOptions::default() }).await?;
    let record = ServiceBuilder::new("Plain Allotment Club").need("money").build();
    app.state.store.upsert_service(&record).await?;
    let staff = person(&app, Role::Staff).await?;
    let service = record.service.id.to_string();

    let (status, form) = get_as(&app, &staff, &format!("/referrals/new?service={service}")).await?;
    assert_eq!(status, StatusCode::OK);
    for action in [
        "Provide information and contacts",
        "Explore other support needs and coaching",
        "Help with decision making",
        "Help making contact",
        "Organise or provide support to access",
    ] {
        assert!(form.contains(action), "{action} is offered");
    }

    let (status, location, body) = post_as(
        &app,
        &staff,
        "/referrals/new",
        &[
            ("service", service.as_str()),
            ("support_level", "needing-help"),
            ("action", "explore-needs"),
            ("care_plan_reference", "CP-1234567"),
        ],
    )
    .await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, page) = get_as(&app, &staff, &location).await?;
    assert!(page.contains("Recorded in Signpost only, not sent to the care plan"), "{page}");
    assert!(!page.contains("being sent"), "no false assurance: {page}");
    assert!(page.contains("Explore other support needs and coaching"), "the action is stored: {page}");
    app.stop().await
}
