//! Search semantics over the HTTP API: text, typos, synonyms, where, filters, open now,
//! ranking and browse, on a small hand-made directory; and the sample directory.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;
use signpost_server::storage::RecordStatus;
use signpost_tests::{fixtures::ServiceBuilder, ids, names, AppOptions, Backend, TestApp, TestData};

const LE1_6ZG: (f64, f64) = (52.63142, -1.13351);
const LE1_1AA: (f64, f64) = (52.63212, -1.12498);
const LE2_0AA: (f64, f64) = (52.63605, -1.11781);
const LE4_5AA: (f64, f64) = (52.65154, -1.13150);
const LE10_0AA: (f64, f64) = (52.53835, -1.37382);
const LE11_1AA: (f64, f64) = (52.77062, -1.20268);
const LE13_0AA: (f64, f64) = (52.75262, -0.88169);
const LE15_6AA: (f64, f64) = (52.67076, -0.72960);

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("BUG: valid test date")
}

/// A Monday in November (GMT), mid-morning.
fn monday_morning() -> DateTime<Utc> {
    utc(2026, 11, 23, 10, 0)
}

async fn fixture_app(backend: Backend) -> anyhow::Result<(TestData, TestApp)> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, now: monday_morning(), ..AppOptions::default() })
        .await?;
    let services = vec![
        ServiceBuilder::new("City Debt Advice")
            .description("Free, confidential debt advice. We help you deal with arrears, bailiffs and payment plans.")
            .need("money")
            .need("debt")
            .delivery("in_person")
            .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
            .open("MO,TU,WE,TH,FR", "09:00", "17:00")
            .ages(Some(18), None),
        ServiceBuilder::new("Old Debt Clinic")
            .description("Debt advice clinic for people in the city.")
            .need("money")
            .need("debt")
            .delivery("in_person")
            .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
            .assured(Some("2022-01-10")),
        ServiceBuilder::new("Loughborough Money Matters")
            .description("Debt advice and help with bills in Loughborough.")
            .need("money")
            .need("debt")
            .delivery("in_person")
            .at(LE11_1AA.0, LE11_1AA.1, "LE11 1AA"),
        ServiceBuilder::new("Oakham Befriending Service")
            .description("Befriending visits for older people living on their own in Rutland.")
            .need("loneliness")
            .need("befriending")
            .delivery("in_person")
            .at(LE15_6AA.0, LE15_6AA.1, "LE15 6AA")
            .ages(Some(65), None),
        ServiceBuilder::new("Night Shelter")
            .description("A warm bed for the night for people sleeping rough.")
            .need("housing")
            .need("homelessness")
            .delivery("in_person")
            .at(LE2_0AA.0, LE2_0AA.1, "LE2 0AA")
            .open("SA", "22:00", "02:00"),
        ServiceBuilder::new("Weekend Walking Group")
            .description("A friendly walk in the park every weekend morning.")
            .need("healthy-lifestyles")
            .need("physical-activity")
            .delivery("in_person")
            .at(LE4_5AA.0, LE4_5AA.1, "LE4 5AA")
            .open("SA,SU", "10:00", "12:00")
            .costs(2.0),
        ServiceBuilder::new("Recovery Cafe")
            .description("Alcohol recovery support over a cup of tea.")
            .need("addiction")
            .need("alcohol")
            .delivery("in_person")
            .at(LE1_1AA.0, LE1_1AA.1, "LE1 1AA"),
        ServiceBuilder::new("Support for Carers")
            .description("Free counselling sessions by phone for unpaid carers.")
            .need("loneliness")
            .need("carers-support")
            .delivery("phone")
            .covers("E06000016")
            .phone("0116 496 0001"),
        ServiceBuilder::new("LLR Benefits Helpline")
            .description("Help to claim Universal Credit and Personal Independence Payment.")
            .need("money")
            .need("benefits")
            .delivery("phone")
            .covers("E54000015")
            .open("MO,TU,WE,TH,FR", "09:00", "17:00")
            .phone("0116 496 0002"),
        ServiceBuilder::new("National Gambling Line")
            .description("Round-the-clock support if gambling is harming you or someone close.")
            .need("addiction")
            .need("gambling")
            .delivery("phone")
            .covers("K02000001")
            .open("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")
            .phone("0116 496 0003"),
        ServiceBuilder::new("Melton Draft Service")
            .description("Debt advice not yet published.")
            .need("debt")
            .delivery("in_person")
            .at(LE13_0AA.0, LE13_0AA.1, "LE13 0AA")
            .status(RecordStatus::Draft),
        ServiceBuilder::new("Online Budgeting Course")
            .description("Learn to manage money and make a budget, online at your own pace.")
            .need("money")
            .need("budgeting")
            .delivery("online")
            .covers("E54000015"),
        ServiceBuilder::new("Hinckley Food Bank")
            .description("Emergency food for people in crisis, with a referral voucher.")
            .need("money")
            .need("food-and-essentials")
            .delivery("in_person")
            .at(LE10_0AA.0, LE10_0AA.1, "LE10 0AA"),
    ];
    for builder in services {
        app.state.store.upsert_service(&builder.build()).await?;
    }
    app.state.keeper.catch_up().await?;
    Ok((data, app))
}

