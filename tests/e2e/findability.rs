//! The kinds of miss the held-out questions found, and the trust's audiences: closed
//! records never offered, service areas given by name only, 24-hour services open now,
//! and the audience filter and audience words on the API, the results page, the helpline
//! and the console.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use signpost_server::{
    auth::Role,
    hsds::AUDIENCE_TAXONOMY,
    import::{import_files, ImportOptions},
    storage::{record_version, RecordStatus},
};
use signpost_tests::{
    fixtures::ServiceBuilder,
    names,
    people::{get_as as get, person, post_as as post},
    AppOptions, Backend, TestApp, TestData,
};

use crate::on_both_backends;

const LE1_6ZG: (f64, f64) = (52.63142, -1.13351);

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("BUG: valid test date")
}

fn options(now: DateTime<Utc>) -> AppOptions {
    AppOptions { sample_data: false, now, ..AppOptions::default() }
}

async fn app_with(
    backend: Backend,
    now: DateTime<Utc>,
    services: Vec<ServiceBuilder>,
) -> anyhow::Result<(TestData, TestApp)> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options(now)).await?;
    for builder in services {
        app.state.store.upsert_service(&builder.build()).await?;
    }
    app.state.keeper.catch_up().await?;
    Ok((data, app))
}

fn has(body: &Value, name: &str) -> bool {
    names(body).iter().any(|n| n == name)
}

fn need_count(needs: &Value, slug: &str) -> Option<u64> {
    needs["needs"].as_array()?.iter().find_map(|area| {
        if area["slug"] == slug {
            return area["count"].as_u64();
        }
        area["children"].as_array()?.iter().find(|child| child["slug"] == slug)?["count"].as_u64()
    })
}

fn debt_line(name: &str, status: &str) -> ServiceBuilder {
    ServiceBuilder::new(name)
        .description("Free debt advice by phone.")
        .need("money")
        .need("debt")
        .delivery("phone")
        .covers("E54000015")
        .phone("0116 496 0100")
        .open("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")
        .hsds_status(status)
}

async fn closed_services_are_never_offered_or_counted(backend: Backend) -> anyhow::Result<()> {
    let services = vec![
        debt_line("Open Debt Line", "active"),
        debt_line("Defunct Debt Line", "defunct"),
        debt_line("Inactive Debt Line", "inactive"),
        debt_line("Paused Debt Line", "temporarily closed"),
    ];
    let defunct_id = services[1].clone().build().service.id;
    let open_record = services[0].clone().build();
    let (_data, app) = app_with(backend, utc(2026, 11, 23, 10, 0), services).await?;

    let body = app.search("q=debt&location=LE1+6ZG").await?;
    assert!(has(&body, "Open Debt Line") && has(&body, "Paused Debt Line"), "{:?}", names(&body));
    assert!(!has(&body, "Defunct Debt Line") && !has(&body, "Inactive Debt Line"), "{:?}", names(&body));
    assert_eq!(body["total"], 2, "closed records are not counted");
    let (_, needs) = app.get_json("/api/v1/needs").await?;
    assert_eq!(need_count(&needs, "debt"), Some(2), "{needs}");
    let open_now = app.search("q=debt&open_now=true").await?;
    assert_eq!(names(&open_now), ["Open Debt Line"], "a temporarily closed service is not open now");

    let (status, page) = app.get_text(&format!("/services/{defunct_id}")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("This service has closed"), "{page}");
    assert!(!page.contains("Open 24 hours"), "no opening hours for a closed service");

    // A service that closes later leaves search at once.
    let mut closing = open_record;
    closing.service.status = "defunct".into();
    app.state.store.upsert_service(&closing).await?;
    app.state.keeper.catch_up().await?;
    let body = app.search("q=debt").await?;
    assert!(!has(&body, "Open Debt Line"), "{:?}", names(&body));
    app.stop().await
}
on_both_backends!(closed_services_are_never_offered_or_counted_on, closed_services_are_never_offered_or_counted);

