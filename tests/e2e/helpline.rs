//! The staff helpline over HTTP: logging a query and an unmet need keeps the district
//! and PCN but never the postcode (the whole database is searched for it), guard
//! refusals store nothing, who may use which page, curators keeping the local roles
//! directory, "who can help in this area", internal notes and the found-elsewhere list.

use chrono::{TimeZone, Utc};
use reqwest::{header, StatusCode};
use signpost_server::auth::{self, Role};
use signpost_tests::{
    ids,
    people::{client, get_as as get, person, post_as as post},
    AppOptions, Backend, TestApp, TestData,
};
use uuid::Uuid;

use crate::on_both_backends;

/// Inside LLR, in no sample service's address; nearest practice is in Belgrave & Spinney Hill PCN.
const POSTCODE: &str = "LE4 6NB";
const LEICESTER: &str = "E06000016";
const BELGRAVE_PCN: &str = "U64426";

/// Every stored byte of text: the SQLite files as they are on disk (with the WAL), or
/// every row of every table in PostgreSQL cast to text.
pub(crate) async fn database_text(data: &TestData) -> anyhow::Result<String> {
    if let Some(db) = &data.postgres {
        let pool = sqlx::PgPool::connect(&db.url).await?;
        let tables: Vec<String> = sqlx::query_scalar(
            "select table_name::text from information_schema.tables \
             where table_schema = 'public' and table_type = 'BASE TABLE'",
        )
        .fetch_all(&pool)
        .await?;
        assert!(tables.iter().any(|t| t == "helpline_query"), "found the tables: {tables:?}");
        let mut text = String::new();
        for table in tables {
            let rows: Option<String> =
                sqlx::query_scalar(&format!("select string_agg(t::text, ' ') from \"{table}\" t"))
                    .fetch_one(&pool)
                    .await?;
            text.push_str(&rows.unwrap_or_default());
        }
        pool.close().await;
        return Ok(text);
    }
    let mut text = String::new();
    for entry in std::fs::read_dir(data.dir.path())? {
        let path = entry?.path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        if name.starts_with("signpost.db") {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(&path)?));
        }
    }
    assert!(text.contains("helpline_query"), "read the database files");
    Ok(text)
}

fn contains_postcode(text: &str, postcode: &str) -> bool {
    let upper = text.to_uppercase();
    upper.contains(postcode) || upper.contains(&postcode.replace(' ', ""))
}