fn contains(body: &Value, name: &str) -> bool {
    names(body).iter().any(|n| n == name)
}

fn result<'a>(body: &'a Value, name: &str) -> Option<&'a Value> {
    body["results"].as_array()?.iter().find(|r| r["name"] == name)
}

#[tokio::test]
async fn debt_advice_near_a_city_postcode_ranks_the_nearest_fresh_service_first() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    let body = app.search("q=debt+advice&location=le1+6zg").await?;
    let found = names(&body);
    assert_eq!(found.first().map(String::as_str), Some("City Debt Advice"), "{found:?}");
    assert!(
        found.iter().position(|n| n == "Old Debt Clinic") > Some(0),
        "stale record ranks below the fresh one: {found:?}"
    );
    assert!(!contains(&body, "Loughborough Money Matters"), "20 km away is outside the default radius: {found:?}");
    assert!(!contains(&body, "Melton Draft Service"), "drafts are never public");
    assert_eq!(body["location"]["label"], "LE1 6ZG");
    assert!(body["results"][0]["distance_km"].as_f64().is_some_and(|d| d < 0.1));
    assert_eq!(
        body["results"][0]["url"],
        format!("/services/{}", body["results"][0]["id"].as_str().unwrap_or_default())
    );
    app.stop().await
}

#[tokio::test]
async fn typos_still_find_services() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    for (query, expected) in [
        ("q=councelling", "Support for Carers"),
        ("q=benifits", "LLR Benefits Helpline"),
        ("q=befrending&location=Oakham", "Oakham Befriending Service"),
        ("q=debbt", "City Debt Advice"),
    ] {
        let body = app.search(query).await?;
        assert!(contains(&body, expected), "{query} should find {expected}: {:?}", names(&body));
    }
    app.stop().await
}

#[tokio::test]
async fn peoples_own_words_find_services_through_synonyms() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    for (query, expected) in [
        ("q=skint&location=LE1+6ZG", "City Debt Advice"),
        ("q=food+parcel&location=Hinckley", "Hinckley Food Bank"),
        ("q=lonely&location=Oakham", "Oakham Befriending Service"),
        ("q=drink&location=LE1+1AA", "Recovery Cafe"),
        ("q=universal+credit&location=Melton+Mowbray", "LLR Benefits Helpline"),
        ("q=pip", "LLR Benefits Helpline"),
    ] {
        let body = app.search(query).await?;
        assert!(contains(&body, expected), "{query} should find {expected}: {:?}", names(&body));
    }
    app.stop().await
}

