//! `signpost export`: writes every published service as HSDS 3.0 JSON (`services.json`)
//! and as the HSDS 3.0 tabular data package (`csv/datapackage.json` and one CSV per
//! table, with the specification's columns). Each service's provenance (the feed it came
//! from and its id there) goes in the package's `metadata` table, so `signpost import`
//! of the package gives back the same records. Streams in batches: memory stays flat at
//! 100k services.

use std::{
    collections::{BTreeMap, HashSet},
    fs::File,
    io::{BufWriter, Write},
    path::Path,
};

use anyhow::Context;
use uuid::Uuid;

use crate::{
    hsds::{Service, TaxonomyTerm},
    http::oruk::taxonomy_id,
    import::csv_package::{self, PROVENANCE_SOURCE, PROVENANCE_SOURCE_ID},
    storage::{RecordStatus, ServiceRecord, Store},
};

/// Services read per batch.
const BATCH: i64 = 500;

/// What an export wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// Published services written.
    pub services: usize,
}

/// One CSV table being written, with the specification's columns.
struct Table {
    columns: Vec<String>,
    writer: csv::Writer<BufWriter<File>>,
}

impl Table {
    fn create(dir: &Path, resource: &csv_package::Resource) -> anyhow::Result<Self> {
        let path = dir.join(&resource.path);
        let file = File::create(&path).with_context(|| format!("could not create {}", path.display()))?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        writer.write_record(&resource.columns)?;
        Ok(Self { columns: resource.columns.clone(), writer })
    }

    /// Writes one row; columns not given are empty.
    fn row(&mut self, values: &[(&str, Option<String>)]) -> anyhow::Result<()> {
        let mut by_name: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, value) in values {
            debug_assert!(self.columns.iter().any(|column| column == name), "BUG: no column {name}");
            if let Some(value) = value {
                by_name.insert(name, value);
            }
        }
        let row: Vec<&str> =
            self.columns.iter().map(|column| by_name.get(column.as_str()).copied().unwrap_or("")).collect();
        self.writer.write_record(row)?;
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

fn text(value: &Option<String>) -> Option<String> {
    value.clone()
}

fn some(value: &str) -> Option<String> {
    Some(value.to_owned())
}

fn number<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|value| value.to_string())
}

/// The package's tables, by resource name.
struct Package {
    tables: BTreeMap<String, Table>,
    locations: HashSet<Uuid>,
    organizations: HashSet<Uuid>,
    terms: BTreeMap<Uuid, TaxonomyTerm>,
}

impl Package {
    fn create(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
        std::fs::write(dir.join("datapackage.json"), csv_package::DATAPACKAGE)
            .context("could not write datapackage.json")?;
        let mut tables = BTreeMap::new();
        for resource in csv_package::resources()? {
            tables.insert(resource.name.clone(), Table::create(dir, &resource)?);
        }
        Ok(Self { tables, locations: HashSet::new(), organizations: HashSet::new(), terms: BTreeMap::new() })
    }

    fn table(&mut self, name: &str) -> &mut Table {
        self.tables.get_mut(name).expect("BUG: the HSDS data package has this table")
    }

