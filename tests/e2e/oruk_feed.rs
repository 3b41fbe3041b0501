//! Open Referral UK 3.0 conformance: every feed endpoint's answers validate against the
//! ORUK profile's schemas (formats asserted), listings page as the standard says, every
//! filter narrows correctly, only visible records appear, and every answer carries CORS
//! `*` and `application/json`. On SQLite and PostgreSQL, with the sample directory and
//! the two real council feeds.

use std::{
    collections::{BTreeMap, BTreeSet, HashSet},
    path::Path,
};

use jsonschema::{Draft, Validator};
use reqwest::{header, StatusCode};
use serde_json::Value;
use signpost_server::{
    hsds::NEEDS_TAXONOMY,
    http::oruk::taxonomy_id,
    import::{import_files, ImportOptions},
    storage::{RecordStatus, ServiceRecord},
};
use signpost_tests::{fixtures::ServiceBuilder, shared_data, AppOptions, Backend, TestApp, TestData};
use uuid::Uuid;

use super::{
    hsds_schema::{violations, SchemaFolder},
    on_both_backends,
};

/// How many failures a failing test prints.
const SHOWN_FAILURES: usize = 20;

/// Returns a validator for one schema of the ORUK 3.0 profile, asserting formats.
fn oruk_validator(file: &str) -> anyhow::Result<Validator> {
    let schema_path = shared_data(&format!("openreferral/oruk3_profile_schema/schema/{file}"));
    let folder = schema_path.parent().expect("BUG: a schema file has a parent folder").to_path_buf();
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&schema_path)?)?;
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_base_uri(format!("file://{}", schema_path.display()))
        .with_retriever(SchemaFolder(folder))
        .build(&schema)
        .map_err(|error| anyhow::anyhow!("{file} does not compile: {error}"))
}

/// The profile's validators, one per kind of record.
struct Schemas {
    service: Validator,
    organization: Validator,
    taxonomy: Validator,
    taxonomy_term: Validator,
    service_at_location: Validator,
}

impl Schemas {
    fn load() -> anyhow::Result<Self> {
        Ok(Self {
            service: oruk_validator("service.json")?,
            organization: oruk_validator("organization.json")?,
            taxonomy: oruk_validator("taxonomy.json")?,
            taxonomy_term: oruk_validator("taxonomy_term.json")?,
            service_at_location: oruk_validator("service_at_location.json")?,
        })
    }
}

/// A feed client that checks the headers every answer must carry and collects schema
/// violations instead of stopping at the first.
struct Feed<'a> {
    app: &'a TestApp,
    failures: Vec<String>,
}