async fn a_query_and_an_unmet_need_keep_the_area_but_never_the_postcode(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    // 23:30 UTC on 31 May is June in London.
    let now = Utc.with_ymd_and_hms(2026, 5, 31, 23, 30, 0).single().unwrap_or_default();
    let app = TestApp::spawn(&data, AppOptions { now, ..AppOptions::default() }).await?;
    let staff = person(&app, Role::Staff).await?;
    assert!(!contains_postcode(&database_text(&data).await?, POSTCODE), "the postcode is not there to begin with");

    let found = app.search("q=food+bank").await?;
    let service = ids(&found).first().cloned().unwrap_or_default();
    let (status, page) = get(&app, &staff, &format!("/helpline?q=food+bank&location={POSTCODE}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/referrals/new?service={service}")), "care plan link");
    assert!(page.contains(r#"name="service" type="checkbox""#), "services can be included in the log");
    let (status, log_form) =
        get(&app, &staff, &format!("/helpline/log?q=food+bank&location={POSTCODE}&service={service}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(log_form.contains(&format!(r#"name="services" value="{service}""#)), "the chosen service is carried");

    let (status, location, body) = post(
        &app,
        &staff,
        "/helpline/log",
        &[
            ("needs", "money"),
            ("needs", "food-and-essentials"),
            ("support_level", "needing_help"),
            ("specialty", "adult"),
            ("postcode", POSTCODE),
            ("outcome", "no_suitable_service"),
            ("services", &service),
            ("search_text", "food bank"),
            ("search_url", "/search?q=food+bank"),
            ("notes", "Needs a food bank open on Sundays, call 111 if unwell. LE4 area, aged 40s."),
        ],
    )
    .await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let query_id: Uuid = location.strip_prefix("/helpline/unmet-needs/new?query=").unwrap_or_default().parse()?;
    let query = app.state.store.helpline_query(query_id).await?;
    assert_eq!(query.district_code.as_deref(), Some(LEICESTER));
    assert_eq!(query.pcn_code.as_deref(), Some(BELGRAVE_PCN));
    assert_eq!(query.month, "2026-06");
    assert_eq!(query.services, vec![service.clone()]);
    assert_eq!(query.staff_user_id, staff.user.id);

    let (status, prefilled) = get(&app, &staff, &location).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(prefilled.contains(&format!(r#"name="query_id" value="{query_id}""#)));
    assert!(prefilled.contains(r#"<option value="E06000016" selected"#), "district prefilled");
    assert!(prefilled.contains("food bank"), "what was searched is prefilled");

    let (status, location, body) = post(
        &app,
        &staff,
        "/helpline/unmet-needs/new",
        &[
            ("query_id", &query_id.to_string()),
            ("need", "money"),
            ("sub_need", ""),
            ("district", LEICESTER),
            ("pcn", BELGRAVE_PCN),
            ("specialty", "adult"),
            ("age_band", "25_64"),
            ("support_level", "needing_help"),
            ("searched", "Searched Signpost for food bank, nothing open on Sundays"),
            ("search_url", "/search?q=food+bank"),
            ("barriers", "distance"),
            ("barriers", "none_exists"),
            ("description", "No Sunday food support within walking distance."),
        ],
    )
    .await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location, "/helpline/unmet-needs?saved=1");
    let needs = app.state.store.unmet_needs_by_staff(staff.user.id, 10).await?;
    assert_eq!(needs.len(), 1);
    assert_eq!(needs[0].helpline_query_id, Some(query_id));
    assert_eq!(needs[0].barriers, vec!["distance".to_owned(), "none_exists".to_owned()]);
    assert_eq!(needs[0].month, "2026-06");
    let (_, list) = get(&app, &staff, &location).await?;
    assert!(list.contains("No Sunday food support") && list.contains("Unmet need recorded"));

    assert!(!contains_postcode(&database_text(&data).await?, POSTCODE), "the postcode was never stored");
    app.stop().await
}
on_both_backends!(
    query_and_unmet_need_keep_area_not_postcode,
    a_query_and_an_unmet_need_keep_the_area_but_never_the_postcode
);

async fn guard_refusals_store_nothing(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let staff = person(&app, Role::Staff).await?;
    let (status, _, body) = post(
        &app,
        &staff,
        "/helpline/log",
        &[
            ("needs", "money"),
            ("support_level", "needing_help"),
            ("specialty", "adult"),
            ("outcome", "found_elsewhere"),
            ("notes", "Mrs Okafor, NHS 943 476 5919, found a lunch club"),
        ],
    )
    .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("nhsuk-error-summary") && body.contains("an NHS number") && body.contains("s name"),
        "{body}"
    );
    let (status, _, body) = post(
        &app,
        &staff,
        "/helpline/unmet-needs/new",
        &[
            ("need", "money"),
            ("specialty", "adult"),
            ("age_band", "25_64"),
            ("support_level", "needing_help"),
            ("searched", "Debt advice"),
            ("description", "Ring her back on 07700 900123, DOB 12/03/1961"),
        ],
    )
    .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("a phone number") && body.contains("a date of birth"), "{body}");
    for outcome in ["found", "found_elsewhere", "no_suitable_service"] {
        assert!(app.state.store.helpline_queries_with_outcome(outcome, 10).await?.is_empty(), "{outcome}");
    }
    assert!(app.state.store.unmet_needs_by_staff(staff.user.id, 10).await?.is_empty());
    let text = database_text(&data).await?;
    for identifier in ["Okafor", "943 476 5919", "07700 900123", "12/03/1961"] {
        assert!(!text.contains(identifier), "{identifier} was stored");
    }
    app.stop().await
}
on_both_backends!(guard_refusals_store_nothing_on_either_form, guard_refusals_store_nothing);

async fn curators_keep_local_roles_that_staff_find_by_area(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let curator = person(&app, Role::Curator).await?;
    let staff = person(&app, Role::Staff).await?;

    // The sample roles are labelled as samples; the Melton one covers the whole district.
    let (status, help) = get(&app, &staff, "/helpline/local-help?postcode=LE13+0AA").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(help.contains("SAMPLE: Local area coordinator"), "{help}");
    assert!(!help.contains("SAMPLE: Peer support worker"), "Rutland's role is not Melton's");

    let (status, _, body) = post(
        &app,
        &curator,
        "/console/local-roles/new",
        &[("role_kind", "peer_support_worker"), ("title", ""), ("district", "E07000133"), ("pcn", BELGRAVE_PCN)],
    )
    .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Enter a job title") && body.contains("not in the chosen district"), "{body}");

    let role = [
        ("role_kind", "social_prescribing_link_worker"),
        ("title", "Test link worker"),
        ("organisation", "Test PCN team"),
        ("district", LEICESTER),
        ("pcn", BELGRAVE_PCN),
        ("how_to_contact", "Via the GP practice"),
        ("notes", ""),
    ];
    let (status, location, _) = post(&app, &curator, "/console/local-roles/new", &role).await?;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/console/local-roles?done=saved"));
    let stored = app.state.store.local_roles().await?;
    let Some(added) = stored.iter().find(|r| r.title == "Test link worker") else {
        anyhow::bail!("the role was not stored: {stored:?}")
    };
    assert_eq!(added.updated_by, "curator@example.org");

    let (_, by_postcode) = get(&app, &staff, &format!("/helpline/local-help?postcode={POSTCODE}")).await?;
    assert!(by_postcode.contains("Test link worker") && by_postcode.contains("SAMPLE: Social prescribing"));
    let (_, by_district) = get(&app, &staff, "/helpline/local-help?district=E06000016").await?;
    assert!(!by_district.contains("Test link worker"), "a PCN's role is listed for its PCN");
    let (status, _) = get(&app, &staff, "/helpline/local-help?pcn=NOPE").await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let mut edited = role.to_vec();
    edited[1] = ("title", "Renamed link worker");
    let (status, _, _) = post(&app, &curator, &format!("/console/local-roles/{}/edit", added.id), &edited).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.local_role(added.id).await?.title, "Renamed link worker");
    let (status, _, _) = post(&app, &curator, &format!("/console/local-roles/{}/delete", added.id), &[]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(app.state.store.local_role(added.id).await.is_err(), "deleted");
    app.stop().await
}
on_both_backends!(local_roles_by_area, curators_keep_local_roles_that_staff_find_by_area);

async fn notes_and_found_elsewhere_reach_the_right_people(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let curator = person(&app, Role::Curator).await?;
    let staff = person(&app, Role::Staff).await?;
    let found = app.search("q=food+bank").await?;
    let service = ids(&found).first().cloned().unwrap_or_default();

    let path = format!("/console/services/{service}/internal-note");
    let (status, _, _) = post(&app, &curator, &path, &[("note", "Client Jordan uses it")]).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the guard checks curators' notes too");
    let (status, _, _) =
        post(&app, &curator, &path, &[("note", "Ask for the duty volunteer; parcels on Tuesdays")]).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&app, &staff, "/helpline?q=food+bank").await?;
    assert!(page.contains("Ask for the duty volunteer"), "staff see the note");
    let (_, public) = app.get_text(&format!("/services/{service}")).await?;
    assert!(!public.contains("Ask for the duty volunteer"), "the public never does");

    let (status, location, _) = post(
        &app,
        &staff,
        "/helpline/log",
        &[
            ("needs", "money"),
            ("support_level", "advice_information"),
            ("specialty", "older_people"),
            ("postcode", "Melton Mowbray"),
            ("outcome", "found_elsewhere"),
            ("notes", "Found a pension advice drop-in at the library, Thursdays 10 to 12"),
        ],
    )
    .await?;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/helpline?logged=elsewhere"));
    let (status, inbox) = get(&app, &curator, "/console/found-elsewhere").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(inbox.contains("pension advice drop-in") && inbox.contains("Melton"), "{inbox}");
    app.stop().await
}
on_both_backends!(internal_notes_and_found_elsewhere, notes_and_found_elsewhere_reach_the_right_people);

#[tokio::test]
async fn only_staff_and_admins_use_the_helpline_and_each_role_lands_on_its_page() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let anonymous = client()?.get(format!("{}/helpline", app.address)).send().await?;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    for (role, expected) in [
        (Role::Staff, StatusCode::OK),
        (Role::Admin, StatusCode::OK),
        (Role::Curator, StatusCode::FORBIDDEN),
        (Role::Commissioner, StatusCode::FORBIDDEN),
    ] {
        let who = person(&app, role).await?;
        assert_eq!(get(&app, &who, "/helpline").await?.0, expected, "{role}");
        assert_eq!(get(&app, &who, "/helpline/local-help").await?.0, expected, "{role}");
    }
    for (role, landing) in
        [(Role::Staff, "/helpline"), (Role::Commissioner, "/commissioning"), (Role::Curator, "/console")]
    {
        let email = format!("{role}-login@example.org");
        let user = auth::new_user(&email, "Someone", role, "a long enough password", Utc::now())?;
        app.state.store.create_user(&user).await?;
        let response = client()?
            .post(format!("{}/login", app.address))
            .form(&[("email", email.as_str()), ("password", "a long enough password")])
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert_eq!(location, landing, "{role}");
    }
    app.stop().await
}