async fn imported_closed_records_stay_out_of_search(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let dir = tempfile::tempdir()?;
    let hsds = json!([
        {"id": "5d0c1f7e-8a36-4d43-9a55-0d6f3e0c1a01", "name": "Closed Hsds Advice", "status": "defunct",
         "description": "Benefit advice.", "service_areas": [{"id": "5d0c1f7e-8a36-4d43-9a55-0d6f3e0c1a02", "name": "Leicestershire"}],
         "phones": [{"id": "5d0c1f7e-8a36-4d43-9a55-0d6f3e0c1a03", "number": "0116 496 0101"}]},
        {"id": "5d0c1f7e-8a36-4d43-9a55-0d6f3e0c1a11", "name": "Open Hsds Advice", "status": "active",
         "description": "Benefit advice.", "service_areas": [{"id": "5d0c1f7e-8a36-4d43-9a55-0d6f3e0c1a12", "name": "Leicestershire"}],
         "phones": [{"id": "5d0c1f7e-8a36-4d43-9a55-0d6f3e0c1a13", "number": "0116 496 0102"}]}
    ]);
    let oruk = json!([
        {"id": "oruk-1", "name": "Closed Oruk Advice", "status": "Inactive", "description": "Benefit advice.", "pc_metadata": {},
         "service_areas": [{"id": "a1", "service_area": "Charnwood"}],
         "contacts": [{"id": "c1", "phones": [{"id": "p1", "number": "0116 496 0103"}]}]},
        {"id": "oruk-2", "name": "Open Oruk Advice", "status": "active", "description": "Benefit advice.", "pc_metadata": {},
         "service_areas": [{"id": "a2", "service_area": "Charnwood"}],
         "contacts": [{"id": "c2", "phones": [{"id": "p2", "number": "0116 496 0104"}]}],
         "pc_targetAudience": [{"id": "t1", "audienceType": "Carers"}]}
    ]);
    let hsds_path = dir.path().join("hsds.json");
    let oruk_path = dir.path().join("oruk.json");
    std::fs::write(&hsds_path, hsds.to_string())?;
    std::fs::write(&oruk_path, oruk.to_string())?;
    let report = import_files(
        store.as_ref(),
        &[hsds_path, oruk_path],
        &ImportOptions { status: RecordStatus::Published, progress: false },
    )
    .await?;
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let app = TestApp::spawn(&data, options(utc(2026, 11, 23, 10, 0))).await?;

    let body = app.search("q=benefit+advice&location=Loughborough").await?;
    let mut found = names(&body);
    found.sort();
    assert_eq!(found, ["Open Hsds Advice", "Open Oruk Advice"], "named areas found, closed records not");
    let carers = app.search("location=Loughborough&audience=carers").await?;
    assert_eq!(names(&carers), ["Open Oruk Advice"], "the feed's target audience is kept");
    app.stop().await
}
on_both_backends!(imported_closed_records_stay_out_of_search_on, imported_closed_records_stay_out_of_search);

fn area_service(name: &str, area: &str) -> ServiceBuilder {
    ServiceBuilder::new(name).description("Advocacy support at home.").need("community").area_named(area)
}

async fn services_with_a_named_area_only_are_found_inside_it(backend: Backend) -> anyhow::Result<()> {
    let services = vec![
        area_service("Whole Area Advocacy", "Leicester, Leicestershire & Rutland"),
        area_service("County Advocacy", "Leicestershire").phone("0116 496 0110"),
        area_service("City Advocacy", "Leicester City"),
        area_service("Rutland Advocacy", "RUTLAND"),
        area_service("Charnwood Advocacy", "Charnwood Borough"),
        area_service("National Advocacy", "National"),
        area_service("Elsewhere Advocacy", "Nottinghamshire"),
    ];
    let (_data, app) = app_with(backend, utc(2026, 11, 23, 10, 0), services).await?;
    for (location, expected) in [
        ("Loughborough", vec!["Charnwood Advocacy", "County Advocacy", "National Advocacy", "Whole Area Advocacy"]),
        ("LE1+6ZG", vec!["City Advocacy", "National Advocacy", "Whole Area Advocacy"]),
        ("Oakham", vec!["National Advocacy", "Rutland Advocacy", "Whole Area Advocacy"]),
    ] {
        let body = app.search(&format!("q=advocacy&location={location}")).await?;
        let mut found = names(&body);
        found.sort();
        assert_eq!(found, expected, "{location}");
        let browse = app.search(&format!("location={location}&radius_km=2")).await?;
        let mut browsed = names(&browse);
        browsed.sort();
        assert_eq!(browsed, expected, "browse {location}");
    }
    app.stop().await
}
on_both_backends!(
    services_with_a_named_area_only_are_found_inside_it_on,
    services_with_a_named_area_only_are_found_inside_it
);