impl<'a> Feed<'a> {
    /// GETs `path` under `/api/v1`, checking CORS and the content type on any status.
    async fn get(&mut self, path: &str) -> anyhow::Result<(StatusCode, Value)> {
        let response = self.app.client.get(format!("{}/api/v1{path}", self.app.address)).send().await?;
        let status = response.status();
        let cors = response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).cloned();
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        anyhow::ensure!(cors.as_ref().is_some_and(|value| value == "*"), "{path}: CORS header was {cors:?}");
        anyhow::ensure!(
            content_type
                .as_ref()
                .and_then(|value| value.to_str().ok())
                .is_some_and(|value| value.starts_with("application/json")),
            "{path}: content type was {content_type:?}"
        );
        Ok((status, response.json().await?))
    }

    /// GETs `path` and fails unless it answers 200.
    async fn ok(&mut self, path: &str) -> anyhow::Result<Value> {
        let (status, body) = self.get(path).await?;
        anyhow::ensure!(status == StatusCode::OK, "{path} answered {status}: {body}");
        Ok(body)
    }

    fn check(&mut self, validator: &Validator, what: &str, instance: &Value) {
        self.failures
            .extend(violations(validator, instance).into_iter().map(|violation| format!("{what} at {violation}")));
    }

    /// Walks every page of `path` (which has no query string of its own, or ends with one)
    /// at `per_page`, checking the paging fields and validating each item; returns the items.
    async fn walk(&mut self, path: &str, per_page: u64, validator: &Validator) -> anyhow::Result<Vec<Value>> {
        let joiner = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let url = format!("{path}{joiner}page={page}&per_page={per_page}");
            let body = self.ok(&url).await?;
            let total = body["total_items"].as_u64().ok_or_else(|| anyhow::anyhow!("{url}: no total_items"))?;
            let contents = body["contents"].as_array().ok_or_else(|| anyhow::anyhow!("{url}: no contents"))?.clone();
            let total_pages = total.div_ceil(per_page);
            assert_eq!(body["total_pages"], total_pages, "{url}: total_pages");
            assert_eq!(body["page_number"], page, "{url}: page_number");
            assert_eq!(body["page"], page, "{url}: page");
            assert_eq!(body["per_page"], per_page, "{url}: per_page");
            assert_eq!(body["size"], contents.len(), "{url}: size");
            assert_eq!(body["first_page"], page == 1, "{url}: first_page");
            assert_eq!(body["last_page"], page >= total_pages, "{url}: last_page");
            assert_eq!(body["empty"], contents.is_empty(), "{url}: empty");
            let expected_size = total.saturating_sub((page - 1) * per_page).min(per_page);
            assert_eq!(contents.len() as u64, expected_size, "{url}: items on this page");
            for item in &contents {
                let what = format!("{url} item {}", item["id"]);
                self.check(validator, &what, item);
            }
            items.extend(contents);
            if page >= total_pages {
                break;
            }
            page += 1;
        }
        let ids: Vec<&str> = items.iter().filter_map(|item| item["id"].as_str()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), items.len(), "{path}: every item once, each with an id");
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ids, "{path}: items in a stable (id) order across pages");
        Ok(items)
    }

    /// Returns the ids of every item of a listing, walking its pages.
    async fn ids(&mut self, path: &str, validator: &Validator) -> anyhow::Result<BTreeSet<String>> {
        let items = self.walk(path, 200, validator).await?;
        Ok(items.iter().filter_map(|item| item["id"].as_str().map(str::to_owned)).collect())
    }
}

fn visible(record: &ServiceRecord) -> bool {
    record.record_status == RecordStatus::Published && !matches!(record.service.status.as_str(), "inactive" | "defunct")
}

fn id_set<'a>(records: impl Iterator<Item = &'a ServiceRecord>) -> BTreeSet<String> {
    records.map(|record| record.service.id.to_string()).collect()
}

fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

