//! HSDS 3.0 conformance: every service the API serves validates against the Open Referral
//! `service.json` schema with formats asserted (uuid, uri, email, date-time), as the
//! Open Referral UK validator checks.

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Retrieve, Uri, Validator};
use reqwest::StatusCode;
use serde_json::{json, Value};
use signpost_server::{
    import::{import_files, ImportOptions},
    storage::RecordStatus,
};
use signpost_tests::{shared_data, AppOptions, Backend, TestApp, TestData};

/// How many failures a failing test prints.
const SHOWN_FAILURES: usize = 20;

/// Resolves the schemas' relative `$ref`s (`"$ref": "phone.json"`) from the local
/// specification folder, so validation never touches the network.
pub(crate) struct SchemaFolder(pub(crate) PathBuf);

impl Retrieve for SchemaFolder {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let Some(name) = uri.as_str().strip_prefix("file://").and_then(|path| Path::new(path).file_name()) else {
            return Err(format!("schema {uri} is not a local file").into());
        };
        let path = self.0.join(name);
        let text =
            std::fs::read_to_string(&path).map_err(|error| format!("could not read {}: {error}", path.display()))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// Returns a validator for HSDS 3.0 `service.json` that asserts formats.
fn service_validator() -> anyhow::Result<Validator> {
    let schema_path = shared_data("openreferral/hsds3_spec_schema/service.json");
    let folder = schema_path.parent().expect("BUG: a schema file has a parent folder").to_path_buf();
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&schema_path)?)?;
    // The schemas carry no `$schema` or `$id`: they are 2020-12 (the `uuid` format needs 2019-09
    // or later), and relative `$ref`s resolve against the file's own location.
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_base_uri(format!("file://{}", schema_path.display()))
        .with_retriever(SchemaFolder(folder))
        .build(&schema)
        .map_err(|error| anyhow::anyhow!("service.json does not compile: {error}"))?;
    Ok(validator)
}

/// Returns each schema violation in `instance` as `"<instance path>: <message>"`.
pub(crate) fn violations(validator: &Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|error| format!("{}: {error}", error.instance_path())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_published_service_the_api_serves_validates_against_the_hsds_schema() -> anyhow::Result<()> {
    // Arrange: the sample directory plus the two real council Open Referral UK v1 feeds.
    let validator = service_validator()?;
    let data = TestData::new(Backend::Sqlite).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let feeds = vec![
        shared_data("openreferral/real_uk_oruk_v1_samples/bristol_services_sample.json"),
        shared_data("openreferral/real_uk_oruk_v1_samples/north_lincolnshire_services_sample.json"),
    ];
    let report = import_files(
        app.state.store.as_ref(),
        &feeds,
        &ImportOptions { status: RecordStatus::Published, progress: false },
    )
    .await?;
    assert!(report.created >= 490, "the council feeds import: {}", report.summary());
    let ids = app.state.store.service_ids(None, 10_000).await?;
    let records = app.state.store.get_services(&ids).await?;
    let published: Vec<String> = records
        .iter()
        .filter(|record| record.record_status == RecordStatus::Published)
        .map(|record| record.service.id.to_string())
        .collect();
    assert!(published.len() >= 900, "sample directory and council feeds are published: {}", published.len());

    // Act
    let mut failures = Vec::new();
    let mut failing_services = 0;
    for id in &published {
        let (status, body) = app.get_json(&format!("/api/v1/services/{id}")).await?;
        anyhow::ensure!(status == StatusCode::OK, "GET /api/v1/services/{id} answered {status}: {body}");
        let found = violations(&validator, &body);
        if !found.is_empty() {
            failing_services += 1;
        }
        failures.extend(found.into_iter().map(|violation| format!("service {id} at {violation}")));
    }
    app.stop().await?;

    // Assert
    assert!(
        failures.is_empty(),
        "{} of {} published services break HSDS 3.0 service.json ({} violations); the first {SHOWN_FAILURES}:\n{}",
        failing_services,
        published.len(),
        failures.len(),
        failures.iter().take(SHOWN_FAILURES).cloned().collect::<Vec<_>>().join("\n"),
    );
    Ok(())
}

#[test]
fn a_service_with_a_malformed_uuid_uri_email_or_date_time_fails_the_hsds_schema() -> anyhow::Result<()> {
    // Arrange: the specification's own example, which must pass, and broken copies of it.
    let validator = service_validator()?;
    let example_path = shared_data("openreferral/hsds3_spec_examples/service_full.json");
    let example: Value = serde_json::from_str(&std::fs::read_to_string(example_path)?)?;
    assert_eq!(violations(&validator, &example), Vec::<String>::new(), "the specification's example is valid");
    let cases = [
        ("/id", json!("not-a-uuid")),
        ("/url", json!("not a uri")),
        ("/email", json!("nobody at all")),
        ("/last_modified", json!("last Tuesday")),
        // Formats are asserted inside `$ref`ed schemas too (organization.json, phone.json).
        ("/organization/id", json!("not-a-uuid")),
        ("/organization/website", json!("not a uri")),
        ("/phones/0/id", json!("not-a-uuid")),
    ];

    for (pointer, bad) in cases {
        let mut broken = example.clone();
        *broken.pointer_mut(pointer).expect("BUG: the example has every broken field") = bad;

        // Act
        let found = violations(&validator, &broken);

        // Assert
        assert!(
            found.iter().any(|violation| violation.starts_with(&format!("{pointer}: "))),
            "{pointer} should fail validation, got {found:?}"
        );
    }
    Ok(())
}
