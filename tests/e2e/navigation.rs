//! The header by role, over HTTP: anonymous visitors see only the three public links;
//! each signed-in role gets links to exactly the areas it may open and a sign-out form that
//! works; admins find the unmet needs reports from the console. Also two console details:
//! a record shows how often it is checked, and an empty synonym list is refused.

use reqwest::StatusCode;
use signpost_server::auth::Role;
use signpost_tests::{
    people::{get, person, post},
    AppOptions, Backend, TestApp, TestData,
};

use crate::on_both_backends;

/// The header's own-area links every role should see, in order.
fn expected_links(role: Role) -> &'static [&'static str] {
    match role {
        // A referrals lead is also staff (the harness gives both).
        Role::Staff | Role::ReferralsLead => &["/helpline", "/referrals"],
        Role::Curator => &["/console"],
        Role::Commissioner => &["/commissioning"],
        Role::Admin => {
            &["/helpline", "/referrals", "/console", "/referrals/dead-letters", "/commissioning", "/console/accounts"]
        }
    }
}

/// The hrefs of the header navigation's links.
fn header_links(page: &str) -> Vec<String> {
    let Some(start) = page.find(r#"<ul class="nhsuk-header__navigation-list">"#) else { return Vec::new() };
    let list = &page[start..];
    let list = &list[..list.find("</ul>").unwrap_or(list.len())];
    list.split(r#"<a href=""#).skip(1).filter_map(|rest| rest.split('"').next().map(str::to_owned)).collect()
}

async fn the_header_links_each_person_to_their_own_areas(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;

    // Anonymous visitors: the three public links, no sign-out form.
    let public = ["/", "/shortlist", "/crisis"];
    for path in ["/", "/crisis", "/search?q=debt"] {
        let page = get(&app, None, path).await?;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(header_links(&page.body), public, "{path}");
        assert!(!page.body.contains(r#"action="/logout""#), "{path}");
    }

    for role in Role::ALL {
        let someone = person(&app, role).await?;
        let page = get(&app, Some(&someone), "/").await?;
        let own: Vec<String> = header_links(&page.body).into_iter().skip(public.len()).collect();
        assert_eq!(own, expected_links(role), "{role}");
        assert!(page.body.contains(&format!(r#"name="csrf_token" value="{}""#, someone.csrf)), "{role}");
        for href in expected_links(role) {
            assert_eq!(get(&app, Some(&someone), href).await?.status, StatusCode::OK, "{role} opens {href}");
        }
        let console = get(&app, Some(&someone), "/console").await?;
        if console.status == StatusCode::OK {
            assert_eq!(
                console.body.contains(r#"href="/commissioning""#),
                role == Role::Admin,
                "{role}: the console links the reports only for admins"
            );
        }
        // The header's sign-out form signs them out.
        let out = post(&app, &someone, "/logout", &[], true).await?;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{role}: {}", out.body);
        let after = get(&app, Some(&someone), "/").await?;
        assert_eq!(header_links(&after.body), public, "{role} after signing out");
    }
    app.stop().await
}
on_both_backends!(the_header_links_each_person_to_their_own_areas_on, the_header_links_each_person_to_their_own_areas);

async fn console_shows_the_review_interval_and_refuses_no_synonyms(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let curator = person(&app, Role::Curator).await?;
    let ids = app.state.store.service_ids(None, 1).await?;
    let id = ids.first().ok_or_else(|| anyhow::anyhow!("the sample directory has a service"))?;

    let record = get(&app, Some(&curator), &format!("/console/services/{id}")).await?;
    assert_eq!(record.status, StatusCode::OK);
    assert!(record.body.contains("Checked every 6 months"), "the default interval is shown");
    app.state.store.set_review_interval(*id, 12, "test", "2026-11-23T00:00:00Z").await?;
    let record = get(&app, Some(&curator), &format!("/console/services/{id}")).await?;
    assert!(record.body.contains("Checked every 12 months"), "the record's own interval is shown");

    let version = app.state.store.synonyms_version().await?;
    for rules in ["", "# nothing but a comment\n\n"] {
        let answer = post(&app, &curator, "/console/synonyms", &[("rules", rules)], true).await?;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{rules:?}");
        assert!(answer.body.contains("Enter at least one rule"), "{}", answer.body);
        assert!(answer.body.contains("There is a problem"), "shown in the error summary");
    }
    assert_eq!(app.state.store.synonyms_version().await?, version, "nothing saved");
    app.stop().await
}
on_both_backends!(
    console_shows_the_review_interval_and_refuses_no_synonyms_on,
    console_shows_the_review_interval_and_refuses_no_synonyms
);
