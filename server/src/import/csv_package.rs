//! The HSDS 3.0 tabular data package (`datapackage.json` beside one CSV per table), read
//! back into services: `signpost export` writes it, `signpost import DIR` (or
//! `DIR/datapackage.json`) reads it. Provenance travels in the `metadata` table.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

use anyhow::Context;
use serde_json::Value;
use uuid::Uuid;

use super::Rejection;
use crate::{
    hsds::{
        Accessibility, Address, Attribute, CostOption, Language, Location, Organization, Phone, Schedule, Service,
        ServiceArea, ServiceAtLocation, TaxonomyTerm,
    },
    storage::{Provenance, RecordStatus, ServiceRecord},
};

/// The HSDS 3.0 `datapackage.json` (the specification's, with every table's columns).
pub const DATAPACKAGE: &str = include_str!("../../openapi/hsds3_datapackage.json");

/// `metadata.field_name` of a service's source feed.
pub const PROVENANCE_SOURCE: &str = "signpost:source";
/// `metadata.field_name` of a service's id in its source feed.
pub const PROVENANCE_SOURCE_ID: &str = "signpost:source_id";

/// One table of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Table name, e.g. "service".
    pub name: String,
    /// File name, e.g. "services.csv".
    pub path: String,
    /// Column names, in order.
    pub columns: Vec<String>,
}

fn resources_of(package: &Value) -> anyhow::Result<Vec<Resource>> {
    let list = package["resources"].as_array().context("datapackage.json has no resources")?;
    list.iter()
        .map(|resource| {
            let name = resource["name"].as_str().context("a resource has no name")?.to_owned();
            let path = resource["path"].as_str().context("a resource has no path")?.to_owned();
            anyhow::ensure!(
                !path.contains('/') && !path.contains('\\') && !path.starts_with('.'),
                "resource {name} has a path outside the package: {path}"
            );
            let columns = resource["schema"]["fields"]
                .as_array()
                .map(|fields| fields.iter().filter_map(|field| field["name"].as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            Ok(Resource { name, path, columns })
        })
        .collect()
}

/// Returns the tables of the HSDS 3.0 package.
pub fn resources() -> anyhow::Result<Vec<Resource>> {
    resources_of(&serde_json::from_str(DATAPACKAGE)?)
}

/// Returns the package directory when `path` is a package: a directory holding
/// `datapackage.json`, or that file itself.
pub fn package_dir(path: &Path) -> Option<PathBuf> {
    if path.is_dir() {
        return path.join("datapackage.json").is_file().then(|| path.to_path_buf());
    }
    if path.file_name().is_some_and(|name| name == "datapackage.json") {
        return Some(path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf));
    }
    None
}

type Row = HashMap<String, String>;

/// Reads a table's rows, leaving out empty cells; a missing file is an empty table.
fn read_table(dir: &Path, resource: Option<&Resource>) -> anyhow::Result<Vec<Row>> {
    let Some(resource) = resource else { return Ok(Vec::new()) };
    let path = dir.join(&resource.path);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let mut reader = csv::Reader::from_path(&path).with_context(|| format!("could not read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{} row {} is not valid CSV", resource.path, line + 2))?;
        let row: Row = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        rows.push(row);
    }
    Ok(rows)
}

fn get(row: &Row, column: &str) -> Option<String> {
    row.get(column).cloned()
}

fn id(row: &Row, column: &str) -> Result<Uuid, String> {
    let text = row.get(column).ok_or_else(|| format!("a row has no {column}"))?;
    Uuid::parse_str(text).map_err(|_| format!("{column} {text:?} is not a UUID"))
}

fn optional_id(row: &Row, column: &str) -> Result<Option<Uuid>, String> {
    row.get(column).map(|_| id(row, column)).transpose()
}

fn parsed<T: std::str::FromStr>(row: &Row, column: &str) -> Result<Option<T>, String> {
    row.get(column).map(|text| text.parse::<T>().map_err(|_| format!("{column} {text:?} is not a number"))).transpose()
}

/// Groups rows by the value of `column`, keeping file order within each group.
fn group(rows: Vec<Row>, column: &str) -> HashMap<String, Vec<Row>> {
    let mut groups: HashMap<String, Vec<Row>> = HashMap::new();
    for row in rows {
        if let Some(key) = row.get(column).cloned() {
            groups.entry(key).or_default().push(row);
        }
    }
    groups
}

/// The package's tables, read and grouped.
struct Tables {
    services: Vec<Row>,
    organizations: HashMap<String, Row>,
    locations: HashMap<String, Row>,
    addresses: HashMap<String, Vec<Row>>,
    accessibility: HashMap<String, Vec<Row>>,
    terms: HashMap<String, Row>,
    phones: HashMap<String, Vec<Row>>,
    schedules: HashMap<String, Vec<Row>>,
    service_areas: HashMap<String, Vec<Row>>,
    languages: HashMap<String, Vec<Row>>,
    cost_options: HashMap<String, Vec<Row>>,
    attributes: HashMap<String, Vec<Row>>,
    service_at_locations: HashMap<String, Vec<Row>>,
    metadata: HashMap<String, Vec<Row>>,
}

