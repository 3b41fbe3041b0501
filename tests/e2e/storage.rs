//! The storage suite: the same cases on SQLite and PostgreSQL.

use std::collections::BTreeSet;

use signpost_server::storage::{Error, RecordStatus, UpsertOutcome};
use signpost_tests::{fixtures::ServiceBuilder, Backend, TestData};
use uuid::Uuid;

use crate::on_both_backends;

fn full_service(name: &str) -> signpost_server::storage::ServiceRecord {
    ServiceBuilder::new(name)
        .need("money")
        .need("debt")
        .delivery("in_person")
        .at(52.6369, -1.1398, "LE1 6ZG")
        .at(52.7721, -1.2052, "LE11 1AA")
        .covers("E06000016")
        .open("MO,TU,WE", "09:00", "17:00")
        .open("SA", "22:00", "02:00")
        .ages(Some(18), None)
        .costs(3.5)
        .phone("0116 496 0123")
        .build()
}

async fn a_stored_service_reads_back_identically(backend: Backend) -> anyhow::Result<()> {
    // Arrange
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let record = full_service("Money Advice Drop-in");
    // Act
    let outcome = store.upsert_service(&record).await?;
    let read = store.get_service(record.service.id).await?;
    // Assert
    assert_eq!(outcome, UpsertOutcome::Created);
    assert_eq!(read, record);
    Ok(())
}
on_both_backends!(stored_service_reads_back_identically, a_stored_service_reads_back_identically);

async fn writing_the_same_record_again_changes_nothing(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let record = full_service("Befriending Circle");
    store.upsert_service(&record).await?;
    let seq_before = store.last_change_seq().await?;

    let outcome = store.upsert_service(&record).await?;

    assert_eq!(outcome, UpsertOutcome::Unchanged);
    assert_eq!(store.last_change_seq().await?, seq_before, "an unchanged upsert must not log a change");
    Ok(())
}
on_both_backends!(same_record_again_changes_nothing, writing_the_same_record_again_changes_nothing);

async fn an_edit_replaces_children_and_logs_a_change(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let record = full_service("Walking Group");
    store.upsert_service(&record).await?;
    let mut edited = record.clone();
    edited.service.name = "Walking Group (Tuesdays)".into();
    edited.service.schedules.truncate(1);
    edited.service.phones.clear();
    edited.record_status = RecordStatus::Draft;

    let outcome = store.upsert_service(&edited).await?;

    assert_eq!(outcome, UpsertOutcome::Updated);
    assert_eq!(store.get_service(record.service.id).await?, edited);
    let changes = store.changes_since(0, 100).await?;
    assert_eq!(changes.len(), 2);
    assert!(changes.iter().all(|change| change.service_id == record.service.id));
    assert!(changes[0].seq < changes[1].seq);
    Ok(())
}
on_both_backends!(edit_replaces_children_and_logs_a_change, an_edit_replaces_children_and_logs_a_change);

async fn a_missing_service_is_not_found(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let result = store.get_service(Uuid::new_v4()).await;
    assert!(matches!(result, Err(Error::NotFound)), "{result:?}");
    Ok(())
}
on_both_backends!(missing_service_is_not_found, a_missing_service_is_not_found);

async fn ids_page_in_order_and_batches_load(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let mut expected = BTreeSet::new();
    for n in 0..25 {
        let record = ServiceBuilder::new(&format!("Service {n}")).need("community").build();
        expected.insert(record.service.id);
        store.upsert_service(&record).await?;
    }

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.service_ids(after, 10).await?;
        let Some(last) = page.last().copied() else { break };
        seen.extend(page);
        after = Some(last);
    }
    let loaded = store.get_services(&seen).await?;

    assert_eq!(seen, expected.iter().copied().collect::<Vec<_>>());
    assert_eq!(loaded.len(), 25);
    assert_eq!(store.count_services().await?, 25);
    Ok(())
}
on_both_backends!(ids_page_in_order_and_batches_load, ids_page_in_order_and_batches_load);