async fn the_feed_conforms_to_the_oruk_profile(backend: Backend) -> anyhow::Result<()> {
    // Arrange: the sample directory, the two council feeds, and records that must not show.
    let schemas = Schemas::load()?;
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let feeds = vec![
        shared_data("openreferral/real_uk_oruk_v1_samples/bristol_services_sample.json"),
        shared_data("openreferral/real_uk_oruk_v1_samples/north_lincolnshire_services_sample.json"),
    ];
    let options = ImportOptions { status: RecordStatus::Published, progress: false };
    let report = import_files(app.state.store.as_ref(), &feeds, &options).await?;
    assert!(report.created >= 490, "the council feeds import: {}", report.summary());
    let store = app.state.store.clone();
    let draft = ServiceBuilder::new("Hidden draft lunch club").status(RecordStatus::Draft).build();
    let archived = ServiceBuilder::new("Hidden archived lunch club").status(RecordStatus::Archived).build();
    let mut inactive = ServiceBuilder::new("Hidden inactive lunch club").build();
    inactive.service.status = "inactive".into();
    for record in [&draft, &archived, &inactive] {
        store.upsert_service(record).await?;
    }
    let ids = store.service_ids(None, 100_000).await?;
    let records = store.get_services(&ids).await?;
    let shown: Vec<&ServiceRecord> = records.iter().filter(|record| visible(record)).collect();
    assert!(shown.len() >= 900, "sample and council services are visible: {}", shown.len());
    let mut feed = Feed { app: &app, failures: Vec::new() };

    // Act and assert: the root.
    let root = feed.ok("/").await?;
    assert_eq!(root["version"], "3.0");
    assert!(root["profile"].as_str().is_some_and(|profile| profile.starts_with("https://")), "{root}");
    assert!(root["openapi_url"].as_str().is_some_and(|url| url.ends_with("/api/v1/openapi.json")), "{root}");

    // Services: the listing holds exactly the visible services, every one valid in full.
    let listed = feed.ids("/services", &schemas.service).await?;
    assert_eq!(listed, id_set(shown.iter().copied()), "/services lists exactly the visible services");
    for hidden in [&draft, &archived, &inactive] {
        let (status, _) = feed.get(&format!("/services/{}", hidden.service.id)).await?;
        assert_eq!(status, StatusCode::NOT_FOUND, "{} is not public", hidden.service.name);
    }
    for id in &listed {
        let body = feed.ok(&format!("/services/{id}")).await?;
        assert_eq!(body["id"], id.as_str());
        feed.check(&schemas.service, &format!("/services/{id}"), &body);
    }
    let small = feed.walk("/services", 7, &schemas.service).await?;
    assert_eq!(small.len(), listed.len(), "small pages walk to the same services");
    let full = feed.walk("/services?full_service=true", 250, &schemas.service).await?;
    assert!(full.iter().any(|service| service["service_at_locations"].as_array().is_some_and(|l| !l.is_empty())));
    assert!(small.iter().all(|service| service.get("service_at_locations").is_none()), "listings are one-to-one");

    // Filters, each checked against what the store holds.
    let food = feed.walk("/services?search=FOOD", 100, &schemas.service).await?;
    let expected_food = id_set(shown.iter().copied().filter(|record| {
        let text = format!("{} {}", record.service.name, record.service.description.as_deref().unwrap_or_default());
        text.to_lowercase().contains("food")
    }));
    assert!(!expected_food.is_empty());
    assert_eq!(ids_of(&food), expected_food, "search matches name or description");

    let mut term_counts: BTreeMap<Uuid, BTreeSet<String>> = BTreeMap::new();
    for record in &shown {
        for attribute in &record.service.attributes {
            if let Some(term) = attribute.taxonomy_term_id {
                term_counts.entry(term).or_default().insert(record.service.id.to_string());
            }
        }
    }
    let (term, expected_term) = term_counts.iter().max_by_key(|(_, ids)| ids.len()).expect("services have terms");
    let by_term = feed.walk(&format!("/services?taxonomy_term_id={term}"), 100, &schemas.service).await?;
    assert_eq!(ids_of(&by_term), *expected_term, "taxonomy_term_id");

    let needs = taxonomy_id(NEEDS_TAXONOMY);
    let by_taxonomy = feed.walk(&format!("/services?taxonomy_id={needs}"), 200, &schemas.service).await?;
    let expected_taxonomy =
        id_set(shown.iter().copied().filter(|record| record.service.term_codes(NEEDS_TAXONOMY).next().is_some()));
    assert!(!expected_taxonomy.is_empty());
    assert_eq!(ids_of(&by_taxonomy), expected_taxonomy, "taxonomy_id");
    let unknown = feed.ok(&format!("/services?taxonomy_id={}", Uuid::new_v4())).await?;
    assert_eq!((unknown["total_items"].as_u64(), unknown["empty"].as_bool()), (Some(0), Some(true)));

    let mut by_organization: BTreeMap<Uuid, BTreeSet<String>> = BTreeMap::new();
    for record in &shown {
        if let Some(organization) = &record.service.organization {
            by_organization.entry(organization.id).or_default().insert(record.service.id.to_string());
        }
    }
    let (organization, expected_organization) =
        by_organization.iter().max_by_key(|(_, ids)| ids.len()).expect("services have organisations");
    let organization_services =
        feed.walk(&format!("/services?organization_id={organization}"), 100, &schemas.service).await?;
    assert_eq!(ids_of(&organization_services), *expected_organization, "organization_id");

    let everything = feed.ok("/services?modified_after=2000-01-01T00:00:00Z").await?;
    assert_eq!(everything["total_items"].as_u64(), Some(listed.len() as u64), "modified_after in the past");
    let future = feed.ok("/services?modified_after=2999-01-01").await?;
    assert_eq!(future["total_items"].as_u64(), Some(0), "modified_after in the future");
    let before_edit = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut edited = (*shown[0]).clone();
    edited.service.name.push_str(" (renamed)");
    store.upsert_service(&edited).await?;
    let changed = feed.walk(&format!("/services?modified_after={before_edit}"), 500, &schemas.service).await?;
    assert!(ids_of(&changed).contains(&edited.service.id.to_string()), "an edited service is harvested again");
    for service in &changed {
        let modified = service["last_modified"].as_str().unwrap_or_default();
        assert!(modified >= before_edit.as_str(), "{} last_modified {modified} < {before_edit}", service["id"]);
    }

    let centre = app.state.reference.geography.postcode_point("LE1 6ZG").expect("LE1 6ZG is known");
    let near = feed.walk("/services?postcode=LE1+6ZG&proximity=2000&full_service=true", 100, &schemas.service).await?;
    assert!(!near.is_empty(), "services within 2 km of LE1 6ZG");
    for service in &near {
        let closest = service["service_at_locations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|sal| Some((sal["location"]["latitude"].as_f64()?, sal["location"]["longitude"].as_f64()?)))
            .map(|point| km_between(point, (centre.lat, centre.lon)))
            .fold(f64::INFINITY, f64::min);
        assert!(closest <= 2.02, "{} is {closest} km away", service["id"]);
    }
    let wider = feed.ok("/services?postcode=LE1%206ZG&proximity=20000").await?;
    assert!(wider["total_items"].as_u64() > Some(near.len() as u64), "a wider proximity finds more");
    let covering = ids_of(&feed.walk("/services?postcode=le16zg", 500, &schemas.service).await?);
    let place = app.state.reference.geography.resolve("LE1 6ZG").expect("LE1 6ZG resolves");
    let by_area = id_set(shown.iter().copied().filter(|record| {
        record
            .service
            .service_areas
            .iter()
            .any(|area| area.extent.as_ref().is_some_and(|code| place.regions.contains(code)))
    }));
    assert!(!by_area.is_empty(), "some services cover Leicester by area");
    assert!(covering.is_superset(&by_area), "a postcode alone finds services whose area covers it");
    assert!(covering.is_superset(&ids_of(&near)), "a postcode alone finds services nearby");

    // Organisations, taxonomies, terms, service-at-locations.
    let organizations = feed.ids("/organizations", &schemas.organization).await?;
    let expected_organizations: BTreeSet<String> = by_organization.keys().map(ToString::to_string).collect();
    assert_eq!(organizations, expected_organizations, "organisations with a visible service");
    let one = feed.ok(&format!("/organizations/{organization}?full_service=true")).await?;
    feed.check(&schemas.organization, "/organizations/{id}", &one);
    let services_of_one = one["services"].as_array().cloned().unwrap_or_default();
    assert_eq!(ids_of(&services_of_one), *expected_organization, "an organisation lists its services");
    for service in &services_of_one {
        feed.check(&schemas.service, "/organizations/{id} service", service);
    }
    let (status, _) = feed.get(&format!("/organizations/{}", Uuid::new_v4())).await?;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let taxonomies = feed.walk("/taxonomies", 10, &schemas.taxonomy).await?;
    assert!(ids_of(&taxonomies).contains(&needs.to_string()), "the needs taxonomy is listed");
    let needs_taxonomy = feed.ok(&format!("/taxonomies/{needs}")).await?;
    feed.check(&schemas.taxonomy, "/taxonomies/{id}", &needs_taxonomy);
    let need_terms = needs_taxonomy["taxonomy_terms"].as_array().map_or(0, Vec::len);
    assert!(need_terms >= 10, "the needs taxonomy has its terms: {need_terms}");

    let terms = feed.walk("/taxonomy_terms", 100, &schemas.taxonomy_term).await?;
    assert!(ids_of(&terms).contains(&term.to_string()), "terms in use are listed");
    let needs_only = feed.walk(&format!("/taxonomy_terms?taxonomy_id={needs}"), 100, &schemas.taxonomy_term).await?;
    assert_eq!(needs_only.len(), need_terms, "taxonomy_id narrows terms");
    assert!(needs_only.iter().all(|term| term["taxonomy_id"] == needs.to_string().as_str()));
    let one_term = feed.ok(&format!("/taxonomy_terms/{term}")).await?;
    feed.check(&schemas.taxonomy_term, "/taxonomy_terms/{id}", &one_term);

    let sals = feed.walk("/service_at_locations", 250, &schemas.service_at_location).await?;
    let expected_sals: usize = shown.iter().map(|record| record.service.service_at_locations.len()).sum();
    assert!(!sals.is_empty());
    assert!(sals.len() <= expected_sals, "one entry per service-at-location of a visible service");
    for sal in sals.iter().take(25) {
        let id = sal["id"].as_str().unwrap_or_default();
        let body = feed.ok(&format!("/service_at_locations/{id}")).await?;
        feed.check(&schemas.service_at_location, "/service_at_locations/{id}", &body);
        assert!(listed.contains(body["service_id"].as_str().unwrap_or_default()));
    }
    let near_sals =
        feed.walk("/service_at_locations?postcode=LE1+6ZG&proximity=2000", 100, &schemas.service_at_location).await?;
    assert!(!near_sals.is_empty() && near_sals.len() < sals.len(), "postcode narrows service-at-locations");

    // Bad parameters answer 400 with the project's error JSON, and change nothing.
    for bad in [
        "/services?page=0",
        "/services?page=abc",
        "/services?per_page=5000",
        "/services?per_page=-1",
        "/services?taxonomy_term_id=food",
        "/services?organization_id=1",
        "/services?modified_after=last+Tuesday",
        "/services?full_service=maybe",
        "/services?postcode=ZZ99+9ZZ",
        "/services?proximity=1000",
        "/services?postcode=LE1+6ZG&proximity=-5",
        "/organizations?page=0",
        "/taxonomy_terms?taxonomy_id=x",
        "/service_at_locations?per_page=0",
    ] {
        let (status, body) = feed.get(bad).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body["error"]["code"].is_string() && body["error"]["message"].is_string(), "{bad}: {body}");
    }
    let (status, _) = feed.get("/services/not-a-uuid").await?;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let failures = std::mem::take(&mut feed.failures);
    app.stop().await?;
    assert!(
        failures.is_empty(),
        "{} ORUK 3.0 schema violations; the first {SHOWN_FAILURES}:\n{}",
        failures.len(),
        failures.iter().take(SHOWN_FAILURES).cloned().collect::<Vec<_>>().join("\n"),
    );
    Ok(())
}
on_both_backends!(the_feed_serves_every_endpoint_valid_against_the_oruk_profile, the_feed_conforms_to_the_oruk_profile);