impl Tables {
    fn read(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join("datapackage.json");
        let text = std::fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
        let package: Value = serde_json::from_str(&text).context("datapackage.json is not JSON")?;
        let resources = resources_of(&package)?;
        let table = |name: &str| read_table(dir, resources.iter().find(|resource| resource.name == name));
        let by_id = |rows: Vec<Row>| -> HashMap<String, Row> {
            rows.into_iter().filter_map(|row| Some((row.get("id")?.clone(), row))).collect()
        };
        Ok(Self {
            services: table("service")?,
            organizations: by_id(table("organization")?),
            locations: by_id(table("location")?),
            addresses: group(table("address")?, "location_id"),
            accessibility: group(table("accessibility")?, "location_id"),
            terms: by_id(table("taxonomy_term")?),
            phones: group(table("phone")?, "service_id"),
            schedules: group(table("schedule")?, "service_id"),
            service_areas: group(table("service_area")?, "service_id"),
            languages: group(table("language")?, "service_id"),
            cost_options: group(table("cost_option")?, "service_id"),
            attributes: group(table("attribute")?, "link_id"),
            service_at_locations: group(table("service_at_location")?, "service_id"),
            metadata: group(table("metadata")?, "resource_id"),
        })
    }

    fn children<'a>(groups: &'a HashMap<String, Vec<Row>>, key: &str) -> &'a [Row] {
        groups.get(key).map_or(&[], Vec::as_slice)
    }

    fn location(&self, location_id: &str) -> Result<Location, String> {
        let row =
            self.locations.get(location_id).ok_or_else(|| format!("location {location_id} is not in the package"))?;
        Ok(Location {
            id: id(row, "id")?,
            location_type: get(row, "location_type").unwrap_or_else(|| "physical".into()),
            name: get(row, "name"),
            description: get(row, "description"),
            url: get(row, "url"),
            latitude: parsed(row, "latitude")?,
            longitude: parsed(row, "longitude")?,
            addresses: Self::children(&self.addresses, location_id)
                .iter()
                .map(|a| {
                    Ok(Address {
                        id: id(a, "id")?,
                        attention: get(a, "attention"),
                        address_1: get(a, "address_1").unwrap_or_default(),
                        address_2: get(a, "address_2"),
                        city: get(a, "city").unwrap_or_default(),
                        region: get(a, "region"),
                        state_province: get(a, "state_province").unwrap_or_default(),
                        postal_code: get(a, "postal_code").unwrap_or_default(),
                        country: get(a, "country").unwrap_or_default(),
                        address_type: get(a, "address_type").unwrap_or_else(|| "physical".into()),
                    })
                })
                .collect::<Result<_, String>>()?,
            accessibility: Self::children(&self.accessibility, location_id)
                .iter()
                .map(|a| {
                    Ok(Accessibility {
                        id: id(a, "id")?,
                        description: get(a, "description"),
                        details: get(a, "details"),
                        url: get(a, "url"),
                    })
                })
                .collect::<Result<_, String>>()?,
        })
    }

    fn term(&self, term_id: &str) -> Result<Option<TaxonomyTerm>, String> {
        let Some(row) = self.terms.get(term_id) else { return Ok(None) };
        Ok(Some(TaxonomyTerm {
            id: id(row, "id")?,
            code: get(row, "code"),
            name: get(row, "name").unwrap_or_default(),
            description: get(row, "description").unwrap_or_default(),
            parent_id: optional_id(row, "parent_id")?,
            taxonomy: get(row, "taxonomy"),
        }))
    }

    fn service(&self, row: &Row) -> Result<Service, String> {
        let service_id = row.get("id").cloned().unwrap_or_default();
        let key = service_id.as_str();
        let organization = match row.get("organization_id") {
            None => None,
            Some(organization_id) => {
                let o = self
                    .organizations
                    .get(organization_id)
                    .ok_or_else(|| format!("organization {organization_id} is not in the package"))?;
                Some(Organization {
                    id: id(o, "id")?,
                    name: get(o, "name").unwrap_or_default(),
                    description: get(o, "description").unwrap_or_default(),
                    email: get(o, "email"),
                    website: get(o, "website"),
                })
            }
        };
        let mut service = Service::new(id(row, "id")?, get(row, "name").unwrap_or_default());
        service.alternate_name = get(row, "alternate_name");
        service.description = get(row, "description");
        service.url = get(row, "url");
        service.email = get(row, "email");
        service.status = get(row, "status").unwrap_or_else(|| "active".into());
        service.interpretation_services = get(row, "interpretation_services");
        service.application_process = get(row, "application_process");
        service.fees_description = get(row, "fees_description");
        service.wait_time = get(row, "wait_time");
        service.accreditations = get(row, "accreditations");
        service.eligibility_description = get(row, "eligibility_description");
        service.minimum_age = parsed(row, "minimum_age")?;
        service.maximum_age = parsed(row, "maximum_age")?;
        service.assured_date = get(row, "assured_date");
        service.assurer_email = get(row, "assurer_email");
        service.alert = get(row, "alert");
        service.last_modified = get(row, "last_modified");
        service.organization = organization;
        for p in Self::children(&self.phones, key) {
            service.phones.push(Phone {
                id: id(p, "id")?,
                number: get(p, "number").unwrap_or_default(),
                extension: parsed(p, "extension")?,
                phone_type: get(p, "type"),
                description: get(p, "description"),
            });
        }
        for s in Self::children(&self.schedules, key) {
            service.schedules.push(Schedule {
                id: id(s, "id")?,
                freq: get(s, "freq"),
                byday: get(s, "byday"),
                opens_at: get(s, "opens_at"),
                closes_at: get(s, "closes_at"),
                valid_from: get(s, "valid_from"),
                valid_to: get(s, "valid_to"),
                description: get(s, "description"),
            });
        }
        for a in Self::children(&self.service_areas, key) {
            service.service_areas.push(ServiceArea {
                id: id(a, "id")?,
                name: get(a, "name"),
                description: get(a, "description"),
                extent: get(a, "extent"),
                extent_type: get(a, "extent_type"),
            });
        }
        for l in Self::children(&self.languages, key) {
            service.languages.push(Language {
                id: id(l, "id")?,
                name: get(l, "name"),
                code: get(l, "code"),
                note: get(l, "note"),
            });
        }
        for c in Self::children(&self.cost_options, key) {
            service.cost_options.push(CostOption {
                id: id(c, "id")?,
                option: get(c, "option"),
                currency: get(c, "currency"),
                amount: parsed(c, "amount")?,
                amount_description: get(c, "amount_description"),
            });
        }
        for a in Self::children(&self.attributes, key) {
            let taxonomy_term_id = optional_id(a, "taxonomy_term_id")?;
            let taxonomy_term = match a.get("taxonomy_term_id") {
                Some(term_id) => self.term(term_id)?,
                None => None,
            };
            service.attributes.push(Attribute {
                id: id(a, "id")?,
                taxonomy_term_id,
                link_type: get(a, "link_type"),
                link_entity: get(a, "link_entity"),
                value: get(a, "value"),
                taxonomy_term,
            });
        }
        for s in Self::children(&self.service_at_locations, key) {
            let location_id = s.get("location_id").ok_or("a service_at_location has no location_id")?;
            service.service_at_locations.push(ServiceAtLocation {
                id: id(s, "id")?,
                description: get(s, "description"),
                location: self.location(location_id)?,
            });
        }
        Ok(service)
    }

    fn provenance(&self, service_id: &str, package: &str) -> Provenance {
        let mut provenance = Provenance { source: package.to_owned(), source_id: None };
        for row in Self::children(&self.metadata, service_id) {
            match (row.get("field_name").map(String::as_str), row.get("replacement_value")) {
                (Some(PROVENANCE_SOURCE), Some(value)) => provenance.source.clone_from(value),
                (Some(PROVENANCE_SOURCE_ID), Some(value)) => provenance.source_id = Some(value.clone()),
                _ => {}
            }
        }
        provenance
    }
}