async fn area_wide_24_hour_services_are_open_now(backend: Backend) -> anyhow::Result<()> {
    let line = |name: &str| {
        ServiceBuilder::new(name)
            .description("Someone to talk to on the phone.")
            .need("loneliness")
            .delivery("phone")
            .area_named("LLR")
            .phone("0116 496 0120")
    };
    let services = vec![
        line("Until 2359 Line").open("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),
        line("Midnight To Midnight Line").open("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00"),
        line("Words Only Line").description("Someone to talk to on the phone, 24 hours a day, 7 days a week."),
        line("Daytime Line").open("MO,TU,WE,TH,FR,SA,SU", "09:00", "17:00"),
    ];
    // Sunday 29 November 2026, 23:59 in London (GMT).
    let (_data, app) = app_with(backend, utc(2026, 11, 29, 23, 59), services).await?;
    let body = app.search("q=talk&location=LE1+6ZG&open_now=true").await?;
    let mut found = names(&body);
    found.sort();
    assert_eq!(found, ["Midnight To Midnight Line", "Until 2359 Line", "Words Only Line"]);
    let all = app.search("location=LE1+6ZG&open_now=true").await?;
    assert_eq!(all["total"], 3, "{:?}", names(&all));
    app.stop().await
}
on_both_backends!(area_wide_24_hour_services_are_open_now_on, area_wide_24_hour_services_are_open_now);

fn group(name: &str) -> ServiceBuilder {
    ServiceBuilder::new(name)
        .description("A friendly support group that meets every week.")
        .need("loneliness")
        .need("peer-support")
        .delivery("in_person")
        .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
}

fn audience_services() -> Vec<ServiceBuilder> {
    vec![
        group("Carers Cafe").audience("carers"),
        group("Youth Club").ages(Some(11), Some(18)),
        group("Memory Cafe").audience("older-people"),
        group("Day Opportunities").audience("learning-disabilities"),
        group("Drop-in Centre"),
    ]
}

async fn the_audience_filter_works_on_the_api_the_page_and_the_helpline(backend: Backend) -> anyhow::Result<()> {
    let (_data, app) = app_with(backend, utc(2026, 11, 23, 10, 0), audience_services()).await?;
    for (query, expected) in [
        ("audience=carers", vec!["Carers Cafe"]),
        ("audience=children_young_people", vec!["Youth Club"]),
        ("audience=older_people", vec!["Memory Cafe"]),
        ("audience=learning_disability,children_young_people", vec!["Day Opportunities", "Youth Club"]),
        ("audience=carers&audience=older_people", vec!["Carers Cafe", "Memory Cafe"]),
        ("audience=Learning-Disabilities", vec!["Day Opportunities"]),
    ] {
        let body = app.search(&format!("location=LE1+6ZG&{query}")).await?;
        let mut found = names(&body);
        found.sort();
        assert_eq!(found, expected, "{query}");
    }
    let everyone = app.search("location=LE1+6ZG").await?;
    assert_eq!(everyone["total"], 5);
    let (status, error) = app.get_json("/api/v1/search?audience=martians").await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["code"], "unknown_audience", "{error}");

    let (status, page) = app.get_text("/search?location=LE1+6ZG&audience=carers").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Carers Cafe") && !page.contains("Youth Club"), "{page}");
    assert!(page.contains(r#"id="audience-carers" name="audience" value="carers" checked"#), "{page}");
    let (status, page) = app.get_text("/search?location=LE1+6ZG&audience=carers&audience=older_people").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Carers Cafe") && page.contains("Memory Cafe") && !page.contains("Day Opportunities"));

    let staff = person(&app, Role::Staff).await?;
    let (status, page) = get(&app, &staff, "/helpline?location=LE1+6ZG&audience=older_people").await?;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Memory Cafe") && !page.contains("Carers Cafe"), "{page}");
    assert!(page.contains(r#"<option value="older_people" selected>"#), "{page}");
    let (status, _) = get(&app, &staff, "/helpline?location=LE1+6ZG&audience=martians").await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    app.stop().await
}
on_both_backends!(
    the_audience_filter_works_on_the_api_the_page_and_the_helpline_on,
    the_audience_filter_works_on_the_api_the_page_and_the_helpline
);

#[tokio::test]
async fn audience_words_in_the_query_lead_to_services_for_those_people() -> anyhow::Result<()> {
    let (_data, app) = app_with(Backend::Sqlite, utc(2026, 11, 23, 10, 0), audience_services()).await?;
    for (query, first) in [
        ("q=support+group+for+carers", "Carers Cafe"),
        ("q=support+group+for+my+teenager", "Youth Club"),
        ("q=support+group+for+my+elderly+dad", "Memory Cafe"),
        ("q=support+group+learning+disability", "Day Opportunities"),
    ] {
        let body = app.search(&format!("{query}&location=LE1+6ZG")).await?;
        assert_eq!(names(&body).first().map(String::as_str), Some(first), "{query}: {:?}", names(&body));
        // Audience words rank; they hide nothing, except where they also name a need
        // ("carers", "learning disability" are needs too), whose services are then the
        // relevant ones.
        if !query.contains("carers") && !query.contains("learning") {
            assert_eq!(body["total"], 5, "audience words rank, they do not hide: {query}");
        }
    }
    let body = app.search("q=support+group+for+my+teenager&location=LE1+6ZG").await?;
    let found = names(&body);
    let position = |name: &str| found.iter().position(|n| n == name);
    assert!(position("Carers Cafe") > position("Drop-in Centre"), "a carers' service is not for a teenager: {found:?}");
    app.stop().await
}

/// The console form with the fields a save needs.
fn edit_form<'a>(version: &'a str, audiences: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("version", version),
        ("name", "Riverside Support Group"),
        ("organisation", "Riverside Trust"),
        ("description", "A friendly support group that meets every week."),
        ("postcode", "LE1 6ZG"),
        ("address", "1 Town Hall Square"),
        ("town", "Leicester"),
        ("needs", "peer-support"),
        ("review_months", "6"),
    ];
    form.extend(audiences.iter().map(|slug| ("audiences", *slug)));
    form
}

async fn curators_set_who_a_service_is_for_in_the_console(backend: Backend) -> anyhow::Result<()> {
    let record = group("Riverside Support Group").build();
    let id = record.service.id;
    let (_data, app) = app_with(backend, utc(2026, 11, 23, 10, 0), vec![]).await?;
    app.state.store.upsert_service(&record).await?;
    app.state.keeper.catch_up().await?;
    let curator = person(&app, Role::Curator).await?;

    let (status, form) = get(&app, &curator, &format!("/console/services/{id}/edit")).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Who it is for") && form.contains(r#"value="carers""#), "{form}");

    let path = format!("/console/services/{id}/edit");
    let version = record_version(&app.state.store.get_service(id).await?);
    let (status, _, html) = post(&app, &curator, &path, &edit_form(&version, &["carers", "no-such-group"])).await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    let unchanged = app.state.store.get_service(id).await?;
    assert_eq!(unchanged.service.term_codes(AUDIENCE_TAXONOMY).count(), 0, "a refused edit changes nothing");

    let version = record_version(&app.state.store.get_service(id).await?);
    let (status, _, html) = post(&app, &curator, &path, &edit_form(&version, &["carers", "older-people"])).await?;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let saved = app.state.store.get_service(id).await?;
    let mut audiences: Vec<&str> = saved.service.term_codes(AUDIENCE_TAXONOMY).collect();
    audiences.sort_unstable();
    assert_eq!(audiences, ["carers", "older-people"]);
    app.eventually("audience=carers", Duration::from_secs(1), |body| names(body) == ["Riverside Support Group"])
        .await?;
    let history = app.state.store.audit_history(id).await?;
    let change = history.iter().find(|event| event.field == "attributes").expect("the audience change is audited");
    assert_eq!(change.actor, curator.user.email);
    assert!(change.new_value.as_deref().is_some_and(|value| value.contains("signpost-audience")));
    let (_, form) = get(&app, &curator, &format!("/console/services/{id}/edit")).await?;
    assert!(form.contains(r#"value="carers" checked"#), "the saved choice is shown again");

    let version = record_version(&app.state.store.get_service(id).await?);
    let (status, _, _) = post(&app, &curator, &path, &edit_form(&version, &[])).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    app.eventually("audience=carers", Duration::from_secs(1), |body| names(body).is_empty()).await?;
    app.stop().await
}
on_both_backends!(
    curators_set_who_a_service_is_for_in_the_console_on,
    curators_set_who_a_service_is_for_in_the_console
);
