//! Commissioners' reports: counts of unmet needs grouped in the database (`GROUP BY`), with
//! the same SQL on both backends (`impl_report_store!`). Only counts leave the store:
//! never staff identities or the free text staff typed. Suppression of small numbers is
//! applied by `crate::reports` before anything is shown.

use async_trait::async_trait;

use super::Result;

/// Which unmet needs to count. Empty fields mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// First month included ("YYYY-MM").
    pub from_month: Option<String>,
    /// Last month included ("YYYY-MM").
    pub to_month: Option<String>,
    /// ONS district code.
    pub district: Option<String>,
    /// A need area slug (matches the need) or a sub-need slug (matches the sub-need).
    pub need: Option<String>,
}

/// A column unmet needs can be grouped by. Each maps to a fixed column name, so no
/// caller text ever reaches the SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// "YYYY-MM".
    Month,
    /// Need area slug.
    Need,
    /// Sub-need slug (may be absent).
    SubNeed,
    /// ONS district code (may be absent).
    District,
    /// PCN code (may be absent).
    Pcn,
    /// camhs, adult, older_people, learning_disabilities.
    Specialty,
    /// advice_information, needing_help, needing_more_help.
    SupportLevel,
    /// Age band code.
    AgeBand,
    /// A barrier; an unmet need with several barriers counts once under each.
    Barrier,
}

impl Dimension {
    fn column(self) -> &'static str {
        match self {
            Self::Month => "unmet_need.month",
            Self::Need => "unmet_need.need",
            Self::SubNeed => "unmet_need.sub_need",
            Self::District => "unmet_need.district_code",
            Self::Pcn => "unmet_need.pcn_code",
            Self::Specialty => "unmet_need.specialty",
            Self::SupportLevel => "unmet_need.support_level",
            Self::AgeBand => "unmet_need.age_band",
            Self::Barrier => "unmet_need_barrier.barrier",
        }
    }
}

/// A count for one combination of up to two keys (`None` where the column was empty).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GroupCount {
    /// The first dimension's value.
    pub key: Option<String>,
    /// The second dimension's value, or `None` for a one-way grouping.
    pub key2: Option<String>,
    /// How many unmet needs.
    pub count: i64,
}

/// One line of the export: the count of unmet needs sharing all eight values.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportRow {
    /// Need area slug.
    pub need: String,
    /// Sub-need slug.
    pub sub_need: Option<String>,
    /// District code.
    pub district_code: Option<String>,
    /// PCN code.
    pub pcn_code: Option<String>,
    /// "YYYY-MM".
    pub month: String,
    /// Specialty code.
    pub specialty: String,
    /// Support level code.
    pub support_level: String,
    /// Age band code.
    pub age_band: String,
    /// How many.
    pub count: i64,
}

/// Returns the `where` clause for `filter` with `$n` placeholders and the values to bind,
/// in order.
pub(super) fn where_clause(filter: &ReportFilter) -> (String, Vec<String>) {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    let add = |condition: &str, value: &str, values: &mut Vec<String>| {
        values.push(value.to_owned());
        condition.replace('?', &format!("${}", values.len()))
    };
    if let Some(from) = &filter.from_month {
        conditions.push(add("unmet_need.month >= ?", from, &mut values));
    }
    if let Some(to) = &filter.to_month {
        conditions.push(add("unmet_need.month <= ?", to, &mut values));
    }
    if let Some(district) = &filter.district {
        conditions.push(add("unmet_need.district_code = ?", district, &mut values));
    }
    if let Some(need) = &filter.need {
        let first = add("unmet_need.need = ?", need, &mut values);
        let second = add("unmet_need.sub_need = ?", need, &mut values);
        conditions.push(format!("({first} or {second})"));
    }
    let clause = if conditions.is_empty() { String::new() } else { format!(" where {}", conditions.join(" and ")) };
    (clause, values)
}

/// Returns an ordering expression that puts an absent value first on both backends
/// (SQLite sorts nulls first, PostgreSQL last).
pub(super) fn order_key(column: &str) -> String {
    format!("coalesce({column}, '')")
}

/// Returns the grouping query for one or two dimensions.
pub(super) fn group_sql(filter: &ReportFilter, first: Dimension, second: Option<Dimension>) -> (String, Vec<String>) {
    let (clause, values) = where_clause(filter);
    let uses_barrier = first == Dimension::Barrier || second == Some(Dimension::Barrier);
    let join = if uses_barrier {
        " join unmet_need_barrier on unmet_need_barrier.unmet_need_id = unmet_need.unmet_need_id"
    } else {
        ""
    };
    let (second_column, group, order) = match second {
        Some(second) => (
            second.column(),
            format!("{}, {}", first.column(), second.column()),
            format!("{}, {}", order_key(first.column()), order_key(second.column())),
        ),
        None => ("cast(null as text)", first.column().to_owned(), order_key(first.column())),
    };
    let sql = format!(
        "select {} as key, {second_column} as key2, count(*) as count from unmet_need{join}{clause} \
         group by {group} order by {order}",
        first.column()
    );
    (sql, values)
}

