//! The staff helpline's records: logged queries, unmet needs, the local roles directory
//! and curators' internal notes on services. None of it holds patient-identifiable data:
//! areas are district and PCN codes (a person's postcode is never stored) and every
//! free-text field has passed `guard::check` before it reaches here.

use async_trait::async_trait;
use uuid::Uuid;

use super::Result;

/// A query a member of staff logged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelplineQuery {
    /// Its id.
    pub id: Uuid,
    /// When (`time_text`).
    pub created_at: String,
    /// Europe/London calendar month, "YYYY-MM".
    pub month: String,
    /// Who logged it (never shown to commissioners).
    pub staff_user_id: Uuid,
    /// advice_information, needing_help or needing_more_help.
    pub support_level: String,
    /// camhs, adult, older_people or learning_disabilities.
    pub specialty: String,
    /// ONS district code derived from the person's area.
    pub district_code: Option<String>,
    /// PCN code derived from the person's area.
    pub pcn_code: Option<String>,
    /// found, found_elsewhere or no_suitable_service.
    pub outcome: String,
    /// What was searched for.
    pub search_text: String,
    /// The search's address on Signpost.
    pub search_url: Option<String>,
    /// Notes (guarded).
    pub notes: String,
    /// Need slugs.
    pub needs: Vec<String>,
    /// Suggested service ids, in order.
    pub services: Vec<String>,
}

/// A need no suitable service met.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnmetNeed {
    /// Its id.
    pub id: Uuid,
    /// The logged query it came from, if any.
    pub helpline_query_id: Option<Uuid>,
    /// When (`time_text`).
    pub created_at: String,
    /// Europe/London calendar month, "YYYY-MM".
    pub month: String,
    /// Who recorded it (never shown to commissioners).
    pub staff_user_id: Uuid,
    /// Need area slug.
    pub need: String,
    /// Sub-need slug.
    pub sub_need: Option<String>,
    /// ONS district code.
    pub district_code: Option<String>,
    /// PCN code.
    pub pcn_code: Option<String>,
    /// camhs, adult, older_people or learning_disabilities.
    pub specialty: String,
    /// under_16, 16_17, 18_24, 25_64, 65_plus or not_known.
    pub age_band: String,
    /// advice_information, needing_help or needing_more_help.
    pub support_level: String,
    /// What was searched and tried (guarded).
    pub searched: String,
    /// The search's address on Signpost.
    pub search_url: Option<String>,
    /// Description (guarded).
    pub description: String,
    /// Barrier codes, sorted.
    pub barriers: Vec<String>,
}

/// Someone whose job is helping people into community support, by PCN or district.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalRole {
    /// Its id.
    pub id: Uuid,
    /// social_prescribing_link_worker, local_area_coordinator, peer_support_worker...
    pub role_kind: String,
    /// Job title as people know it.
    pub title: String,
    /// Employer or team.
    pub organisation: String,
    /// The PCN it covers, if it covers one.
    pub pcn_code: Option<String>,
    /// The district it covers.
    pub district_code: Option<String>,
    /// How staff reach them (a route, never a personal number).
    pub how_to_contact: String,
    /// Anything else.
    pub notes: String,
    /// When last changed (`time_text`).
    pub updated_at: String,
    /// Who changed it (an email).
    pub updated_by: String,
}

/// A curator's note on a service, for helpline staff only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InternalNote {
    /// The service.
    pub service_id: String,
    /// The note.
    pub note: String,
    /// When (`time_text`).
    pub updated_at: String,
    /// Who (an email).
    pub updated_by: String,
}

/// Helpline storage; both backends implement it with the same SQL (`impl_helpline_store!`).
#[async_trait]
pub trait HelplineStore: Send + Sync {
    /// Stores a query with its needs and services, in one transaction.
    async fn add_helpline_query(&self, query: &HelplineQuery) -> Result<()>;
    /// Returns one query, or `Error::NotFound`.
    async fn helpline_query(&self, id: Uuid) -> Result<HelplineQuery>;
    /// Returns the newest queries with this outcome first.
    async fn helpline_queries_with_outcome(&self, outcome: &str, limit: i64) -> Result<Vec<HelplineQuery>>;
    /// Stores an unmet need with its barriers, in one transaction.
    async fn add_unmet_need(&self, need: &UnmetNeed) -> Result<()>;
    /// Returns one member of staff's unmet needs, newest first.
    async fn unmet_needs_by_staff(&self, staff_user_id: Uuid, limit: i64) -> Result<Vec<UnmetNeed>>;
    /// Returns every local role, by title.
    async fn local_roles(&self) -> Result<Vec<LocalRole>>;
    /// Returns one local role, or `Error::NotFound`.
    async fn local_role(&self, id: Uuid) -> Result<LocalRole>;
    /// Inserts or replaces a local role.
    async fn save_local_role(&self, role: &LocalRole) -> Result<()>;
    /// Deletes a local role; `Error::NotFound` when there is none.
    async fn delete_local_role(&self, id: Uuid) -> Result<()>;
    /// Returns the notes of these services that have one.
    async fn internal_notes(&self, service_ids: &[String]) -> Result<Vec<InternalNote>>;
    /// Sets a service's note; an empty note deletes it.
    async fn set_internal_note(&self, note: &InternalNote) -> Result<()>;
}