#[tokio::test]
async fn radius_limits_local_services_but_area_wide_services_appear_everywhere() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    let near = app.search("location=LE11+1AA&radius_km=2").await?;
    assert!(contains(&near, "Loughborough Money Matters"));
    assert!(!contains(&near, "City Debt Advice"), "{:?}", names(&near));
    assert!(contains(&near, "LLR Benefits Helpline"), "LLR-wide phone services appear for every LLR location");
    assert!(contains(&near, "National Gambling Line"));
    assert!(!contains(&near, "Support for Carers"), "a Leicester-only phone line is not for Loughborough");
    let helpline = result(&near, "LLR Benefits Helpline").cloned().unwrap_or_default();
    assert!(helpline["distance_km"].is_null(), "area-wide services have no distance: {helpline}");

    let wide = app.search("location=LE11+1AA&radius_km=30").await?;
    assert!(contains(&wide, "City Debt Advice"));

    let london = app.search("lat=51.5072&lon=-0.1276&radius_km=5").await?;
    assert!(contains(&london, "National Gambling Line"), "national lines cover England");
    assert!(!contains(&london, "LLR Benefits Helpline"), "LLR lines do not cover London: {:?}", names(&london));
    app.stop().await
}

#[tokio::test]
async fn browse_nearby_lists_nearest_first() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    let body = app.search("location=LE1+6ZG&radius_km=5").await?;
    let distances: Vec<f64> =
        body["results"].as_array().into_iter().flatten().filter_map(|r| r["distance_km"].as_f64()).collect();
    assert!(distances.len() >= 5, "{body}");
    assert!(distances.windows(2).all(|pair| pair[0] <= pair[1]), "nearest first: {distances:?}");
    assert!(body["total"].as_u64() >= Some(distances.len() as u64));
    app.stop().await
}

#[tokio::test]
async fn every_filter_narrows_results() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    let debt = app.search("need=debt").await?;
    let mut debt_names = names(&debt);
    debt_names.sort();
    assert_eq!(debt_names, ["City Debt Advice", "Loughborough Money Matters", "Old Debt Clinic"]);

    let money = app.search("need=money&location=LE1+6ZG&radius_km=50").await?;
    assert!(
        contains(&money, "LLR Benefits Helpline") && contains(&money, "Hinckley Food Bank"),
        "areas include their sub-needs"
    );

    let older = app.search("location=Oakham&age=70").await?;
    assert!(contains(&older, "Oakham Befriending Service"));
    let younger = app.search("location=Oakham&age=30").await?;
    assert!(!contains(&younger, "Oakham Befriending Service"), "65+ only");

    let all_city = app.search("location=LE1+6ZG&radius_km=5").await?;
    assert!(contains(&all_city, "Weekend Walking Group"));
    let free = app.search("location=LE1+6ZG&radius_km=5&free=true").await?;
    assert!(!contains(&free, "Weekend Walking Group"), "it costs £2");
    assert!(result(&free, "City Debt Advice").is_some_and(|r| r["free"] == true));

    let phone = app.search("location=LE1+6ZG&delivery=phone").await?;
    let mut phone_names = names(&phone);
    phone_names.sort();
    assert_eq!(phone_names, ["LLR Benefits Helpline", "National Gambling Line", "Support for Carers"]);
    let online = app.search("delivery=online").await?;
    assert_eq!(names(&online), ["Online Budgeting Course"]);
    app.stop().await
}