/// Report queries; both backends implement it with the same SQL (`impl_report_store!`).
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Counts unmet needs matching `filter`.
    async fn unmet_need_total(&self, filter: &ReportFilter) -> Result<i64>;
    /// Counts unmet needs matching `filter` grouped by `first` (and `second`), ordered by
    /// the keys. Grouping by `Barrier` counts an unmet need once per barrier recorded.
    async fn unmet_need_counts(
        &self,
        filter: &ReportFilter,
        first: Dimension,
        second: Option<Dimension>,
    ) -> Result<Vec<GroupCount>>;
    /// Counts unmet needs matching `filter` by need, sub-need, district, PCN, month,
    /// specialty, support level and age band, for the CSV export.
    async fn unmet_need_export(&self, filter: &ReportFilter) -> Result<Vec<ExportRow>>;
}

/// The export's grouping columns, in output order.
pub(super) const EXPORT_COLUMNS: &str = "need, sub_need, district_code, pcn_code, month, specialty, \
                                          support_level, age_band";

/// Implements `ReportStore` for a store with a `pool` of database `$db`.
macro_rules! impl_report_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::storage::reports::ReportStore for $store {
            async fn unmet_need_total(
                &self,
                filter: &$crate::storage::reports::ReportFilter,
            ) -> $crate::storage::Result<i64> {
                let (clause, values) = $crate::storage::reports::where_clause(filter);
                let sql = format!("select count(*) from unmet_need{clause}");
                let mut query = sqlx::query_scalar::<$db, i64>(&sql);
                for value in &values {
                    query = query.bind(value);
                }
                Ok(query.fetch_one(&self.pool).await?)
            }

            async fn unmet_need_counts(
                &self,
                filter: &$crate::storage::reports::ReportFilter,
                first: $crate::storage::reports::Dimension,
                second: Option<$crate::storage::reports::Dimension>,
            ) -> $crate::storage::Result<Vec<$crate::storage::reports::GroupCount>> {
                let (sql, values) = $crate::storage::reports::group_sql(filter, first, second);
                let mut query = sqlx::query_as::<$db, $crate::storage::reports::GroupCount>(&sql);
                for value in &values {
                    query = query.bind(value);
                }
                Ok(query.fetch_all(&self.pool).await?)
            }

            async fn unmet_need_export(
                &self,
                filter: &$crate::storage::reports::ReportFilter,
            ) -> $crate::storage::Result<Vec<$crate::storage::reports::ExportRow>> {
                use $crate::storage::reports::EXPORT_COLUMNS;
                let (clause, values) = $crate::storage::reports::where_clause(filter);
                let sql = format!(
                    "select {EXPORT_COLUMNS}, count(*) as count from unmet_need{clause} \
                     group by {EXPORT_COLUMNS} order by {}",
                    EXPORT_COLUMNS.split(", ").map($crate::storage::reports::order_key).collect::<Vec<_>>().join(", ")
                );
                let mut query = sqlx::query_as::<$db, $crate::storage::reports::ExportRow>(&sql);
                for value in &values {
                    query = query.bind(value);
                }
                Ok(query.fetch_all(&self.pool).await?)
            }
        }
    };
}
pub(super) use impl_report_store;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_clause_numbers_placeholders_in_bind_order() {
        let filter = ReportFilter {
            from_month: Some("2026-01".into()),
            to_month: Some("2026-06".into()),
            district: Some("E06000016".into()),
            need: Some("money".into()),
        };
        let (clause, values) = where_clause(&filter);
        assert_eq!(
            clause,
            " where unmet_need.month >= $1 and unmet_need.month <= $2 and unmet_need.district_code = $3 \
             and (unmet_need.need = $4 or unmet_need.sub_need = $5)"
        );
        assert_eq!(values, ["2026-01", "2026-06", "E06000016", "money", "money"]);
        assert_eq!(where_clause(&ReportFilter::default()), (String::new(), Vec::new()));
    }

    #[test]
    fn barrier_grouping_joins_the_barrier_table() {
        let (sql, _) = group_sql(&ReportFilter::default(), Dimension::Barrier, None);
        assert!(sql.contains("join unmet_need_barrier"), "{sql}");
        let (sql, _) = group_sql(&ReportFilter::default(), Dimension::Need, Some(Dimension::Month));
        assert!(!sql.contains("join"), "{sql}");
        assert!(sql.contains("group by unmet_need.need, unmet_need.month"), "{sql}");
    }
}