/// Reads a package's services as records with `status`, or the reason each one failed.
pub fn read_package(dir: &Path, status: RecordStatus) -> anyhow::Result<Vec<Result<ServiceRecord, Rejection>>> {
    let tables = Tables::read(dir)?;
    let package = dir
        .canonicalize()
        .ok()
        .and_then(|path| path.file_name().map(|name| name.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "datapackage".to_owned());
    Ok(tables
        .services
        .iter()
        .map(|row| {
            let service_id = row.get("id").cloned().unwrap_or_else(|| "(no id)".into());
            let reject = |reason: String| Rejection { id: service_id.clone(), reason };
            let service = tables.service(row).map_err(reject)?;
            let service = super::validate::normalise(service).map_err(reject)?;
            let review_due_date = service.assured_date.as_deref().and_then(super::validate::six_months_after);
            Ok(ServiceRecord {
                provenance: tables.provenance(&service_id, &package),
                service,
                record_status: status,
                review_due_date,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_package_lists_the_hsds_tables_with_their_columns() {
        let resources = resources().expect("the bundled datapackage.json parses");
        let service = resources.iter().find(|resource| resource.name == "service").expect("a service table");
        assert_eq!(service.path, "services.csv");
        assert!(service.columns.iter().any(|column| column == "last_modified"));
        assert!(resources.iter().any(|resource| resource.name == "metadata"));
    }
}
