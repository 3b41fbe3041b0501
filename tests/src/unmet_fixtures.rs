//! Unmet-need rows for report tests, written straight into the database (the helpline
//! forms that normally write them are tested on their own). Each group is `copies`
//! identical unmet needs, which keeps hand-computed totals easy to check.

use chrono::{TimeZone, Utc};
use signpost_server::{auth, storage::Role};
use sqlx::Connection;
use uuid::Uuid;

use crate::{AppOptions, Backend, TestApp, TestData};

/// The staff member who records the fixture; their name must never appear in a report.
pub const STAFF_NAME: &str = "Zebedee Quayle-Staffmember";

/// The staff member's email.
pub const STAFF_EMAIL: &str = "recorder@example.org";

/// Starts an app with no directory, "now" in March 2026, and `FIXTURE` recorded by a
/// staff member called `STAFF_NAME`.
pub async fn spawn_with_fixture(backend: Backend) -> anyhow::Result<(TestData, TestApp)> {
    let data = TestData::new(backend).await?;
    let now = Utc.with_ymd_and_hms(2026, 3, 20, 12, 0, 0).single().ok_or_else(|| anyhow::anyhow!("bad time"))?;
    let app = TestApp::spawn(&data, AppOptions { sample_data: false, now, ..AppOptions::default() }).await?;
    let staff = auth::new_user(STAFF_EMAIL, STAFF_NAME, Role::Staff, "a long enough password", now)?;
    app.state.store.create_user(&staff).await?;
    let url = data.storage_args("a").database_url.ok_or_else(|| anyhow::anyhow!("no database url"))?;
    insert_unmet_needs(&url, staff.id, &FIXTURE).await?;
    Ok((data, app))
}

/// `copies` identical unmet needs.
#[derive(Debug, Clone, Copy)]
pub struct UnmetGroup {
    /// How many rows.
    pub copies: usize,
    /// "YYYY-MM".
    pub month: &'static str,
    /// Need area slug.
    pub need: &'static str,
    /// Sub-need slug.
    pub sub_need: Option<&'static str>,
    /// District code.
    pub district: Option<&'static str>,
    /// PCN code.
    pub pcn: Option<&'static str>,
    /// Specialty code.
    pub specialty: &'static str,
    /// Age band code.
    pub age_band: &'static str,
    /// Support level code.
    pub support_level: &'static str,
    /// Barrier codes.
    pub barriers: &'static [&'static str],
}

macro_rules! insert_groups {
    ($connection:expr, $staff:expr, $groups:expr) => {{
        let mut tx = $connection.begin().await?;
        for group in $groups {
            for _ in 0..group.copies {
                let id = Uuid::new_v4().to_string();
                sqlx::query(
                    "insert into unmet_need (unmet_need_id, helpline_query_id, created_at, month, staff_user_id, \
                     need, sub_need, district_code, pcn_code, specialty, age_band, support_level, searched, \
                     search_url, description) \
                     values ($1, null, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, null, $13)",
                )
                .bind(&id)
                .bind(format!("{}-15T10:00:00.000Z", group.month))
                .bind(group.month)
                .bind($staff.to_string())
                .bind(group.need)
                .bind(group.sub_need)
                .bind(group.district)
                .bind(group.pcn)
                .bind(group.specialty)
                .bind(group.age_band)
                .bind(group.support_level)
                .bind(format!("{} near the person", group.need))
                .bind("Nothing suitable was found")
                .execute(&mut *tx)
                .await?;
                for barrier in group.barriers {
                    sqlx::query("insert into unmet_need_barrier (unmet_need_id, barrier) values ($1, $2)")
                        .bind(&id)
                        .bind(*barrier)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
    }};
}

/// Inserts every group's rows, recorded by the user `staff_user_id` (who must exist).
pub async fn insert_unmet_needs(database_url: &str, staff_user_id: Uuid, groups: &[UnmetGroup]) -> anyhow::Result<()> {
    if database_url.starts_with("sqlite:") {
        let mut connection = sqlx::SqliteConnection::connect(database_url).await?;
        insert_groups!(connection, staff_user_id, groups);
    } else {
        let mut connection = sqlx::PgConnection::connect(database_url).await?;
        insert_groups!(connection, staff_user_id, groups);
    }
    Ok(())
}

/// The hand-checked fixture the report tests share: 40 unmet needs over four months,
/// three districts (and two with none), three need areas and four barriers.
///
/// By hand: months 2025-12: 1, 2026-01: 20, 2026-02: 14, 2026-03: 5. Districts Leicester
/// 30, Melton 5, Rutland 3, none 2. Needs money 27, housing 10, loneliness 3. Barriers
/// waiting list 29, cost 21, distance 5, none exists 2. Specialties adult 30, older
/// people 5, CAMHS 3, learning disabilities 2. Levels needing help 26, needing more help
/// 9, advice 5. PCNs U00147 21, U05642 9, U67590 3, none 7.
pub const FIXTURE: [UnmetGroup; 6] = [
    UnmetGroup {
        copies: 20,
        month: "2026-01",
        need: "money",
        sub_need: Some("debt"),
        district: Some("E06000016"),
        pcn: Some("U00147"),
        specialty: "adult",
        age_band: "25_64",
        support_level: "needing_help",
        barriers: &["cost", "waiting_list"],
    },
    UnmetGroup {
        copies: 9,
        month: "2026-02",
        need: "housing",
        sub_need: Some("homelessness"),
        district: Some("E06000016"),
        pcn: Some("U05642"),
        specialty: "adult",
        age_band: "18_24",
        support_level: "needing_more_help",
        barriers: &["waiting_list"],
    },
    UnmetGroup {
        copies: 5,
        month: "2026-02",
        need: "money",
        sub_need: Some("benefits"),
        district: Some("E07000133"),
        pcn: None,
        specialty: "older_people",
        age_band: "65_plus",
        support_level: "advice_information",
        barriers: &["distance"],
    },
    UnmetGroup {
        copies: 3,
        month: "2026-03",
        need: "loneliness",
        sub_need: None,
        district: Some("E06000017"),
        pcn: Some("U67590"),
        specialty: "camhs",
        age_band: "under_16",
        support_level: "needing_help",
        barriers: &[],
    },
    UnmetGroup {
        copies: 2,
        month: "2026-03",
        need: "money",
        sub_need: None,
        district: None,
        pcn: None,
        specialty: "learning_disabilities",
        age_band: "not_known",
        support_level: "needing_help",
        barriers: &["none_exists"],
    },
    UnmetGroup {
        copies: 1,
        month: "2025-12",
        need: "housing",
        sub_need: None,
        district: Some("E06000016"),
        pcn: Some("U00147"),
        specialty: "adult",
        age_band: "25_64",
        support_level: "needing_help",
        barriers: &["cost"],
    },
];