    fn add(&mut self, record: &ServiceRecord) -> anyhow::Result<()> {
        let service = &record.service;
        let service_id = service.id.to_string();
        let sid = || Some(service_id.clone());
        if let Some(organization) = &service.organization {
            if self.organizations.insert(organization.id) {
                self.table("organization").row(&[
                    ("id", Some(organization.id.to_string())),
                    ("name", some(&organization.name)),
                    ("description", some(&organization.description)),
                    ("email", text(&organization.email)),
                    ("website", text(&organization.website)),
                ])?;
            }
        }
        write_service(self.table("service"), service)?;
        for phone in &service.phones {
            self.table("phone").row(&[
                ("id", Some(phone.id.to_string())),
                ("service_id", sid()),
                ("number", some(&phone.number)),
                ("extension", number(phone.extension)),
                ("type", text(&phone.phone_type)),
                ("description", text(&phone.description)),
            ])?;
        }
        for schedule in &service.schedules {
            self.table("schedule").row(&[
                ("id", Some(schedule.id.to_string())),
                ("service_id", sid()),
                ("freq", text(&schedule.freq)),
                ("byday", text(&schedule.byday)),
                ("opens_at", text(&schedule.opens_at)),
                ("closes_at", text(&schedule.closes_at)),
                ("valid_from", text(&schedule.valid_from)),
                ("valid_to", text(&schedule.valid_to)),
                ("description", text(&schedule.description)),
            ])?;
        }
        for area in &service.service_areas {
            self.table("service_area").row(&[
                ("id", Some(area.id.to_string())),
                ("service_id", sid()),
                ("name", text(&area.name)),
                ("description", text(&area.description)),
                ("extent", text(&area.extent)),
                ("extent_type", text(&area.extent_type)),
            ])?;
        }
        for language in &service.languages {
            self.table("language").row(&[
                ("id", Some(language.id.to_string())),
                ("service_id", sid()),
                ("name", text(&language.name)),
                ("code", text(&language.code)),
                ("note", text(&language.note)),
            ])?;
        }
        for cost in &service.cost_options {
            self.table("cost_option").row(&[
                ("id", Some(cost.id.to_string())),
                ("service_id", sid()),
                ("option", text(&cost.option)),
                ("currency", text(&cost.currency)),
                ("amount", number(cost.amount)),
                ("amount_description", text(&cost.amount_description)),
            ])?;
        }
        for attribute in &service.attributes {
            self.table("attribute").row(&[
                ("id", Some(attribute.id.to_string())),
                ("link_id", sid()),
                ("taxonomy_term_id", number(attribute.taxonomy_term_id)),
                ("link_type", text(&attribute.link_type)),
                ("link_entity", text(&attribute.link_entity)),
                ("value", text(&attribute.value)),
            ])?;
            if let Some(term) = &attribute.taxonomy_term {
                self.terms.entry(term.id).or_insert_with(|| term.clone());
            }
        }
        for sal in &service.service_at_locations {
            let location = &sal.location;
            self.table("service_at_location").row(&[
                ("id", Some(sal.id.to_string())),
                ("service_id", sid()),
                ("location_id", Some(location.id.to_string())),
                ("description", text(&sal.description)),
            ])?;
            if !self.locations.insert(location.id) {
                continue;
            }
            let location_id = location.id.to_string();
            self.table("location").row(&[
                ("id", Some(location_id.clone())),
                ("location_type", some(&location.location_type)),
                ("url", text(&location.url)),
                ("name", text(&location.name)),
                ("description", text(&location.description)),
                ("latitude", number(location.latitude)),
                ("longitude", number(location.longitude)),
            ])?;
            for address in &location.addresses {
                self.table("address").row(&[
                    ("id", Some(address.id.to_string())),
                    ("location_id", Some(location_id.clone())),
                    ("attention", text(&address.attention)),
                    ("address_1", some(&address.address_1)),
                    ("address_2", text(&address.address_2)),
                    ("city", some(&address.city)),
                    ("region", text(&address.region)),
                    ("state_province", some(&address.state_province)),
                    ("postal_code", some(&address.postal_code)),
                    ("country", some(&address.country)),
                    ("address_type", some(&address.address_type)),
                ])?;
            }
            for access in &location.accessibility {
                self.table("accessibility").row(&[
                    ("id", Some(access.id.to_string())),
                    ("location_id", Some(location_id.clone())),
                    ("description", text(&access.description)),
                    ("details", text(&access.details)),
                    ("url", text(&access.url)),
                ])?;
            }
        }
        let provenance = [
            (PROVENANCE_SOURCE, Some(record.provenance.source.clone())),
            (PROVENANCE_SOURCE_ID, record.provenance.source_id.clone()),
        ];
        for (field, value) in provenance {
            let Some(value) = value else { continue };
            self.table("metadata").row(&[
                ("id", Some(Uuid::new_v5(&service.id, field.as_bytes()).to_string())),
                ("resource_id", sid()),
                ("resource_type", some("service")),
                ("last_action_type", some("import")),
                ("field_name", some(field)),
                ("replacement_value", Some(value)),
                ("updated_by", some("signpost")),
            ])?;
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        let terms = std::mem::take(&mut self.terms);
        let mut taxonomies = BTreeMap::new();
        for term in terms.values() {
            if let Some(taxonomy) = &term.taxonomy {
                taxonomies.insert(taxonomy_id(taxonomy), taxonomy.clone());
            }
            self.table("taxonomy_term").row(&[
                ("id", Some(term.id.to_string())),
                ("code", text(&term.code)),
                ("name", some(&term.name)),
                ("description", some(&term.description)),
                ("parent_id", number(term.parent_id)),
                ("taxonomy", text(&term.taxonomy)),
                ("taxonomy_id", term.taxonomy.as_deref().map(|name| taxonomy_id(name).to_string())),
            ])?;
        }
        for (id, name) in taxonomies {
            self.table("taxonomy").row(&[
                ("id", Some(id.to_string())),
                ("name", Some(name.clone())),
                ("description", Some(format!("Terms of the {name} taxonomy."))),
            ])?;
        }
        for (_, table) in std::mem::take(&mut self.tables) {
            table.finish()?;
        }
        Ok(())
    }
}

fn write_service(table: &mut Table, service: &Service) -> anyhow::Result<()> {
    table.row(&[
        ("id", Some(service.id.to_string())),
        ("organization_id", service.organization.as_ref().map(|organization| organization.id.to_string())),
        ("name", some(&service.name)),
        ("alternate_name", text(&service.alternate_name)),
        ("description", text(&service.description)),
        ("url", text(&service.url)),
        ("email", text(&service.email)),
        ("status", some(&service.status)),
        ("interpretation_services", text(&service.interpretation_services)),
        ("application_process", text(&service.application_process)),
        ("fees_description", text(&service.fees_description)),
        ("wait_time", text(&service.wait_time)),
        ("accreditations", text(&service.accreditations)),
        ("eligibility_description", text(&service.eligibility_description)),
        ("minimum_age", number(service.minimum_age)),
        ("maximum_age", number(service.maximum_age)),
        ("assured_date", text(&service.assured_date)),
        ("assurer_email", text(&service.assurer_email)),
        ("alert", text(&service.alert)),
        ("last_modified", text(&service.last_modified)),
    ])
}

/// Writes every published service under `out`: `services.json` and `csv/`.
pub async fn export(store: &dyn Store, out: &Path) -> anyhow::Result<ExportReport> {
    std::fs::create_dir_all(out).with_context(|| format!("could not create {}", out.display()))?;
    let json_path = out.join("services.json");
    let mut json =
        BufWriter::new(File::create(&json_path).with_context(|| format!("could not create {}", json_path.display()))?);
    let mut package = Package::create(&out.join("csv"))?;
    let mut report = ExportReport::default();
    let mut after = None;
    json.write_all(b"[")?;
    loop {
        let ids = store.service_ids(after, BATCH).await?;
        let Some(last) = ids.last().copied() else { break };
        after = Some(last);
        for record in store.get_services(&ids).await? {
            if record.record_status != RecordStatus::Published {
                continue;
            }
            if report.services > 0 {
                json.write_all(b",\n")?;
            }
            serde_json::to_writer(&mut json, &record.service)?;
            package.add(&record)?;
            report.services += 1;
        }
    }
    json.write_all(b"]\n")?;
    json.flush()?;
    package.finish()?;
    Ok(report)
}