fn ids_of(items: &[Value]) -> BTreeSet<String> {
    items.iter().filter_map(|item| item["id"].as_str().map(str::to_owned)).collect()
}

#[test]
fn the_oruk_examples_pass_and_broken_formats_fail_the_profile_schemas() -> anyhow::Result<()> {
    // Arrange: the profile's own examples must pass; a broken copy must fail.
    let schemas = Schemas::load()?;
    let example = |name: &str| -> anyhow::Result<Value> {
        let path = shared_data(&format!("openreferral/oruk3_profile_examples/{name}"));
        Ok(serde_json::from_str(&std::fs::read_to_string(Path::new(&path))?)?)
    };
    let service = example("service_full.json")?;
    let term = example("taxonomy_term.json")?;

    // Act and assert
    assert_eq!(violations(&schemas.service, &service), Vec::<String>::new());
    assert_eq!(violations(&schemas.taxonomy_term, &term), Vec::<String>::new());
    for (pointer, bad) in [("/id", "nope"), ("/url", "not a uri"), ("/email", "nobody"), ("/last_modified", "soon")] {
        let mut broken = service.clone();
        *broken.pointer_mut(pointer).expect("BUG: the example has the field") = Value::String(bad.into());
        assert!(!violations(&schemas.service, &broken).is_empty(), "{pointer} = {bad} fails");
    }
    let mut broken_term = term;
    broken_term["parent_id"] = Value::String("not-a-uuid".into());
    assert!(!violations(&schemas.taxonomy_term, &broken_term).is_empty());
    Ok(())
}