async fn concurrent_writers_log_every_change_in_order(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let mut tasks = Vec::new();
    for n in 0..40 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store.upsert_service(&ServiceBuilder::new(&format!("Group {n}")).need("social-groups").build()).await
        }));
    }
    for task in tasks {
        assert_eq!(task.await??, UpsertOutcome::Created);
    }

    let changes = store.changes_since(0, 1000).await?;

    assert_eq!(changes.len(), 40);
    assert!(changes.windows(2).all(|pair| pair[0].seq < pair[1].seq));
    assert_eq!(store.last_change_seq().await?, changes[39].seq);
    assert_eq!(store.changes_since(changes[19].seq, 1000).await?.len(), 20);
    Ok(())
}
on_both_backends!(concurrent_writers_log_every_change_in_order, concurrent_writers_log_every_change_in_order);

async fn shared_locations_and_organisations_are_upserted(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let first = full_service("Shared Venue A");
    let mut second = full_service("Shared Venue B");
    second.service.organization = first.service.organization.clone();
    second.service.service_at_locations = first.service.service_at_locations.clone();

    store.upsert_service(&first).await?;
    store.upsert_service(&second).await?;

    assert_eq!(store.get_service(first.service.id).await?, first);
    assert_eq!(store.get_service(second.service.id).await?, second);
    Ok(())
}
on_both_backends!(shared_locations_and_organisations_are_upserted, shared_locations_and_organisations_are_upserted);

