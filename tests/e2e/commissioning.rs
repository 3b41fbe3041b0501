//! Commissioners' reports over the real server on both databases: the store's GROUP BY
//! counts against a fixture added up by hand, the dashboard and CSV showing only
//! suppressed numbers, bad filters, and who may see them.

use reqwest::{header, StatusCode};
use signpost_server::{
    auth::Role,
    storage::reports::{Dimension, GroupCount, ReportFilter},
};
use signpost_tests::{
    people,
    unmet_fixtures::{spawn_with_fixture, STAFF_EMAIL, STAFF_NAME},
    Backend, TestApp,
};

use crate::on_both_backends;

fn counts(rows: &[GroupCount]) -> Vec<(Option<&str>, Option<&str>, i64)> {
    rows.iter().map(|row| (row.key.as_deref(), row.key2.as_deref(), row.count)).collect()
}

fn all() -> ReportFilter {
    ReportFilter::default()
}

async fn store_counts_match_the_hand_computed_fixture(backend: Backend) -> anyhow::Result<()> {
    // Arrange
    let (_data, app) = spawn_with_fixture(backend).await?;
    let store = &app.state.store;
    let group = |first, second| async move { store.unmet_need_counts(&all(), first, second).await };

    // Act
    let total = store.unmet_need_total(&all()).await?;
    let months = group(Dimension::Month, None).await?;
    let districts = group(Dimension::District, None).await?;
    let need_district = group(Dimension::Need, Some(Dimension::District)).await?;
    let barriers = group(Dimension::Barrier, None).await?;
    let levels = group(Dimension::SupportLevel, None).await?;
    let specialties = group(Dimension::Specialty, None).await?;
    let pcns = group(Dimension::Pcn, None).await?;

    // Assert: expected values added up by hand from the six groups (20+9+5+3+2+1).
    assert_eq!(total, 40);
    assert_eq!(
        counts(&months),
        [
            (Some("2025-12"), None, 1),
            (Some("2026-01"), None, 20),
            (Some("2026-02"), None, 14),
            (Some("2026-03"), None, 5)
        ]
    );
    assert_eq!(
        counts(&districts),
        [(None, None, 2), (Some("E06000016"), None, 30), (Some("E06000017"), None, 3), (Some("E07000133"), None, 5)]
    );
    assert_eq!(
        counts(&need_district),
        [
            (Some("housing"), Some("E06000016"), 10),
            (Some("loneliness"), Some("E06000017"), 3),
            (Some("money"), None, 2),
            (Some("money"), Some("E06000016"), 20),
            (Some("money"), Some("E07000133"), 5),
        ]
    );
    assert_eq!(
        counts(&barriers),
        [
            (Some("cost"), None, 21),
            (Some("distance"), None, 5),
            (Some("none_exists"), None, 2),
            (Some("waiting_list"), None, 29),
        ]
    );
    assert_eq!(
        counts(&levels),
        [(Some("advice_information"), None, 5), (Some("needing_help"), None, 26), (Some("needing_more_help"), None, 9)]
    );
    assert_eq!(
        counts(&specialties),
        [
            (Some("adult"), None, 30),
            (Some("camhs"), None, 3),
            (Some("learning_disabilities"), None, 2),
            (Some("older_people"), None, 5),
        ]
    );
    assert_eq!(
        counts(&pcns),
        [(None, None, 7), (Some("U00147"), None, 21), (Some("U05642"), None, 9), (Some("U67590"), None, 3)]
    );

    // Filters: period, district, need area and sub-need.
    let period = ReportFilter { from_month: Some("2026-01".into()), to_month: Some("2026-02".into()), ..all() };
    assert_eq!(store.unmet_need_total(&period).await?, 34);
    let melton = ReportFilter { district: Some("E07000133".into()), ..all() };
    assert_eq!(store.unmet_need_total(&melton).await?, 5);
    let money = ReportFilter { need: Some("money".into()), ..all() };
    assert_eq!(store.unmet_need_total(&money).await?, 27);
    let debt = ReportFilter { need: Some("debt".into()), ..all() };
    assert_eq!(store.unmet_need_total(&debt).await?, 20);
    let export = store.unmet_need_export(&all()).await?;
    // Ordered by need then sub-need, an absent sub-need first on both backends.
    let export_counts: Vec<(&str, Option<&str>, i64)> =
        export.iter().map(|row| (row.need.as_str(), row.sub_need.as_deref(), row.count)).collect();
    assert_eq!(
        export_counts,
        [
            ("housing", None, 1),
            ("housing", Some("homelessness"), 9),
            ("loneliness", None, 3),
            ("money", None, 2),
            ("money", Some("benefits"), 5),
            ("money", Some("debt"), 20),
        ]
    );
    app.stop().await
}
on_both_backends!(store_counts_match_fixture, store_counts_match_the_hand_computed_fixture);

/// A signed-in person's cookie.
async fn cookie_for(app: &TestApp, role: Role) -> anyhow::Result<String> {
    Ok(people::person(app, role).await?.cookie)
}