/// Returns every published record of `store`, by id.
async fn published(store: &dyn signpost_server::storage::Store) -> anyhow::Result<BTreeMap<Uuid, ServiceRecord>> {
    let ids = store.service_ids(None, 100_000).await?;
    Ok(store
        .get_services(&ids)
        .await?
        .into_iter()
        .filter(|record| record.record_status == RecordStatus::Published)
        .map(|record| (record.service.id, record))
        .collect())
}

async fn export_and_feed_round_trip(backend: Backend) -> anyhow::Result<()> {
    // Arrange: the sample directory and a council feed (records with provenance), and a draft.
    let data = TestData::new(backend).await?;
    let app = TestApp::spawn(&data, AppOptions::default()).await?;
    let feed = shared_data("openreferral/real_uk_oruk_v1_samples/bristol_services_sample.json");
    let options = ImportOptions { status: RecordStatus::Published, progress: false };
    import_files(app.state.store.as_ref(), &[feed], &options).await?;
    let draft = ServiceBuilder::new("Unpublished draft club").status(RecordStatus::Draft).build();
    app.state.store.upsert_service(&draft).await?;
    let source = published(app.state.store.as_ref()).await?;
    let sources: BTreeSet<&str> = source.values().map(|record| record.provenance.source.as_str()).collect();
    assert!(sources.len() >= 2, "records from the sample directory and the council feed: {sources:?}");

    // Act: export, then import the CSV package into a fresh, empty directory.
    let out = tempfile::tempdir()?;
    let exported = signpost_server::export::export(app.state.store.as_ref(), out.path()).await?;
    let copy_data = TestData::new(backend).await?;
    let copy = copy_data.store().await?;
    let report = import_files(copy.as_ref(), &[out.path().join("csv")], &options).await?;

    // Assert: every published service comes back the same, with its provenance.
    assert_eq!(exported.services, source.len());
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(out.path().join("services.json"))?)?;
    assert_eq!(json.as_array().map(Vec::len), Some(source.len()), "services.json holds every published service");
    let copied = published(copy.as_ref()).await?;
    assert_eq!(copied.keys().collect::<Vec<_>>(), source.keys().collect::<Vec<_>>(), "the same ids");
    for (id, record) in &source {
        let back = &copied[id];
        assert_eq!(back.service, record.service, "service {id} comes back the same");
        assert_eq!(back.provenance, record.provenance, "service {id} keeps its provenance");
    }
    assert!(copy.get_service(draft.service.id).await.is_err(), "drafts are not exported");
    // The package's own reading of the specification's CSV shape: same header as the example.
    let header = std::fs::read_to_string(out.path().join("csv/services.csv"))?;
    let example = std::fs::read_to_string(shared_data("openreferral/hsds3_spec_examples/csv/services.csv"))?;
    assert_eq!(header.lines().next(), example.lines().next(), "services.csv has the HSDS 3.0 columns");

    // Act: import the running instance's ORUK 3.0 feed by URL into another fresh directory.
    let harvest_data = TestData::new(backend).await?;
    let harvest = harvest_data.store().await?;
    let url = format!("{}/api/v1/", app.address);
    let refused = signpost_server::import::oruk_feed::import_feed(harvest.as_ref(), &url, &options, false).await;
    let feed_report = signpost_server::import::oruk_feed::import_feed(harvest.as_ref(), &url, &options, true).await?;

    // Assert: loopback is refused unless allowed; every visible service arrives whole.
    assert!(refused.is_err(), "a private address is refused by default");
    assert!(feed_report.rejected.is_empty(), "{:?}", feed_report.rejected);
    let harvested = published(harvest.as_ref()).await?;
    let visible: BTreeMap<&Uuid, &ServiceRecord> = source.iter().filter(|(_, record)| visible(record)).collect();
    assert_eq!(harvested.keys().collect::<Vec<_>>(), visible.keys().copied().collect::<Vec<_>>());
    for (id, record) in visible {
        let mut back = harvested[id].service.clone();
        let mut original = record.service.clone();
        // The feed's last_modified is when Signpost last changed the record.
        back.last_modified = None;
        original.last_modified = None;
        assert_eq!(back, original, "service {id} arrives whole from the feed");
    }
    app.stop().await?;
    Ok(())
}
on_both_backends!(export_imports_back_the_same_and_the_feed_imports_by_url, export_and_feed_round_trip);
