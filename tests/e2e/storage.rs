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