/// GETs `path` without following redirects: status, headers and body.
async fn get(
    app: &TestApp,
    cookie: Option<&str>,
    path: &str,
) -> anyhow::Result<(StatusCode, header::HeaderMap, String)> {
    let mut request = people::client()?.get(format!("{}{path}", app.address));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await?;
    let (status, headers) = (response.status(), response.headers().clone());
    Ok((status, headers, response.text().await?))
}

/// Returns the cells of the table row headed `heading` in the table captioned `caption`.
fn row_cells(html: &str, caption: &str, heading: &str) -> Vec<String> {
    let Some(table) = html.split("<table").find(|table| table.contains(&format!(">{caption}</caption>"))) else {
        return Vec::new();
    };
    let Some(row) = table.split("<tr>").find(|row| row.starts_with(&format!("<th scope=\"row\">{heading}</th>")))
    else {
        return Vec::new();
    };
    row.split("<td>").skip(1).filter_map(|cell| cell.split("</td>").next()).map(str::to_owned).collect()
}

async fn dashboard_and_export_show_only_suppressed_numbers(backend: Backend) -> anyhow::Result<()> {
    // Arrange
    let (_data, app) = spawn_with_fixture(backend).await?;
    let cookie = cookie_for(&app, Role::Commissioner).await?;
    let period = "from=2025-12&to=2026-03";

    // Act
    let (status, _, html) = get(&app, Some(&cookie), &format!("/commissioning?{period}")).await?;
    let (rate_status, _, rate_html) =
        get(&app, Some(&cookie), &format!("/commissioning?{period}&measure=rate")).await?;
    let (csv_status, csv_headers, csv) =
        get(&app, Some(&cookie), &format!("/commissioning/export.csv?{period}")).await?;
    let (_, _, melton) = get(&app, Some(&cookie), &format!("/commissioning?{period}&district=E07000133")).await?;

    // Assert: suppressed by hand: 40 → 40; months 1 → <8, 20 → 20, 14 → 15, 5 → <8.
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(r#"<p id="total" class="nhsuk-heading-l">40</p>"#), "total");
    let month = |label: &str| row_cells(&html, "Unmet needs by month", label);
    assert_eq!(month("Dec 2025"), ["&lt;8"]);
    assert_eq!(month("Jan 2026"), ["20"]);
    assert_eq!(month("Feb 2026"), ["15"]);
    assert_eq!(month("Mar 2026"), ["&lt;8"]);
    // Need × district: districts in name order (Blaby, Charnwood, Harborough, Hinckley and
    // Bosworth, Leicester, Melton, North West Leicestershire, Oadby and Wigston, Rutland),
    // then "Not recorded" and "All". Money: Leicester 20, Melton 5, none 2, all 27 → 25.
    let money = row_cells(&html, "Unmet needs by need and district", "Money, benefits and debt");
    assert_eq!(money, ["0", "0", "0", "0", "20", "&lt;8", "0", "0", "0", "&lt;8", "25"]);
    let housing = row_cells(&html, "Unmet needs by need and district", "Housing and homelessness");
    assert_eq!(housing, ["0", "0", "0", "0", "10", "0", "0", "0", "0", "0", "10"]);
    // Need × month: money 20 in Jan, 5 in Feb, 2 in Mar.
    let money_months = row_cells(&html, "Unmet needs by need and month", "Money, benefits and debt");
    assert_eq!(money_months, ["0", "20", "&lt;8", "&lt;8", "25"]);
    // Barriers: waiting list 29 → 30, cost 21 → 20, distance 5 and none exists 2 → <8,
    // sorted by the suppressed value.
    let barriers = ["Waiting list", "Cost", "Distance or travel", "No such service exists"]
        .map(|label| row_cells(&html, "Top barriers", label).join(""));
    assert_eq!(barriers, ["30", "20", "&lt;8", "&lt;8"]);
    let top = html.split("Top barriers</caption>").nth(1).unwrap_or_default();
    assert!(top.find("Waiting list") < top.find(">Cost<"), "waiting list first");
    assert_eq!(row_cells(&html, "Unmet needs by specialty", "Adult"), ["30"]);
    assert_eq!(row_cells(&html, "Unmet needs by specialty", "Older people"), ["&lt;8"]);
    assert_eq!(row_cells(&html, "Unmet needs by support level", "Needing help"), ["25"]);
    assert_eq!(row_cells(&html, "Unmet needs by support level", "Needing more help"), ["10"]);
    // Map table and PCN circles: Leicester 30; Rutland 3 → <8 with no rate.
    assert_eq!(row_cells(&html, "Unmet needs by district", "Leicester"), ["30", "368600", "0.8"]);
    assert_eq!(row_cells(&html, "Unmet needs by district", "Rutland"), ["&lt;8", "41000", "suppressed"]);
    assert_eq!(
        row_cells(&html, "Unmet needs by district", "District not recorded"),
        ["&lt;8", "not known", "not known"]
    );
    let pcns = "Unmet needs by primary care network (the circles on the map)";
    assert_eq!(row_cells(&html, pcns, "Aegis Healthcare PCN"), ["Leicester", "20"]);
    assert_eq!(row_cells(&html, pcns, "Rutland Health PCN"), ["Rutland", "&lt;8"]);
    assert_eq!(html.matches("<path d=").count(), 9, "one path per district");
    assert!(html.contains("<title>Leicester: 30 unmet needs, 0.8 per 10,000 residents</title>"));
    assert!(html.contains("<title>Rutland: &lt;8 unmet needs, suppressed per 10,000 residents</title>"));
    // No raw count of 1 to 7, or unrounded count, reaches the page as a cell.
    for raw in ["1", "2", "3", "5", "9", "14", "21", "26", "27", "29"] {
        assert!(!html.contains(&format!("<td>{raw}</td>")), "raw count {raw} shown");
        assert!(!html.contains(&format!(">{raw}</text>")), "raw count {raw} charted");
    }
    assert!(!html.contains(STAFF_NAME) && !html.contains(STAFF_EMAIL), "staff identity shown");
    assert_eq!(rate_status, StatusCode::OK);
    assert!(rate_html.contains("Map: rate per 10,000 residents"));
    assert!(rate_html.contains(r#"value="rate" checked"#));
    assert!(melton.contains(r#"<p id="total" class="nhsuk-heading-l">&lt;8</p>"#), "Melton has 5");

    // The CSV: header, one line per combination, suppressed, as an attachment.
    assert_eq!(csv_status, StatusCode::OK);
    assert_eq!(csv_headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(csv_headers[header::CONTENT_DISPOSITION], "attachment; filename=\"unmet-needs-2025-12-to-2026-03.csv\"");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.first().copied(), Some("need,sub_need,district,pcn,month,specialty,support_level,age_band,count"));
    assert_eq!(lines.len(), 7, "{csv}");
    assert!(lines.contains(
        &"\"Money, benefits and debt\",Debt advice,Leicester,Aegis Healthcare PCN,2026-01,Adult,Needing help,25 to 64,20"
    ));
    assert!(lines.contains(
        &"Housing and homelessness,Homelessness,Leicester,Millennium PCN,2026-02,Adult,Needing more help,18 to 24,10"
    ));
    assert!(lines.iter().skip(1).all(|line| line.ends_with(",20") || line.ends_with(",10") || line.ends_with(",<8")));
    assert!(!csv.contains(STAFF_NAME));
    app.stop().await
}
on_both_backends!(dashboard_and_export_are_suppressed, dashboard_and_export_show_only_suppressed_numbers);

async fn only_commissioners_and_admins_see_reports(backend: Backend) -> anyhow::Result<()> {
    // Arrange
    let (_data, app) = spawn_with_fixture(backend).await?;
    let mut cookies = Vec::new();
    for role in Role::ALL {
        cookies.push((role, cookie_for(&app, role).await?));
    }

    for path in ["/commissioning", "/commissioning/export.csv"] {
        // Act
        let (anonymous, headers, _) = get(&app, None, path).await?;

        // Assert
        assert_eq!(anonymous, StatusCode::SEE_OTHER, "{path}");
        let location = headers.get(header::LOCATION).and_then(|value| value.to_str().ok()).unwrap_or_default();
        assert!(location.starts_with("/login?next="), "{path}: {location}");
        for (role, cookie) in &cookies {
            let (status, _, _) = get(&app, Some(cookie), path).await?;
            let expected = match role {
                Role::Admin | Role::Commissioner => StatusCode::OK,
                Role::Curator | Role::Staff | Role::ReferralsLead => StatusCode::FORBIDDEN,
            };
            assert_eq!(status, expected, "{role} on {path}");
        }
    }
    app.stop().await
}
on_both_backends!(report_access_by_role, only_commissioners_and_admins_see_reports);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_filters_get_a_clear_error_and_no_figures() -> anyhow::Result<()> {
    // Arrange
    let (_data, app) = spawn_with_fixture(Backend::Sqlite).await?;
    let cookie = cookie_for(&app, Role::Commissioner).await?;

    for (query, message) in [
        ("from=2026-13", "Enter the from month as year and month, like 2026-01"),
        ("from=2026-03&to=2026-01", "The to month must be the same as or after the from month"),
        ("district=E99999999", "Choose a district from the list"),
        ("need=not-a-need", "Choose a need from the list"),
    ] {
        // Act
        let (status, _, html) = get(&app, Some(&cookie), &format!("/commissioning?{query}")).await?;
        let (csv_status, _, csv) = get(&app, Some(&cookie), &format!("/commissioning/export.csv?{query}")).await?;

        // Assert
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(html.contains("There is a problem") && html.contains(message), "{query}");
        assert!(!html.contains(r#"id="total""#), "{query}: figures shown");
        assert_eq!(csv_status, StatusCode::BAD_REQUEST, "{query}");
        let body: serde_json::Value = serde_json::from_str(&csv)?;
        assert_eq!(body["error"]["code"], "invalid_filter", "{query}");
    }
    app.stop().await
}
