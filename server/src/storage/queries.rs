//! The SQL both backends share. `$n` placeholders work on SQLite and PostgreSQL alike,
//! so one macro implements `Store` for each pool type; each backend supplies
//! `begin_write`, which serialises writers so the change log is appended in order.

/// Columns of `ServiceRow`, in its field order.
pub(super) const SERVICE_COLUMNS: &str =
    "service_id, organization_id, name, alternate_name, description, url, email, status, \
    interpretation_services, application_process, fees_description, wait_time, accreditations, \
    eligibility_description, minimum_age, maximum_age, assured_date, assurer_email, alert, last_modified, \
    record_status, review_due_date, source, source_id";

/// Returns "$start, $start+1, ..." for `count` placeholders.
pub(super) fn placeholders(start: usize, count: usize) -> String {
    (start..start + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// The current UTC time as stored in `updated_at`.
pub(super) fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

macro_rules! impl_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Reads full records on one connection (inside a write transaction when upserting,
            /// so a writer never waits on a second pool connection while holding the lock).
            async fn fetch_records(
                conn: &mut <$db as sqlx::Database>::Connection,
                ids: &[String],
            ) -> $crate::storage::Result<Vec<$crate::storage::ServiceRecord>> {
                use $crate::storage::rows::*;
                use $crate::storage::queries::{placeholders, SERVICE_COLUMNS};
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let list = placeholders(1, ids.len());
                macro_rules! rows {
                    ($row:ty, $sql:expr) => {{
                        let sql = $sql;
                        let mut query = sqlx::query_as::<$db, $row>(&sql);
                        for id in ids {
                            query = query.bind(id);
                        }
                        query.fetch_all(&mut *conn).await?
                    }};
                }
                let services = rows!(ServiceRow, format!(
                    "select {SERVICE_COLUMNS} from service where service_id in ({list}) order by service_id"));
                let locations = rows!(LocationRow, format!(
                    "select sal.service_id, sal.service_at_location_id, sal.description as sal_description, \
                     l.location_id, l.location_type, l.name, l.description, l.url, l.latitude, l.longitude \
                     from service_at_location sal join location l on l.location_id = sal.location_id \
                     where sal.service_id in ({list}) order by sal.service_id, sal.position"));
                let organizations = rows!(OrganizationRow, format!(
                    "select organization_id, name, description, email, website from organization \
                     where organization_id in (select organization_id from service where service_id in ({list}))"));
                let addresses = rows!(AddressRow, format!(
                    "select location_id, address_id, attention, address_1, address_2, city, region, state_province, \
                     postal_code, country, address_type from address where location_id in \
                     (select location_id from service_at_location where service_id in ({list})) \
                     order by location_id, position"));
                let accessibility = rows!(AccessibilityRow, format!(
                    "select location_id, accessibility_id, description, details, url from accessibility \
                     where location_id in (select location_id from service_at_location where service_id in ({list})) \
                     order by location_id, position"));
                let phones = rows!(PhoneRow, format!(
                    "select service_id, phone_id, number, extension, phone_type, description from phone \
                     where service_id in ({list}) order by service_id, position"));
                let schedules = rows!(ScheduleRow, format!(
                    "select service_id, schedule_id, freq, byday, opens_at, closes_at, valid_from, valid_to, description \
                     from schedule where service_id in ({list}) order by service_id, position"));
                let service_areas = rows!(ServiceAreaRow, format!(
                    "select service_id, service_area_id, name, description, extent, extent_type from service_area \
                     where service_id in ({list}) order by service_id, position"));
                let languages = rows!(LanguageRow, format!(
                    "select service_id, language_id, name, code, note from language \
                     where service_id in ({list}) order by service_id, position"));
                let cost_options = rows!(CostOptionRow, format!(
                    "select service_id, cost_option_id, option, currency, amount, amount_description from cost_option \
                     where service_id in ({list}) order by service_id, position"));
                let attributes = rows!(AttributeRow, format!(
                    "select a.service_id, a.attribute_id, a.taxonomy_term_id, a.link_type, a.link_entity, a.value, \
                     t.code as term_code, t.name as term_name, t.description as term_description, \
                     t.parent_id as term_parent_id, t.taxonomy as term_taxonomy \
                     from service_attribute a left join taxonomy_term t on t.taxonomy_term_id = a.taxonomy_term_id \
                     where a.service_id in ({list}) order by a.service_id, a.position"));
                assemble(services, Children {
                    organizations, locations, addresses, accessibility, phones, schedules,
                    service_areas, languages, cost_options, attributes,
                })
            }

            /// Upserts in one transaction; with an actor, also writes one audit row per changed field.
            async fn upsert_audited(
                &self,
                record: &$crate::storage::ServiceRecord,
                actor: Option<(&str, &str)>,
                version: Option<&str>,
            ) -> $crate::storage::Result<$crate::storage::UpsertOutcome> {
                use $crate::storage::UpsertOutcome;
                let mut tx = self.begin_write().await?;
                let existing = Self::fetch_records(&mut tx, &[record.service.id.to_string()]).await?;
                if let Some(version) = version {
                    if existing.first().map($crate::storage::record_version).as_deref() != Some(version) {
                        return Err($crate::storage::Error::Stale);
                    }
                }
                let outcome = match existing.first() {
                    None => UpsertOutcome::Created,
                    Some(stored) if stored == record => return Ok(UpsertOutcome::Unchanged),
                    Some(_) => UpsertOutcome::Updated,
                };
                Self::write_record(&mut tx, record).await?;
                if let Some((actor, note)) = actor {
                    let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
                    for (field, old_value, new_value) in $crate::storage::field_diff(existing.first(), record) {
                        sqlx::query(
                            "insert into audit_event (service_id, actor, note, field, old_value, new_value, occurred_at) \
                             values ($1, $2, $3, $4, $5, $6, $7)")
                            .bind(record.service.id.to_string()).bind(actor).bind(note).bind(field)
                            .bind(old_value).bind(new_value).bind(&at)
                            .execute(&mut *tx).await?;
                    }
                }
                tx.commit().await?;
                Ok(outcome)
            }

            async fn write_record(
                tx: &mut sqlx::Transaction<'_, $db>,
                record: &$crate::storage::ServiceRecord,
            ) -> $crate::storage::Result<()> {
                let service = &record.service;
                let service_id = service.id.to_string();
                let now = $crate::storage::queries::now_text();
                if let Some(org) = &service.organization {
                    sqlx::query(
                        "insert into organization (organization_id, name, description, email, website, updated_at) \
                         values ($1, $2, $3, $4, $5, $6) on conflict (organization_id) do update set \
                         name = excluded.name, description = excluded.description, email = excluded.email, \
                         website = excluded.website, updated_at = excluded.updated_at")
                        .bind(org.id.to_string()).bind(&org.name).bind(&org.description)
                        .bind(&org.email).bind(&org.website).bind(&now)
                        .execute(&mut **tx).await?;
                }
                sqlx::query(
                    "insert into service (service_id, organization_id, name, alternate_name, description, url, email, status, \
                     interpretation_services, application_process, fees_description, wait_time, accreditations, \
                     eligibility_description, minimum_age, maximum_age, assured_date, assurer_email, alert, last_modified, \
                     record_status, review_due_date, source, source_id, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
                     $21, $22, $23, $24, $25) on conflict (service_id) do update set \
                     organization_id = excluded.organization_id, name = excluded.name, alternate_name = excluded.alternate_name, \
                     description = excluded.description, url = excluded.url, email = excluded.email, status = excluded.status, \
                     interpretation_services = excluded.interpretation_services, \
                     application_process = excluded.application_process, fees_description = excluded.fees_description, \
                     wait_time = excluded.wait_time, accreditations = excluded.accreditations, \
                     eligibility_description = excluded.eligibility_description, minimum_age = excluded.minimum_age, \
                     maximum_age = excluded.maximum_age, assured_date = excluded.assured_date, \
                     assurer_email = excluded.assurer_email, alert = excluded.alert, last_modified = excluded.last_modified, \
                     record_status = excluded.record_status, review_due_date = excluded.review_due_date, \
                     source = excluded.source, source_id = excluded.source_id, updated_at = excluded.updated_at")
                    .bind(&service_id)
                    .bind(service.organization.as_ref().map(|o| o.id.to_string()))
                    .bind(&service.name).bind(&service.alternate_name).bind(&service.description)
                    .bind(&service.url).bind(&service.email).bind(&service.status)
                    .bind(&service.interpretation_services).bind(&service.application_process)
                    .bind(&service.fees_description).bind(&service.wait_time).bind(&service.accreditations)
                    .bind(&service.eligibility_description).bind(service.minimum_age).bind(service.maximum_age)
                    .bind(&service.assured_date).bind(&service.assurer_email).bind(&service.alert)
                    .bind(&service.last_modified).bind(record.record_status.as_str()).bind(&record.review_due_date)
                    .bind(&record.provenance.source).bind(&record.provenance.source_id).bind(&now)
                    .execute(&mut **tx).await?;

                for table in ["service_at_location", "phone", "schedule", "service_area", "language", "cost_option", "service_attribute"] {
                    sqlx::query(&format!("delete from {table} where service_id = $1"))
                        .bind(&service_id).execute(&mut **tx).await?;
                }
                for (position, sal) in (0_i64..).zip(&service.service_at_locations) {
                    let location = &sal.location;
                    let location_id = location.id.to_string();
                    sqlx::query(
                        "insert into location (location_id, location_type, name, description, url, latitude, longitude) \
                         values ($1, $2, $3, $4, $5, $6, $7) on conflict (location_id) do update set \
                         location_type = excluded.location_type, name = excluded.name, description = excluded.description, \
                         url = excluded.url, latitude = excluded.latitude, longitude = excluded.longitude")
                        .bind(&location_id).bind(&location.location_type).bind(&location.name)
                        .bind(&location.description).bind(&location.url).bind(location.latitude).bind(location.longitude)
                        .execute(&mut **tx).await?;
                    sqlx::query("delete from address where location_id = $1").bind(&location_id).execute(&mut **tx).await?;
                    sqlx::query("delete from accessibility where location_id = $1").bind(&location_id).execute(&mut **tx).await?;
                    for (address_position, a) in (0_i64..).zip(&location.addresses) {
                        sqlx::query(
                            "insert into address (location_id, position, address_id, attention, address_1, address_2, city, \
                             region, state_province, postal_code, country, address_type) \
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                            .bind(&location_id).bind(address_position).bind(a.id.to_string()).bind(&a.attention)
                            .bind(&a.address_1).bind(&a.address_2).bind(&a.city).bind(&a.region)
                            .bind(&a.state_province).bind(&a.postal_code).bind(&a.country).bind(&a.address_type)
                            .execute(&mut **tx).await?;
                    }
                    for (access_position, a) in (0_i64..).zip(&location.accessibility) {
                        sqlx::query(
                            "insert into accessibility (location_id, position, accessibility_id, description, details, url) \
                             values ($1, $2, $3, $4, $5, $6)")
                            .bind(&location_id).bind(access_position).bind(a.id.to_string())
                            .bind(&a.description).bind(&a.details).bind(&a.url)
                            .execute(&mut **tx).await?;
                    }
                    sqlx::query(
                        "insert into service_at_location (service_id, position, service_at_location_id, location_id, description) \
                         values ($1, $2, $3, $4, $5)")
                        .bind(&service_id).bind(position).bind(sal.id.to_string()).bind(&location_id).bind(&sal.description)
                        .execute(&mut **tx).await?;
                }
                for (position, p) in (0_i64..).zip(&service.phones) {
                    sqlx::query(
                        "insert into phone (service_id, position, phone_id, number, extension, phone_type, description) \
                         values ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(&service_id).bind(position).bind(p.id.to_string()).bind(&p.number)
                        .bind(p.extension).bind(&p.phone_type).bind(&p.description)
                        .execute(&mut **tx).await?;
                }
                for (position, s) in (0_i64..).zip(&service.schedules) {
                    sqlx::query(
                        "insert into schedule (service_id, position, schedule_id, freq, byday, opens_at, closes_at, \
                         valid_from, valid_to, description) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                        .bind(&service_id).bind(position).bind(s.id.to_string()).bind(&s.freq).bind(&s.byday)
                        .bind(&s.opens_at).bind(&s.closes_at).bind(&s.valid_from).bind(&s.valid_to).bind(&s.description)
                        .execute(&mut **tx).await?;
                }
                for (position, a) in (0_i64..).zip(&service.service_areas) {
                    sqlx::query(
                        "insert into service_area (service_id, position, service_area_id, name, description, extent, extent_type) \
                         values ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(&service_id).bind(position).bind(a.id.to_string()).bind(&a.name)
                        .bind(&a.description).bind(&a.extent).bind(&a.extent_type)
                        .execute(&mut **tx).await?;
                }
                for (position, l) in (0_i64..).zip(&service.languages) {
                    sqlx::query(
                        "insert into language (service_id, position, language_id, name, code, note) \
                         values ($1, $2, $3, $4, $5, $6)")
                        .bind(&service_id).bind(position).bind(l.id.to_string()).bind(&l.name).bind(&l.code).bind(&l.note)
                        .execute(&mut **tx).await?;
                }
                for (position, c) in (0_i64..).zip(&service.cost_options) {
                    sqlx::query(
                        "insert into cost_option (service_id, position, cost_option_id, option, currency, amount, amount_description) \
                         values ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(&service_id).bind(position).bind(c.id.to_string()).bind(&c.option)
                        .bind(&c.currency).bind(c.amount).bind(&c.amount_description)
                        .execute(&mut **tx).await?;
                }
                for (position, a) in (0_i64..).zip(&service.attributes) {
                    if let Some(term) = &a.taxonomy_term {
                        sqlx::query(
                            "insert into taxonomy_term (taxonomy_term_id, code, name, description, parent_id, taxonomy) \
                             values ($1, $2, $3, $4, $5, $6) on conflict (taxonomy_term_id) do update set \
                             code = excluded.code, name = excluded.name, description = excluded.description, \
                             parent_id = excluded.parent_id, taxonomy = excluded.taxonomy")
                            .bind(term.id.to_string()).bind(&term.code).bind(&term.name).bind(&term.description)
                            .bind(term.parent_id.map(|id| id.to_string())).bind(&term.taxonomy)
                            .execute(&mut **tx).await?;
                    }
                    let term_id = a.taxonomy_term_id.or(a.taxonomy_term.as_ref().map(|t| t.id));
                    sqlx::query(
                        "insert into service_attribute (service_id, position, attribute_id, taxonomy_term_id, link_type, \
                         link_entity, value) values ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(&service_id).bind(position).bind(a.id.to_string()).bind(term_id.map(|id| id.to_string()))
                        .bind(&a.link_type).bind(&a.link_entity).bind(&a.value)
                        .execute(&mut **tx).await?;
                }
                sqlx::query("insert into change_log (service_id, change_kind) values ($1, $2)")
                    .bind(&service_id).bind("upsert")
                    .execute(&mut **tx).await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::storage::Store for $store {
            #[tracing::instrument(skip_all, fields(service_id = %record.service.id))]
            async fn upsert_service(
                &self,
                record: &$crate::storage::ServiceRecord,
            ) -> $crate::storage::Result<$crate::storage::UpsertOutcome> {
                self.upsert_audited(record, None, None).await
            }

            #[tracing::instrument(skip_all, fields(service_id = %record.service.id))]
            async fn upsert_service_by(
                &self,
                record: &$crate::storage::ServiceRecord,
                actor: &str,
                note: &str,
            ) -> $crate::storage::Result<$crate::storage::UpsertOutcome> {
                self.upsert_audited(record, Some((actor, note)), None).await
            }

            #[tracing::instrument(skip_all, fields(service_id = %record.service.id))]
            async fn upsert_service_checked(
                &self,
                record: &$crate::storage::ServiceRecord,
                actor: &str,
                note: &str,
                version: &str,
            ) -> $crate::storage::Result<$crate::storage::UpsertOutcome> {
                self.upsert_audited(record, Some((actor, note)), Some(version)).await
            }

            async fn audit_history(
                &self,
                service_id: uuid::Uuid,
            ) -> $crate::storage::Result<Vec<$crate::storage::AuditEvent>> {
                let rows: Vec<(String, String, String, Option<String>, Option<String>, String)> = sqlx::query_as(
                    "select actor, note, field, old_value, new_value, occurred_at from audit_event \
                     where service_id = $1 order by audit_event_id",
                )
                .bind(service_id.to_string())
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(actor, note, field, old_value, new_value, occurred_at)| $crate::storage::AuditEvent {
                        service_id,
                        actor,
                        note,
                        field,
                        old_value,
                        new_value,
                        occurred_at,
                    })
                    .collect())
            }

            async fn get_service(&self, id: uuid::Uuid) -> $crate::storage::Result<$crate::storage::ServiceRecord> {
                let mut conn = self.pool.acquire().await?;
                Self::fetch_records(&mut conn, &[id.to_string()])
                    .await?
                    .into_iter()
                    .next()
                    .ok_or($crate::storage::Error::NotFound)
            }

            async fn get_services(&self, ids: &[uuid::Uuid]) -> $crate::storage::Result<Vec<$crate::storage::ServiceRecord>> {
                let mut records = Vec::with_capacity(ids.len());
                let mut conn = self.pool.acquire().await?;
                for chunk in ids.chunks(500) {
                    let keys: Vec<String> = chunk.iter().map(uuid::Uuid::to_string).collect();
                    records.extend(Self::fetch_records(&mut conn, &keys).await?);
                }
                records.sort_by_key(|record| record.service.id);
                Ok(records)
            }

            async fn service_ids(&self, after: Option<uuid::Uuid>, limit: i64) -> $crate::storage::Result<Vec<uuid::Uuid>> {
                let after = after.map(|id| id.to_string()).unwrap_or_default();
                let rows: Vec<(String,)> =
                    sqlx::query_as("select service_id from service where service_id > $1 order by service_id limit $2")
                        .bind(after)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter()
                    .map(|(id,)| {
                        uuid::Uuid::parse_str(&id).map_err(|_| $crate::storage::Error::Corrupt(format!("uuid {id:?}")))
                    })
                    .collect()
            }

            async fn count_services(&self) -> $crate::storage::Result<i64> {
                let (count,): (i64,) = sqlx::query_as("select count(*) from service").fetch_one(&self.pool).await?;
                Ok(count)
            }

            async fn changes_since(&self, seq: i64, limit: i64) -> $crate::storage::Result<Vec<$crate::storage::Change>> {
                let rows: Vec<(i64, String)> = sqlx::query_as(
                    "select change_seq, service_id from change_log where change_seq > $1 order by change_seq limit $2",
                )
                .bind(seq)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(seq, id)| {
                        let service_id = uuid::Uuid::parse_str(&id)
                            .map_err(|_| $crate::storage::Error::Corrupt(format!("uuid {id:?}")))?;
                        Ok($crate::storage::Change { seq, service_id })
                    })
                    .collect()
            }

            async fn add_problem_report(&self, report: &$crate::storage::ProblemReport) -> $crate::storage::Result<()> {
                sqlx::query(
                    "insert into problem_report (problem_report_id, service_id, reason, details, status, created_at) \
                     values ($1, $2, $3, $4, $5, $6)",
                )
                .bind(report.id.to_string())
                .bind(report.service_id.to_string())
                .bind(&report.reason)
                .bind(&report.details)
                .bind(&report.status)
                .bind(&report.created_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn problem_reports(&self, limit: i64) -> $crate::storage::Result<Vec<$crate::storage::ProblemReport>> {
                let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
                    "select problem_report_id, service_id, reason, details, status, created_at from problem_report \
                     order by created_at desc, problem_report_id limit $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let parse = |id: &str| {
                    uuid::Uuid::parse_str(id).map_err(|_| $crate::storage::Error::Corrupt(format!("uuid {id:?}")))
                };
                rows.into_iter()
                    .map(|(id, service_id, reason, details, status, created_at)| {
                        Ok($crate::storage::ProblemReport {
                            id: parse(&id)?,
                            service_id: parse(&service_id)?,
                            reason,
                            details,
                            status,
                            created_at,
                        })
                    })
                    .collect()
            }

            async fn last_change_seq(&self) -> $crate::storage::Result<i64> {
                let (seq,): (Option<i64>,) =
                    sqlx::query_as("select max(change_seq) from change_log").fetch_one(&self.pool).await?;
                Ok(seq.unwrap_or(0))
            }
        }
    };
}

pub(super) use impl_store;