#[tokio::test]
async fn open_now_follows_london_time_across_midnight_and_weekends() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    let query = "location=LE1+6ZG&radius_km=5&open_now=true";
    let cases = [
        // (instant, open, closed)
        (
            utc(2026, 11, 23, 10, 0),
            vec!["City Debt Advice", "LLR Benefits Helpline", "National Gambling Line"],
            vec!["Night Shelter", "Weekend Walking Group"],
        ),
        (
            utc(2026, 11, 28, 23, 30),
            vec!["Night Shelter", "National Gambling Line"],
            vec!["City Debt Advice", "Weekend Walking Group"],
        ),
        (utc(2026, 11, 29, 1, 30), vec!["Night Shelter"], vec!["City Debt Advice"]),
        (utc(2026, 11, 29, 3, 0), vec!["National Gambling Line"], vec!["Night Shelter"]),
        (utc(2026, 11, 28, 11, 0), vec!["Weekend Walking Group"], vec!["City Debt Advice", "LLR Benefits Helpline"]),
        // 09:30 UTC on a July Saturday is 10:30 BST: the walk has started.
        (utc(2026, 7, 4, 9, 30), vec!["Weekend Walking Group"], vec!["Night Shelter"]),
        // 08:30 UTC is 09:30 BST: not yet.
        (utc(2026, 7, 4, 8, 30), vec![], vec!["Weekend Walking Group"]),
    ];
    for (instant, open, closed) in cases {
        app.clock.set(instant);
        let body = app.search(query).await?;
        for name in &open {
            assert!(contains(&body, name), "{name} should be open at {instant}: {:?}", names(&body));
            assert_eq!(result(&body, name).map(|r| r["open_now"].clone()), Some(Value::Bool(true)));
        }
        for name in &closed {
            assert!(!contains(&body, name), "{name} should be closed at {instant}: {:?}", names(&body));
        }
        assert!(!contains(&body, "Recovery Cafe"), "hours unknown: not shown as open");
    }
    app.clock.set(monday_morning());
    let body = app.search("location=LE1+6ZG&radius_km=5").await?;
    assert_eq!(
        result(&body, "Recovery Cafe").map(|r| r["open_now"].clone()),
        Some(Value::Null),
        "unknown hours are null"
    );
    assert_eq!(result(&body, "Night Shelter").map(|r| r["open_now"].clone()), Some(Value::Bool(false)));
    app.stop().await
}

#[tokio::test]
async fn pages_do_not_overlap_and_facets_ignore_the_need_filter() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    let first = app.search("per_page=5&page=1").await?;
    let second = app.search("per_page=5&page=2").await?;
    let third = app.search("per_page=5&page=3").await?;
    assert_eq!(first["total"], 12, "13 services less one draft");
    let mut all = ids(&first);
    all.extend(ids(&second));
    all.extend(ids(&third));
    let unique: std::collections::BTreeSet<_> = all.iter().collect();
    assert_eq!(unique.len(), 12, "every service once across pages");
    assert_eq!(second["page"], 2);
    assert_eq!(second["per_page"], 5);

    let debt = app.search("need=debt").await?;
    assert_eq!(debt["facets"]["need"]["debt"], 3);
    assert_eq!(debt["facets"]["need"]["befriending"], 1, "other needs still counted for the filter list");
    assert_eq!(debt["facets"]["need"]["smoking"], 0);
    app.stop().await
}

#[tokio::test]
async fn archiving_a_service_removes_it_from_search() -> anyhow::Result<()> {
    let (_data, app) = fixture_app(Backend::Sqlite).await?;
    let body = app.search("q=recovery").await?;
    let id = ids(&body).first().cloned().unwrap_or_default();
    let mut record = app.state.store.get_service(id.parse()?).await?;
    record.record_status = RecordStatus::Archived;
    app.state.store.upsert_service(&record).await?;
    app.state.keeper.wake();
    app.eventually("q=recovery", std::time::Duration::from_secs(2), |body| !contains(body, "Recovery Cafe")).await?;
    let (status, _) = app.get_json(&format!("/api/v1/services/{id}")).await?;
    assert_eq!(status, 404, "archived records are not public");
    app.stop().await
}

#[tokio::test]
async fn the_sample_directory_answers_debt_advice_near_le1_6zg() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let body = app.search("q=debt+advice&location=LE1+6ZG").await?;
    assert!(body["total"].as_u64() >= Some(5), "{body}");
    let top = &body["results"][0];
    let needs: Vec<&str> = top["needs"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    assert!(needs.contains(&"debt") || needs.contains(&"money"), "top result is about money: {top}");
    for result in body["results"].as_array().into_iter().flatten() {
        if let Some(distance) = result["distance_km"].as_f64() {
            assert!(distance <= 10.0, "{result}");
        }
    }
    let (status, needs) = app.get_json("/api/v1/needs").await?;
    assert_eq!(status, 200);
    let areas = needs["needs"].as_array().cloned().unwrap_or_default();
    assert_eq!(areas.len(), 7);
    assert!(areas.iter().all(|area| area["count"].as_u64() > Some(0)), "every need area has services: {needs}");
    let (status, health) = app.get_json("/healthz").await?;
    assert_eq!(status, 200);
    assert!(health["services"].as_u64() >= Some(400), "{health}");
    app.stop().await
}