#[derive(sqlx::FromRow)]
pub(super) struct QueryRow {
    pub(super) helpline_query_id: String,
    created_at: String,
    month: String,
    staff_user_id: String,
    support_level: String,
    specialty: String,
    district_code: Option<String>,
    pcn_code: Option<String>,
    outcome: String,
    search_text: String,
    search_url: Option<String>,
    notes: String,
}

fn uuid(text: &str) -> Result<Uuid> {
    text.parse().map_err(|_| super::Error::Corrupt(format!("id {text:?}")))
}

impl QueryRow {
    pub(super) fn into_query(self, needs: Vec<String>, services: Vec<String>) -> Result<HelplineQuery> {
        Ok(HelplineQuery {
            id: uuid(&self.helpline_query_id)?,
            created_at: self.created_at,
            month: self.month,
            staff_user_id: uuid(&self.staff_user_id)?,
            support_level: self.support_level,
            specialty: self.specialty,
            district_code: self.district_code,
            pcn_code: self.pcn_code,
            outcome: self.outcome,
            search_text: self.search_text,
            search_url: self.search_url,
            notes: self.notes,
            needs,
            services,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct UnmetRow {
    pub(super) unmet_need_id: String,
    helpline_query_id: Option<String>,
    created_at: String,
    month: String,
    staff_user_id: String,
    need: String,
    sub_need: Option<String>,
    district_code: Option<String>,
    pcn_code: Option<String>,
    specialty: String,
    age_band: String,
    support_level: String,
    searched: String,
    search_url: Option<String>,
    description: String,
}

impl UnmetRow {
    pub(super) fn into_need(self, barriers: Vec<String>) -> Result<UnmetNeed> {
        Ok(UnmetNeed {
            id: uuid(&self.unmet_need_id)?,
            helpline_query_id: self.helpline_query_id.as_deref().map(uuid).transpose()?,
            created_at: self.created_at,
            month: self.month,
            staff_user_id: uuid(&self.staff_user_id)?,
            need: self.need,
            sub_need: self.sub_need,
            district_code: self.district_code,
            pcn_code: self.pcn_code,
            specialty: self.specialty,
            age_band: self.age_band,
            support_level: self.support_level,
            searched: self.searched,
            search_url: self.search_url,
            description: self.description,
            barriers,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct RoleRow {
    local_role_id: String,
    role_kind: String,
    title: String,
    organisation: String,
    pcn_code: Option<String>,
    district_code: Option<String>,
    how_to_contact: String,
    notes: String,
    updated_at: String,
    updated_by: String,
}

impl RoleRow {
    pub(super) fn into_role(self) -> Result<LocalRole> {
        Ok(LocalRole {
            id: uuid(&self.local_role_id)?,
            role_kind: self.role_kind,
            title: self.title,
            organisation: self.organisation,
            pcn_code: self.pcn_code,
            district_code: self.district_code,
            how_to_contact: self.how_to_contact,
            notes: self.notes,
            updated_at: self.updated_at,
            updated_by: self.updated_by,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct NoteRow {
    pub(super) service_id: String,
    pub(super) note: String,
    pub(super) updated_at: String,
    pub(super) updated_by: String,
}

#[derive(sqlx::FromRow)]
pub(super) struct PairRow {
    pub(super) owner: String,
    pub(super) value: String,
}

/// Groups (owner, value) rows by owner, keeping their order.
pub(super) fn group(rows: Vec<PairRow>, owner: &str) -> Vec<String> {
    rows.into_iter().filter(|row| row.owner == owner).map(|row| row.value).collect()
}

/// Columns of `QueryRow`.
pub(super) const QUERY_COLUMNS: &str = "helpline_query_id, created_at, month, staff_user_id, support_level, \
     specialty, district_code, pcn_code, outcome, search_text, search_url, notes";

/// Columns of `UnmetRow`.
pub(super) const UNMET_COLUMNS: &str = "unmet_need_id, helpline_query_id, created_at, month, staff_user_id, need, \
     sub_need, district_code, pcn_code, specialty, age_band, support_level, searched, search_url, description";

/// Columns of `RoleRow`.
pub(super) const ROLE_COLUMNS: &str = "local_role_id, role_kind, title, organisation, pcn_code, district_code, \
     how_to_contact, notes, updated_at, updated_by";

/// Implements `HelplineStore` for a store with a `pool` of database `$db`.
macro_rules! impl_helpline_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::storage::helpline::HelplineStore for $store {
            async fn add_helpline_query(
                &self,
                query: &$crate::storage::helpline::HelplineQuery,
            ) -> $crate::storage::Result<()> {
                let id = query.id.to_string();
                let mut tx = self.pool.begin().await?;
                sqlx::query(&format!(
                    "insert into helpline_query ({}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    $crate::storage::helpline::QUERY_COLUMNS
                ))
                .bind(&id)
                .bind(&query.created_at)
                .bind(&query.month)
                .bind(query.staff_user_id.to_string())
                .bind(&query.support_level)
                .bind(&query.specialty)
                .bind(&query.district_code)
                .bind(&query.pcn_code)
                .bind(&query.outcome)
                .bind(&query.search_text)
                .bind(&query.search_url)
                .bind(&query.notes)
                .execute(&mut *tx)
                .await?;
                for need in &query.needs {
                    sqlx::query("insert into helpline_query_need (helpline_query_id, need) values ($1, $2)")
                        .bind(&id)
                        .bind(need)
                        .execute(&mut *tx)
                        .await?;
                }
                for (position, service) in query.services.iter().enumerate() {
                    sqlx::query(
                        "insert into helpline_query_service (helpline_query_id, position, service_id) \
                         values ($1, $2, $3)",
                    )
                    .bind(&id)
                    .bind(i64::try_from(position).unwrap_or(i64::MAX))
                    .bind(service)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn helpline_query(
                &self,
                id: uuid::Uuid,
            ) -> $crate::storage::Result<$crate::storage::helpline::HelplineQuery> {
                use $crate::storage::helpline::{group, PairRow, QueryRow, QUERY_COLUMNS};
                let id = id.to_string();
                let row = sqlx::query_as::<$db, QueryRow>(&format!(
                    "select {QUERY_COLUMNS} from helpline_query where helpline_query_id = $1"
                ))
                .bind(&id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or($crate::storage::Error::NotFound)?;
                let needs = sqlx::query_as::<$db, PairRow>(
                    "select helpline_query_id as owner, need as value from helpline_query_need \
                     where helpline_query_id = $1 order by need",
                )
                .bind(&id)
                .fetch_all(&self.pool)
                .await?;
                let services = sqlx::query_as::<$db, PairRow>(
                    "select helpline_query_id as owner, service_id as value from helpline_query_service \
                     where helpline_query_id = $1 order by position",
                )
                .bind(&id)
                .fetch_all(&self.pool)
                .await?;
                row.into_query(group(needs, &id), group(services, &id))
            }

            async fn helpline_queries_with_outcome(
                &self,
                outcome: &str,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::helpline::HelplineQuery>> {
                use $crate::storage::helpline::{PairRow, QueryRow, QUERY_COLUMNS};
                let rows = sqlx::query_as::<$db, QueryRow>(&format!(
                    "select {QUERY_COLUMNS} from helpline_query where outcome = $1 \
                     order by created_at desc, helpline_query_id limit $2"
                ))
                .bind(outcome)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let needs = sqlx::query_as::<$db, PairRow>(
                    "select n.helpline_query_id as owner, n.need as value from helpline_query_need n \
                     join helpline_query q on q.helpline_query_id = n.helpline_query_id \
                     where q.outcome = $1 order by n.need",
                )
                .bind(outcome)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|row| {
                        let id = row.helpline_query_id.clone();
                        let mine =
                            needs.iter().filter(|pair| pair.owner == id).map(|pair| pair.value.clone()).collect();
                        row.into_query(mine, Vec::new())
                    })
                    .collect()
            }

            async fn add_unmet_need(&self, need: &$crate::storage::helpline::UnmetNeed) -> $crate::storage::Result<()> {
                let id = need.id.to_string();
                let mut tx = self.pool.begin().await?;
                sqlx::query(&format!(
                    "insert into unmet_need ({}) values \
                     ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                    $crate::storage::helpline::UNMET_COLUMNS
                ))
                .bind(&id)
                .bind(need.helpline_query_id.map(|id| id.to_string()))
                .bind(&need.created_at)
                .bind(&need.month)
                .bind(need.staff_user_id.to_string())
                .bind(&need.need)
                .bind(&need.sub_need)
                .bind(&need.district_code)
                .bind(&need.pcn_code)
                .bind(&need.specialty)
                .bind(&need.age_band)
                .bind(&need.support_level)
                .bind(&need.searched)
                .bind(&need.search_url)
                .bind(&need.description)
                .execute(&mut *tx)
                .await?;
                for barrier in &need.barriers {
                    sqlx::query("insert into unmet_need_barrier (unmet_need_id, barrier) values ($1, $2)")
                        .bind(&id)
                        .bind(barrier)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn unmet_needs_by_staff(
                &self,
                staff_user_id: uuid::Uuid,
                limit: i64,
            ) -> $crate::storage::Result<Vec<$crate::storage::helpline::UnmetNeed>> {
                use $crate::storage::helpline::{PairRow, UnmetRow, UNMET_COLUMNS};
                let staff = staff_user_id.to_string();
                let rows = sqlx::query_as::<$db, UnmetRow>(&format!(
                    "select {UNMET_COLUMNS} from unmet_need where staff_user_id = $1 \
                     order by created_at desc, unmet_need_id limit $2"
                ))
                .bind(&staff)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let barriers = sqlx::query_as::<$db, PairRow>(
                    "select b.unmet_need_id as owner, b.barrier as value from unmet_need_barrier b \
                     join unmet_need u on u.unmet_need_id = b.unmet_need_id \
                     where u.staff_user_id = $1 order by b.barrier",
                )
                .bind(&staff)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|row| {
                        let id = row.unmet_need_id.clone();
                        let mine =
                            barriers.iter().filter(|pair| pair.owner == id).map(|pair| pair.value.clone()).collect();
                        row.into_need(mine)
                    })
                    .collect()
            }

            async fn local_roles(&self) -> $crate::storage::Result<Vec<$crate::storage::helpline::LocalRole>> {
                use $crate::storage::helpline::{RoleRow, ROLE_COLUMNS};
                let rows = sqlx::query_as::<$db, RoleRow>(&format!(
                    "select {ROLE_COLUMNS} from local_role order by title, organisation, local_role_id"
                ))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(RoleRow::into_role).collect()
            }

            async fn local_role(
                &self,
                id: uuid::Uuid,
            ) -> $crate::storage::Result<$crate::storage::helpline::LocalRole> {
                use $crate::storage::helpline::{RoleRow, ROLE_COLUMNS};
                let row = sqlx::query_as::<$db, RoleRow>(&format!(
                    "select {ROLE_COLUMNS} from local_role where local_role_id = $1"
                ))
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
                row.ok_or($crate::storage::Error::NotFound)?.into_role()
            }

            async fn save_local_role(
                &self,
                role: &$crate::storage::helpline::LocalRole,
            ) -> $crate::storage::Result<()> {
                let id = role.id.to_string();
                let mut tx = self.pool.begin().await?;
                sqlx::query("delete from local_role where local_role_id = $1").bind(&id).execute(&mut *tx).await?;
                sqlx::query(&format!(
                    "insert into local_role ({}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    $crate::storage::helpline::ROLE_COLUMNS
                ))
                .bind(&id)
                .bind(&role.role_kind)
                .bind(&role.title)
                .bind(&role.organisation)
                .bind(&role.pcn_code)
                .bind(&role.district_code)
                .bind(&role.how_to_contact)
                .bind(&role.notes)
                .bind(&role.updated_at)
                .bind(&role.updated_by)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn delete_local_role(&self, id: uuid::Uuid) -> $crate::storage::Result<()> {
                let done = sqlx::query("delete from local_role where local_role_id = $1")
                    .bind(id.to_string())
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::storage::Error::NotFound);
                }
                Ok(())
            }

            async fn internal_notes(
                &self,
                service_ids: &[String],
            ) -> $crate::storage::Result<Vec<$crate::storage::helpline::InternalNote>> {
                use $crate::storage::helpline::{InternalNote, NoteRow};
                let mut notes = Vec::new();
                for id in service_ids {
                    let row = sqlx::query_as::<$db, NoteRow>(
                        "select service_id, note, updated_at, updated_by from service_internal_note \
                         where service_id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                    if let Some(row) = row {
                        notes.push(InternalNote {
                            service_id: row.service_id,
                            note: row.note,
                            updated_at: row.updated_at,
                            updated_by: row.updated_by,
                        });
                    }
                }
                Ok(notes)
            }

            async fn set_internal_note(
                &self,
                note: &$crate::storage::helpline::InternalNote,
            ) -> $crate::storage::Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("delete from service_internal_note where service_id = $1")
                    .bind(&note.service_id)
                    .execute(&mut *tx)
                    .await?;
                if !note.note.trim().is_empty() {
                    sqlx::query(
                        "insert into service_internal_note (service_id, note, updated_at, updated_by) \
                         values ($1, $2, $3, $4)",
                    )
                    .bind(&note.service_id)
                    .bind(&note.note)
                    .bind(&note.updated_at)
                    .bind(&note.updated_by)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }
        }
    };
}
pub(super) use impl_helpline_store;
