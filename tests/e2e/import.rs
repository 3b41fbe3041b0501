//! Import of HSDS 3.0 and Open Referral UK v1 files: upsert by id, idempotent
//! re-import, bad records reported while the rest go in.

use std::path::PathBuf;

use serde_json::json;
use signpost_server::{
    import::{import_files, ImportOptions},
    storage::RecordStatus,
};
use signpost_tests::{seed_dir, shared_data, Backend, TestData};

use crate::on_both_backends;

fn options() -> ImportOptions {
    ImportOptions { status: RecordStatus::Published, progress: false }
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> anyhow::Result<PathBuf> {
    let path = dir.path().join(name);
    std::fs::write(&path, text)?;
    Ok(path)
}

async fn the_sample_directory_imports_cleanly_and_reimports_unchanged(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let files = vec![seed_dir().join("directory/llr_sample_directory.json")];

    let first = import_files(store.as_ref(), &files, &options()).await?;
    let second = import_files(store.as_ref(), &files, &options()).await?;

    assert!(first.rejected.is_empty(), "{:?}", first.rejected);
    assert!(first.created >= 400, "{}", first.summary());
    assert_eq!(second.unchanged, first.created, "{}", second.summary());
    assert_eq!((second.created, second.updated), (0, 0));
    Ok(())
}
on_both_backends!(
    sample_directory_imports_cleanly_and_reimports_unchanged,
    the_sample_directory_imports_cleanly_and_reimports_unchanged
);

async fn real_council_oruk_v1_feeds_import_and_reimport_unchanged(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let files = vec![
        shared_data("openreferral/real_uk_oruk_v1_samples/bristol_services_sample.json"),
        shared_data("openreferral/real_uk_oruk_v1_samples/north_lincolnshire_services_sample.json"),
    ];

    let first = import_files(store.as_ref(), &files, &options()).await?;
    let second = import_files(store.as_ref(), &files, &options()).await?;

    assert_eq!(first.created + first.rejected.len(), 500, "{}", first.summary());
    assert!(first.created >= 490, "nearly every real record is usable: {:?}", first.rejected);
    for rejection in &first.rejected {
        assert!(!rejection.id.is_empty() && !rejection.reason.is_empty());
    }
    assert_eq!(second.unchanged, first.created, "{}", second.summary());
    let ids = store.service_ids(None, 1000).await?;
    let records = store.get_services(&ids[..10]).await?;
    for record in records {
        let description = record.service.description.unwrap_or_default();
        assert!(
            !description.contains("<p>") && !description.contains("&nbsp;"),
            "HTML is turned into text: {description}"
        );
        assert!(record.provenance.source.ends_with("_services_sample.json"));
    }
    Ok(())
}
on_both_backends!(
    real_council_oruk_v1_feeds_import_and_reimport_unchanged,
    real_council_oruk_v1_feeds_import_and_reimport_unchanged
);

#[tokio::test]
async fn the_hsds_specification_example_imports_in_every_container_shape() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let store = data.store().await?;
    let dir = tempfile::tempdir()?;
    let original = shared_data("openreferral/hsds3_spec_examples/service_full.json");
    let mut example: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&original)?)?;
    // The specification's example places its location at latitude 100, which is refused
    // (checked below); the copies are moved to Leicester.
    for sal in example["service_at_locations"].as_array_mut().into_iter().flatten() {
        sal["location"]["latitude"] = json!(52.63142);
        sal["location"]["longitude"] = json!(-1.13351);
    }
    let mut first = example.clone();
    first["id"] = json!("0a8d6c1f-2b3e-4f4a-9b5c-6d7e8f9a0b1c");
    let mut second = example.clone();
    second["id"] = json!("1b9e7d2a-3c4f-4a5b-8c6d-7e8f9a0b1c2d");
    second["name"] = json!("Second Counselling");
    let mut third = example.clone();
    third["id"] = json!("2c0f8e3b-4d5a-4b6c-9d7e-8f9a0b1c2d3e");
    let mut fourth = example.clone();
    fourth["id"] = json!("3d1a9f4c-5e6b-4c7d-8e8f-9a0b1c2d3e4f");

    let files = vec![
        original,
        write(&dir, "single.json", &serde_json::to_string(&first)?)?,
        write(&dir, "array.json", &serde_json::to_string(&vec![second])?)?,
        write(&dir, "paged.json", &serde_json::to_string(&json!({"total_items": 1, "contents": [third]}))?)?,
        write(&dir, "lines.ndjson", &format!("{}\n", serde_json::to_string(&fourth)?))?,
    ];
    let report = import_files(store.as_ref(), &files, &options()).await?;

    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].id, "ac148810-d857-441c-9679-408f346de14b");
    assert!(report.rejected[0].reason.contains("coordinates out of range"), "{:?}", report.rejected);
    assert_eq!(report.created, 4);
    let stored = store.get_service("0a8d6c1f-2b3e-4f4a-9b5c-6d7e8f9a0b1c".parse()?).await?;
    assert_eq!(stored.service.name, "Community Counselling");
    assert_eq!(stored.service.phones[0].number, "+44 1234 234567", "stray quotes are trimmed");
    Ok(())
}

