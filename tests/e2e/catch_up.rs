//! The index is derived from the database: it follows `change_log`, catches up after a
//! restart, and a second instance on the same database sees the first one's writes.

use std::time::Duration;

use signpost_tests::{fixtures::ServiceBuilder, names, AppOptions, Backend, TestApp, TestData};

use crate::on_both_backends;

const LE1_6ZG: (f64, f64) = (52.63142, -1.13351);

fn options(instance: &str) -> AppOptions {
    AppOptions { sample_data: false, instance: instance.into(), ..AppOptions::default() }
}

async fn a_write_becomes_searchable_within_a_second(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options("a")).await?;
    let record = ServiceBuilder::new("Zephyr Allotment Club")
        .need("gardening-and-outdoors")
        .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
        .build();

    // A write by another process: the keeper's poll, not a local wake-up, must find it.
    data.store().await?.upsert_service(&record).await?;

    app.eventually("q=zephyr", Duration::from_secs(1), |body| names(body) == ["Zephyr Allotment Club"]).await?;
    app.stop().await
}
on_both_backends!(write_becomes_searchable_within_a_second, a_write_becomes_searchable_within_a_second);

async fn the_index_catches_up_after_a_restart(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options("a")).await?;
    let first = ServiceBuilder::new("Quokka Craft Circle")
        .need("arts-and-creativity")
        .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
        .build();
    app.state.store.upsert_service(&first).await?;
    app.state.keeper.catch_up().await?;
    let applied = app.state.index.last_applied_seq()?;
    app.stop().await?;

    // Written while no server runs: only the change log knows.
    let store = data.store().await?;
    let second = ServiceBuilder::new("Quokka Walking Football")
        .need("physical-activity")
        .at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG")
        .build();
    store.upsert_service(&second).await?;
    let mut renamed = first.clone();
    renamed.service.name = "Quokka Crafts and Chat".into();
    store.upsert_service(&renamed).await?;
    assert!(store.last_change_seq().await? > applied.unwrap_or_default());

    let app = TestApp::spawn(&data, options("a")).await?;
    let body = app.search("q=quokka").await?;
    let mut found = names(&body);
    found.sort();
    assert_eq!(found, ["Quokka Crafts and Chat", "Quokka Walking Football"], "caught up at start-up");
    assert_eq!(app.state.index.last_applied_seq()?, Some(store.last_change_seq().await?));
    app.stop().await
}
on_both_backends!(index_catches_up_after_a_restart, the_index_catches_up_after_a_restart);

async fn a_lost_index_is_rebuilt_from_the_database(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, options("a")).await?;
    let record = ServiceBuilder::new("Wombat Book Club").need("learning").at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG").build();
    app.state.store.upsert_service(&record).await?;
    app.state.keeper.catch_up().await?;
    app.stop().await?;

    std::fs::remove_dir_all(data.storage_args("a").index_dir())?;

    let app = TestApp::spawn(&data, options("a")).await?;
    assert_eq!(names(&app.search("q=wombat").await?), ["Wombat Book Club"]);
    app.stop().await
}
on_both_backends!(lost_index_is_rebuilt_from_the_database, a_lost_index_is_rebuilt_from_the_database);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_instance_on_postgres_follows_the_first_ones_writes() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Postgres).await?;
    let first = TestApp::spawn(&data, options("a")).await?;
    let second = TestApp::spawn(&data, options("b")).await?;
    let record =
        ServiceBuilder::new("Platypus Men's Shed").need("social-groups").at(LE1_6ZG.0, LE1_6ZG.1, "LE1 6ZG").build();

    first.state.store.upsert_service(&record).await?;
    first.state.keeper.wake();

    second.eventually("q=platypus", Duration::from_secs(2), |body| names(body) == ["Platypus Men's Shed"]).await?;
    first.stop().await?;
    second.stop().await
}
