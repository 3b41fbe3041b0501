//! Accounts: the people who sign in to the console, their sessions, and login attempts
//! (for throttling). Times are stored as UTC text that sorts as written (`time_text`).

use std::{fmt, str::FromStr};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Error, Result};

/// What a signed-in person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including accounts.
    Admin,
    /// The Community Knowledge Officer: keeps the directory.
    Curator,
    /// Front-line staff who refer people and suggest changes.
    Staff,
    /// Commissioners who read reports.
    Commissioner,
    /// A staff team lead who may see every staff member's referrals (each read is audited).
    ReferralsLead,
}

impl Role {
    /// Every role, for tables and tests.
    pub const ALL: [Role; 5] = [Role::Admin, Role::Curator, Role::Staff, Role::Commissioner, Role::ReferralsLead];

    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Curator => "curator",
            Self::Staff => "staff",
            Self::Commissioner => "commissioner",
            Self::ReferralsLead => "referrals_lead",
        }
    }

    /// Returns the name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "Administrator",
            Self::Curator => "Community Knowledge Officer",
            Self::Staff => "Staff",
            Self::Commissioner => "Commissioner",
            Self::ReferralsLead => "Referrals team lead",
        }
    }
}

/// Parses a stored or typed set of roles ("curator staff", "curator,staff"): known roles
/// in `Role::ALL` order, each once.
pub fn parse_roles(text: &str) -> Result<Vec<Role>> {
    let mut roles = Vec::new();
    for name in text.split([' ', ',']).map(str::trim).filter(|name| !name.is_empty()) {
        roles.push(name.parse::<Role>()?);
    }
    Ok(normalise_roles(&roles))
}

/// Returns `roles` in `Role::ALL` order without repeats.
pub fn normalise_roles(roles: &[Role]) -> Vec<Role> {
    Role::ALL.into_iter().filter(|role| roles.contains(role)).collect()
}

/// Returns the stored text of a set of roles.
pub fn roles_text(roles: &[Role]) -> String {
    normalise_roles(roles).iter().map(|role| role.as_str()).collect::<Vec<_>>().join(" ")
}

/// The value for the old one-role column (no longer read; its check allows only the
/// first four roles).
pub(super) fn legacy_role_of(roles: &[Role]) -> &'static str {
    roles.iter().find(|role| **role != Role::ReferralsLead).map_or("staff", |role| role.as_str())
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == s).ok_or_else(|| Error::Corrupt(format!("role {s:?}")))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person who can sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: Uuid,
    /// Lowercased email, unique.
    pub email: String,
    /// Name shown in the console.
    pub display_name: String,
    /// What they may do: one or more roles, in `Role::ALL` order.
    pub roles: Vec<Role>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// A disabled user cannot sign in and loses their sessions.
    pub disabled: bool,
    /// When it was created (`time_text`).
    pub created_at: String,
}

impl User {
    /// Returns whether the user holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Returns the roles' names for people, e.g. "Community Knowledge Officer, Staff".
    pub fn role_labels(&self) -> String {
        self.roles.iter().map(|role| role.label()).collect::<Vec<_>>().join(", ")
    }
}

/// A signed-in session. The cookie holds a random token; only its SHA-256 is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 (hex) of the cookie token.
    pub id: String,
    /// Who is signed in.
    pub user_id: Uuid,
    /// The synchroniser token every form of the session carries.
    pub csrf_token: String,
    /// When it started (`time_text`).
    pub created_at: String,
    /// The last request seen (`time_text`), for the idle time-out.
    pub last_seen_at: String,
    /// The absolute end (`time_text`).
    pub expires_at: String,
}

/// Recent failed login attempts for one key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoginFailures {
    /// How many since the window start and the last success.
    pub count: i64,
    /// The oldest of them (`time_text`), which leaves the window first.
    pub oldest: Option<String>,
}

/// Returns an instant as stored: UTC, millisecond precision, sortable as text.
pub fn time_text(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Parses a stored time.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|instant| instant.with_timezone(&Utc))
        .map_err(|_| Error::Corrupt(format!("time {text:?}")))
}