async fn bad_records_are_reported_and_the_rest_go_in(backend: Backend) -> anyhow::Result<()> {
    let data = TestData::new(backend).await?;
    let store = data.store().await?;
    let dir = tempfile::tempdir()?;
    let good = |id: &str, name: &str| json!({"id": id, "name": name, "status": "active", "description": "Fine."});
    let mut bad_uuid = good("not-a-uuid", "Bad id");
    bad_uuid["organization"] = json!(null);
    let mut bad_date = good("5a6b7c8d-1111-4222-8333-944455556666", "Bad date");
    bad_date["assured_date"] = json!("31/12/2025");
    let mut bad_ages = good("5a6b7c8d-2222-4222-8333-944455556666", "Bad ages");
    bad_ages["minimum_age"] = json!(65);
    bad_ages["maximum_age"] = json!(18);
    let mut bad_time = good("5a6b7c8d-3333-4222-8333-944455556666", "Bad time");
    bad_time["schedules"] = json!([{"id": "5a6b7c8d-3333-4222-8333-000000000001", "freq": "WEEKLY", "byday": "MO", "opens_at": "9am", "closes_at": "17:00"}]);
    let mut bad_place = good("5a6b7c8d-4444-4222-8333-944455556666", "Bad place");
    bad_place["service_at_locations"] = json!([{"id": "5a6b7c8d-4444-4222-8333-000000000001", "location": {"id": "5a6b7c8d-4444-4222-8333-000000000002", "location_type": "physical", "latitude": 200.0, "longitude": -1.1}}]);
    let mut bad_status = good("5a6b7c8d-5555-4222-8333-944455556666", "Bad status");
    bad_status["status"] = json!("maybe");
    let mut bad_email = good("5a6b7c8d-6666-4222-8333-944455556666", "Bad email");
    bad_email["email"] = json!("nobody at all");
    let no_name = json!({"id": "5a6b7c8d-7777-4222-8333-944455556666", "status": "active"});
    let records = json!([
        good("5a6b7c8d-0000-4222-8333-944455556666", "Good one"),
        bad_uuid,
        bad_date,
        bad_ages,
        bad_time,
        bad_place,
        bad_status,
        bad_email,
        no_name,
        good("5a6b7c8d-8888-4222-8333-944455556666", "Good two"),
    ]);
    let file = write(&dir, "mixed.json", &serde_json::to_string(&records)?)?;
    let ndjson = write(&dir, "broken.ndjson", "{\"id\": \"5a6b7c8d-9999-4222-8333-944455556666\", \"name\": \"Good three\", \"status\": \"active\"}\n{not json\n")?;

    let report = import_files(store.as_ref(), &[file, ndjson], &options()).await?;

    assert_eq!(report.created, 3, "{}", report.summary());
    let reasons: Vec<(String, String)> = report.rejected.iter().map(|r| (r.id.clone(), r.reason.clone())).collect();
    let expect = [
        ("not-a-uuid", "UUID"),
        ("5a6b7c8d-1111-4222-8333-944455556666", "assured_date"),
        ("5a6b7c8d-2222-4222-8333-944455556666", "minimum_age"),
        ("5a6b7c8d-3333-4222-8333-944455556666", "9am"),
        ("5a6b7c8d-4444-4222-8333-944455556666", "coordinates"),
        ("5a6b7c8d-5555-4222-8333-944455556666", "status"),
        ("5a6b7c8d-6666-4222-8333-944455556666", "email"),
        ("5a6b7c8d-7777-4222-8333-944455556666", "name"),
        ("line 2", "JSON"),
    ];
    assert_eq!(reasons.len(), expect.len(), "{reasons:?}");
    for ((id, reason), (want_id, mention)) in reasons.iter().zip(expect) {
        assert_eq!(id, want_id);
        assert!(reason.to_lowercase().contains(&mention.to_lowercase()), "{id}: {reason:?} should mention {mention}");
    }
    assert_eq!(store.count_services().await?, 3, "rejected records change nothing");
    Ok(())
}
on_both_backends!(bad_records_are_reported_and_the_rest_go_in, bad_records_are_reported_and_the_rest_go_in);

#[tokio::test]
async fn a_changed_record_is_updated_in_place() -> anyhow::Result<()> {
    let data = TestData::new(Backend::Sqlite).await?;
    let store = data.store().await?;
    let dir = tempfile::tempdir()?;
    let id = "6b7c8d9e-0000-4222-8333-944455556666";
    let v1 = write(&dir, "v1.json", &json!({"id": id, "name": "Chess Club", "status": "active"}).to_string())?;
    let v2 =
        write(&dir, "v2.json", &json!({"id": id, "name": "Chess and Draughts Club", "status": "active"}).to_string())?;

    let first = import_files(store.as_ref(), &[v1], &options()).await?;
    let second = import_files(store.as_ref(), &[v2], &options()).await?;

    assert_eq!((first.created, second.updated), (1, 1));
    assert_eq!(store.get_service(id.parse()?).await?.service.name, "Chess and Draughts Club");
    assert_eq!(store.count_services().await?, 1);
    Ok(())
}