/// One of each personal-ish record, written at `at` and tagged `label` in its text.
async fn write_retained_records(
    store: &dyn signpost_server::storage::Store,
    staff: Uuid,
    service: Uuid,
    label: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(Uuid, Uuid)> {
    use signpost_server::{
        referrals::{NewOutbox, Referral, ReferralStatus, SupportLevel},
        storage::{
            accounts::time_text,
            helpline::{HelplineQuery, UnmetNeed},
            referrals::{DeliveryRow, Outcome},
            ProblemReport, Role,
        },
    };
    let when = time_text(at);
    let month = at.format("%Y-%m").to_string();
    let query = HelplineQuery {
        id: Uuid::new_v4(),
        created_at: when.clone(),
        month: month.clone(),
        staff_user_id: staff,
        support_level: "needing_help".into(),
        specialty: "adult".into(),
        outcome: "found".into(),
        search_text: format!("{label} searched words"),
        search_url: Some("/search?q=allotment".into()),
        notes: format!("{label} helpline notes"),
        ..HelplineQuery::default()
    };
    store.add_helpline_query(&query).await?;
    store
        .add_unmet_need(&UnmetNeed {
            id: Uuid::new_v4(),
            created_at: when.clone(),
            month,
            staff_user_id: staff,
            need: "money".into(),
            specialty: "adult".into(),
            age_band: "25_64".into(),
            support_level: "needing_help".into(),
            searched: format!("{label} tried"),
            description: format!("{label} unmet description"),
            ..UnmetNeed::default()
        })
        .await?;
    store
        .add_problem_report(&ProblemReport {
            id: Uuid::new_v4(),
            service_id: service,
            reason: "other".into(),
            details: format!("{label} report"),
            status: "new".into(),
            created_at: when.clone(),
        })
        .await?;
    let referral = Referral {
        id: Uuid::new_v4(),
        care_plan_reference: "CP-1234567".into(),
        support_level: SupportLevel::NeedingHelp,
        actions: Vec::new(),
        services: Vec::new(),
        note: Some(format!("{label} referral note")),
        staff_role: Role::Staff,
        created_by: staff,
        status: ReferralStatus::Recorded,
        status_reason: None,
        status_updated_at: None,
        created_at: when.clone(),
    };
    let outbox = NewOutbox {
        id: format!("msg_{label}"),
        endpoint: "https://care.example.org/hook".into(),
        event_type: "referral.created".into(),
        body: format!(r#"{{"label": "{label}"}}"#),
    };
    store
        .create_referral(&referral, std::slice::from_ref(&outbox), &when, &time_text(at + chrono::Duration::hours(72)))
        .await?;
    let claimed = store.claim_outbox(&when, &time_text(at + chrono::Duration::minutes(1)), 10).await?;
    anyhow::ensure!(claimed.len() == 1, "one due event: {claimed:?}");
    let attempt = DeliveryRow {
        outbox_id: outbox.id.clone(),
        event_type: outbox.event_type.clone(),
        endpoint: outbox.endpoint.clone(),
        attempted_at: when.clone(),
        status_code: Some(200),
        duration_ms: 5,
        error: None,
    };
    store.record_delivery(&attempt, &Outcome::Delivered(when)).await?;
    Ok((query.id, referral.id))
}

async fn retention_purges_old_personal_text_at_start_and_daily(backend: Backend) -> anyhow::Result<()> {
    use chrono::{Duration, TimeZone, Utc};
    use signpost_server::{auth, clock::Clock, retention, storage::Role};
    use signpost_tests::{AppOptions, TestApp};

    let data = TestData::new(backend).await?;
    let start = Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0).single().ok_or_else(|| anyhow::anyhow!("time"))?;
    let options = AppOptions { sample_data: false, now: start, ..AppOptions::default() };
    let app = TestApp::spawn(&data, options.clone()).await?;
    let store = app.state.store.clone();
    let staff = auth::new_user("staff@example.org", "Staff", Role::Staff, "a long enough password", start)?;
    store.create_user(&staff).await?;
    let record = ServiceBuilder::new("Retained Allotment Club").build();
    store.upsert_service(&record).await?;
    let (old_query, old_referral) =
        write_retained_records(store.as_ref(), staff.id, record.service.id, "old", start).await?;
    let recent = start + Duration::days(350);
    let (new_query, new_referral) =
        write_retained_records(store.as_ref(), staff.id, record.service.id, "new", recent).await?;
    app.stop().await?;

    // 400 days on, the serve process purges at start: the old records are past every
    // default period (365, 365 and 90 days), the recent ones (50 days) within all.
    let later = start + Duration::days(400);
    let app = TestApp::spawn(&data, AppOptions { now: later, ..options }).await?;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while !store.helpline_query(old_query).await?.notes.is_empty() {
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "the start-up purge did not run");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The purge runs in its own transactions; wait for the last kind too.
    while store.referral(old_referral).await?.note.is_some() {
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "the referral purge did not run");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let old = store.helpline_query(old_query).await?;
    assert_eq!((old.search_text.as_str(), old.search_url.as_deref()), ("", None), "searched words removed");
    assert_eq!(old.support_level, "needing_help", "the coded fields behind reports stay");
    let kept = store.helpline_query(new_query).await?;
    assert_eq!(kept.notes, "new helpline notes");
    let needs = store.unmet_needs_by_staff(staff.id, 10).await?;
    let mut descriptions: Vec<&str> = needs.iter().map(|need| need.description.as_str()).collect();
    descriptions.sort_unstable();
    assert_eq!(descriptions, ["", "new unmet description"], "{needs:?}");
    let reports: Vec<String> = store.problem_reports(10).await?.into_iter().map(|report| report.details).collect();
    assert_eq!(reports, ["new report"]);
    assert_eq!(store.referral(new_referral).await?.note.as_deref(), Some("new referral note"));
    let old_outbox = store.referral_outbox(old_referral).await?;
    assert_eq!(old_outbox.len(), 1);
    assert_eq!(old_outbox[0].body, "", "the sent payload is removed");
    assert!(old_outbox[0].delivered_at.is_some(), "its delivery is still known");
    assert_eq!(store.referral_outbox(new_referral).await?[0].body, r#"{"label": "new"}"#);
    assert!(store.delivery_log(old_referral).await?.is_empty());
    assert_eq!(store.delivery_log(new_referral).await?.len(), 1);

    // Run again (as the daily worker or `signpost purge` would): nothing more goes.
    let retention = retention::Retention::from_args(&signpost_server::config::RetentionArgs::default());
    let again = retention::purge(store.as_ref(), &retention, app.clock.now()).await?;
    assert_eq!(again, Default::default(), "{}", retention::summary(&again));
    // A shorter period reaches the recent records.
    let short = retention::Retention { query_log_days: 30, reports_days: 30, referral_payload_days: 30 };
    let counts = retention::purge(store.as_ref(), &short, app.clock.now()).await?;
    assert_eq!(
        (counts.helpline_queries, counts.unmet_needs, counts.reports, counts.referral_notes, counts.referral_payloads),
        (1, 1, 1, 1, 1)
    );
    assert_eq!(counts.delivery_logs, 1);
    app.stop().await
}
on_both_backends!(
    retention_purges_old_personal_text_at_start_and_daily_,
    retention_purges_old_personal_text_at_start_and_daily
);