/// Account storage; both backends implement it with the same SQL (`impl_account_store!`).
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Stores a new user; `Error::Duplicate` when the email is taken.
    async fn create_user(&self, user: &User) -> Result<()>;
    /// Returns the user with this (lowercased) email, or `Error::NotFound`.
    async fn user_by_email(&self, email: &str) -> Result<User>;
    /// Stores a new session.
    async fn create_session(&self, session: &Session) -> Result<()>;
    /// Returns a session and its user, or `Error::NotFound`.
    async fn session_with_user(&self, id: &str) -> Result<(Session, User)>;
    /// Records activity on a session.
    async fn touch_session(&self, id: &str, last_seen_at: &str) -> Result<()>;
    /// Deletes a session (no error when it is already gone).
    async fn delete_session(&self, id: &str) -> Result<()>;
    /// Records a login attempt and forgets attempts older than `forget_before`.
    async fn record_login_attempt(&self, key: &str, at: &str, success: bool, forget_before: &str) -> Result<()>;
    /// Counts failures for `key` after `since` and after its last success.
    async fn login_failures(&self, key: &str, since: &str) -> Result<LoginFailures>;
    /// Returns every user, by email.
    async fn users(&self) -> Result<Vec<User>>;
    /// Disables (ending every session of) or enables a user; `Error::NotFound` when none.
    async fn set_user_disabled(&self, id: Uuid, disabled: bool) -> Result<()>;
    /// Replaces a user's roles; `Error::NotFound` when none.
    async fn set_user_roles(&self, id: Uuid, roles: &[Role]) -> Result<()>;
    /// Replaces a user's password hash and ends every session of theirs.
    async fn set_user_password(&self, id: Uuid, password_hash: &str) -> Result<()>;
    /// Records an event under `key` at `at` when fewer than `limit` were recorded after
    /// `since`, and returns whether it did; forgets events before `forget_before`.
    async fn take_rate_slot(&self, key: &str, at: &str, since: &str, limit: i64, forget_before: &str) -> Result<bool>;
}

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    app_user_id: String,
    email: String,
    display_name: String,
    role: String,
    roles: String,
    password_hash: String,
    disabled: bool,
    created_at: String,
}

impl UserRow {
    pub(super) fn into_user(self) -> Result<User> {
        Ok(User {
            id: self.app_user_id.parse().map_err(|_| Error::Corrupt(format!("user id {:?}", self.app_user_id)))?,
            email: self.email,
            display_name: self.display_name,
            roles: if self.roles.trim().is_empty() { vec![self.role.parse()?] } else { parse_roles(&self.roles)? },
            password_hash: self.password_hash,
            disabled: self.disabled,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct SessionUserRow {
    user_session_id: String,
    csrf_token: String,
    session_created_at: String,
    last_seen_at: String,
    expires_at: String,
    #[sqlx(flatten)]
    user: UserRow,
}

impl SessionUserRow {
    pub(super) fn into_pair(self) -> Result<(Session, User)> {
        let user = self.user.into_user()?;
        let session = Session {
            id: self.user_session_id,
            user_id: user.id,
            csrf_token: self.csrf_token,
            created_at: self.session_created_at,
            last_seen_at: self.last_seen_at,
            expires_at: self.expires_at,
        };
        Ok((session, user))
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct FailuresRow {
    pub(super) failures: i64,
    pub(super) oldest: Option<String>,
}

/// Columns of `UserRow`.
pub(super) const USER_COLUMNS: &str =
    "app_user.app_user_id, app_user.email, app_user.display_name, app_user.role, app_user.roles, app_user.password_hash, \
     app_user.disabled, app_user.created_at";

/// Implements `AccountStore` for a store with a `pool` of database `$db`.
macro_rules! impl_account_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::storage::accounts::AccountStore for $store {
            async fn create_user(&self, user: &$crate::storage::accounts::User) -> $crate::storage::Result<()> {
                let inserted = sqlx::query(
                    "insert into app_user (app_user_id, email, display_name, role, roles, password_hash, disabled, \
                     created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(user.id.to_string())
                .bind(&user.email)
                .bind(&user.display_name)
                .bind($crate::storage::accounts::legacy_role_of(&user.roles))
                .bind($crate::storage::accounts::roles_text(&user.roles))
                .bind(&user.password_hash)
                .bind(user.disabled)
                .bind(&user.created_at)
                .execute(&self.pool)
                .await;
                match inserted {
                    Ok(_) => Ok(()),
                    Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                        Err($crate::storage::Error::Duplicate)
                    }
                    Err(error) => Err(error.into()),
                }
            }

            async fn user_by_email(&self, email: &str) -> $crate::storage::Result<$crate::storage::accounts::User> {
                use $crate::storage::accounts::{UserRow, USER_COLUMNS};
                let row =
                    sqlx::query_as::<$db, UserRow>(&format!("select {USER_COLUMNS} from app_user where email = $1"))
                        .bind(email)
                        .fetch_optional(&self.pool)
                        .await?;
                row.ok_or($crate::storage::Error::NotFound)?.into_user()
            }

            async fn create_session(
                &self,
                session: &$crate::storage::accounts::Session,
            ) -> $crate::storage::Result<()> {
                sqlx::query(
                    "insert into user_session (user_session_id, app_user_id, csrf_token, created_at, last_seen_at, \
                     expires_at) values ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&session.id)
                .bind(session.user_id.to_string())
                .bind(&session.csrf_token)
                .bind(&session.created_at)
                .bind(&session.last_seen_at)
                .bind(&session.expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session_with_user(
                &self,
                id: &str,
            ) -> $crate::storage::Result<($crate::storage::accounts::Session, $crate::storage::accounts::User)> {
                use $crate::storage::accounts::{SessionUserRow, USER_COLUMNS};
                let row = sqlx::query_as::<$db, SessionUserRow>(&format!(
                    "select user_session.user_session_id, user_session.csrf_token, \
                     user_session.created_at as session_created_at, user_session.last_seen_at, \
                     user_session.expires_at, {USER_COLUMNS} \
                     from user_session join app_user on app_user.app_user_id = user_session.app_user_id \
                     where user_session.user_session_id = $1"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                row.ok_or($crate::storage::Error::NotFound)?.into_pair()
            }

            async fn touch_session(&self, id: &str, last_seen_at: &str) -> $crate::storage::Result<()> {
                sqlx::query("update user_session set last_seen_at = $1 where user_session_id = $2")
                    .bind(last_seen_at)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_session(&self, id: &str) -> $crate::storage::Result<()> {
                sqlx::query("delete from user_session where user_session_id = $1").bind(id).execute(&self.pool).await?;
                Ok(())
            }

            async fn record_login_attempt(
                &self,
                key: &str,
                at: &str,
                success: bool,
                forget_before: &str,
            ) -> $crate::storage::Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("delete from login_attempt where attempted_at < $1")
                    .bind(forget_before)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("insert into login_attempt (attempt_key, attempted_at, success) values ($1, $2, $3)")
                    .bind(key)
                    .bind(at)
                    .bind(success)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn login_failures(
                &self,
                key: &str,
                since: &str,
            ) -> $crate::storage::Result<$crate::storage::accounts::LoginFailures> {
                use $crate::storage::accounts::{FailuresRow, LoginFailures};
                let row = sqlx::query_as::<$db, FailuresRow>(
                    "select count(*) as failures, min(attempted_at) as oldest from login_attempt \
                     where attempt_key = $1 and success = $2 and attempted_at > $3 \
                     and attempted_at > coalesce((select max(attempted_at) from login_attempt \
                     where attempt_key = $4 and success = $5), '')",
                )
                .bind(key)
                .bind(false)
                .bind(since)
                .bind(key)
                .bind(true)
                .fetch_one(&self.pool)
                .await?;
                Ok(LoginFailures { count: row.failures, oldest: row.oldest })
            }

            async fn users(&self) -> $crate::storage::Result<Vec<$crate::storage::accounts::User>> {
                use $crate::storage::accounts::{UserRow, USER_COLUMNS};
                let rows =
                    sqlx::query_as::<$db, UserRow>(&format!("select {USER_COLUMNS} from app_user order by email"))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map(UserRow::into_user).collect()
            }

            async fn set_user_disabled(&self, id: uuid::Uuid, disabled: bool) -> $crate::storage::Result<()> {
                let mut tx = self.pool.begin().await?;
                let updated = sqlx::query("update app_user set disabled = $1 where app_user_id = $2")
                    .bind(disabled)
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
                if updated.rows_affected() == 0 {
                    return Err($crate::storage::Error::NotFound);
                }
                if disabled {
                    sqlx::query("delete from user_session where app_user_id = $1")
                        .bind(id.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn set_user_roles(
                &self,
                id: uuid::Uuid,
                roles: &[$crate::storage::accounts::Role],
            ) -> $crate::storage::Result<()> {
                let updated = sqlx::query("update app_user set roles = $1, role = $2 where app_user_id = $3")
                    .bind($crate::storage::accounts::roles_text(roles))
                    .bind($crate::storage::accounts::legacy_role_of(roles))
                    .bind(id.to_string())
                    .execute(&self.pool)
                    .await?;
                if updated.rows_affected() == 0 {
                    return Err($crate::storage::Error::NotFound);
                }
                Ok(())
            }

            async fn set_user_password(&self, id: uuid::Uuid, password_hash: &str) -> $crate::storage::Result<()> {
                let mut tx = self.pool.begin().await?;
                let updated = sqlx::query("update app_user set password_hash = $1 where app_user_id = $2")
                    .bind(password_hash)
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
                if updated.rows_affected() == 0 {
                    return Err($crate::storage::Error::NotFound);
                }
                sqlx::query("delete from user_session where app_user_id = $1")
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn take_rate_slot(
                &self,
                key: &str,
                at: &str,
                since: &str,
                limit: i64,
                forget_before: &str,
            ) -> $crate::storage::Result<bool> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("delete from rate_event where occurred_at < $1")
                    .bind(forget_before)
                    .execute(&mut *tx)
                    .await?;
                let (count,): (i64,) =
                    sqlx::query_as("select count(*) from rate_event where rate_key = $1 and occurred_at > $2")
                        .bind(key)
                        .bind(since)
                        .fetch_one(&mut *tx)
                        .await?;
                if count >= limit {
                    tx.commit().await?;
                    return Ok(false);
                }
                sqlx::query("insert into rate_event (rate_key, occurred_at) values ($1, $2)")
                    .bind(key)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}
pub(super) use impl_account_store;
