//! Who may do what: roles and route policies, argon2id passwords, sessions with idle and
//! absolute time-outs, CSRF tokens and login throttling.

use std::sync::OnceLock;

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use axum::http::{header, HeaderMap, HeaderValue};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

pub use crate::storage::accounts::{Role, Session, User};
use crate::{
    state::AppState,
    storage::{
        self,
        accounts::{parse_time, time_text},
    },
};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "signpost_session";

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Anyone, signed in or not.
    Public,
    /// Anyone signed in, whatever their role.
    Authenticated,
    /// Signed-in people with one of these roles (admins are always allowed).
    AnyOf(&'static [Role]),
}

impl Policy {
    /// Returns whether a signed-in person holding `held` roles may use the route: any one
    /// of them is enough.
    pub fn allows(self, held: &[Role]) -> bool {
        match self {
            Self::Public | Self::Authenticated => true,
            Self::AnyOf(roles) => held.iter().any(|role| *role == Role::Admin || roles.contains(role)),
        }
    }

    /// Returns whether an anonymous visitor may use the route.
    pub fn allows_anonymous(self) -> bool {
        self == Self::Public
    }
}

/// Session time-outs and cookie attributes.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: Duration,
    /// Whether the cookie is `Secure` (the public URL is https).
    pub secure_cookie: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self { idle: Duration::minutes(30), absolute: Duration::hours(12), secure_cookie: false }
    }
}

/// A request's signed-in person, put in the request extensions by the session layer.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Who.
    pub user: User,
    /// Their session (holds the CSRF token).
    pub session: Session,
}

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane,
/// OWASP's recommended minimum) into a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|error| anyhow::anyhow!("could not encode salt: {error}"))?;
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| anyhow::anyhow!("could not hash password: {error}"))?;
    Ok(hash.to_string())
}

/// A hash of no one's password, verified for unknown emails so that they take as long
/// as known ones.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no account has this password").unwrap_or_default())
}

/// Computes the dummy hash now (at start-up), so the first unknown email does not take
/// longer than a known one.
pub fn prepare() {
    dummy_hash();
}

/// Checks a password against a stored hash (or the dummy hash when `hash` is `None`) on
/// a blocking thread; returns false for no hash.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    let verified = tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && known
    })
    .await;
    verified.unwrap_or(false)
}

/// Returns a new random token (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Returns the stored id of a cookie token.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// Returns the session cookie's token, if the request has one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// Returns the `Set-Cookie` value that carries `token` (or clears the cookie when `None`).
pub fn session_cookie(token: Option<&str>, settings: &SessionSettings) -> HeaderValue {
    let secure = if settings.secure_cookie { "; Secure" } else { "" };
    let value = match token {
        Some(token) => format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).expect("BUG: a hex token makes a valid header value")
}

/// Starts a new session for `user` and returns the cookie token (never stored).
pub async fn start_session(state: &AppState, user: &User) -> storage::Result<(String, Session)> {
    let token = new_token();
    let now = state.clock.now();
    let session = Session {
        id: token_digest(&token),
        user_id: user.id,
        csrf_token: new_token(),
        created_at: time_text(now),
        last_seen_at: time_text(now),
        expires_at: time_text(now + state.sessions.absolute),
    };
    state.store.create_session(&session).await?;
    Ok((token, session))
}

/// Returns the signed-in person for a cookie token, ending the session when it has timed
/// out or the user is disabled.
pub async fn resume_session(state: &AppState, token: &str) -> storage::Result<Option<SignedIn>> {
    let id = token_digest(token);
    let (session, user) = match state.store.session_with_user(&id).await {
        Ok(pair) => pair,
        Err(storage::Error::NotFound) => return Ok(None),
        Err(error) => return Err(error),
    };
    let now = state.clock.now();
    let last_seen = parse_time(&session.last_seen_at)?;
    let expires = parse_time(&session.expires_at)?;
    if user.disabled || now >= expires || now - last_seen >= state.sessions.idle {
        state.store.delete_session(&id).await?;
        return Ok(None);
    }
    // Writing on every request is wasteful; a minute's slack on a 30-minute idle limit is not.
    if now - last_seen >= Duration::minutes(1) {
        state.store.touch_session(&id, &time_text(now)).await?;
    }
    Ok(Some(SignedIn { user, session }))
}

/// Failed logins allowed per account from one client address in `THROTTLE_WINDOW`.
pub const ACCOUNT_FAILURES: i64 = 5;
/// Failed logins allowed per client address in `THROTTLE_WINDOW` (several people may
/// share an office address).
pub const ADDRESS_FAILURES: i64 = 20;
/// The window failures are counted in.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

/// Throttle keys for an email and a client address. An account is locked only for the
/// address that failed on it (so a guesser cannot lock its owner out); failures on the
/// account from every address only slow it down (`account_slowdown`).
pub fn throttle_keys(email: &str, client: std::net::IpAddr) -> [(String, i64); 2] {
    [(format!("account:{email} from:{client}"), ACCOUNT_FAILURES), (format!("address:{client}"), ADDRESS_FAILURES)]
}

/// The key counting an account's failures from every address.
pub fn account_key(email: &str) -> String {
    format!("account:{email}")
}

/// How long a failed sign-in waits: longer the more the account has failed recently from
/// anywhere (capped), so a guesser spread over many addresses is slowed, never locking
/// the owner out.
pub async fn account_slowdown(
    state: &AppState,
    email: &str,
    now: DateTime<Utc>,
) -> storage::Result<std::time::Duration> {
    let window = Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let failures = state.store.login_failures(&account_key(email), &time_text(now - window)).await?.count;
    let steps = u32::try_from((failures / ACCOUNT_FAILURES).clamp(0, 10)).unwrap_or(10);
    Ok(std::time::Duration::from_millis(300) * (1 + steps))
}

/// Returns the minutes until a locked key may try again, or `None` when none is locked.
pub async fn locked_for(state: &AppState, keys: &[(String, i64)], now: DateTime<Utc>) -> storage::Result<Option<i64>> {
    let window = Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let mut wait: Option<i64> = None;
    for (key, limit) in keys {
        let failures = state.store.login_failures(key, &time_text(now - window)).await?;
        if failures.count < *limit {
            continue;
        }
        let oldest = failures.oldest.as_deref().map(parse_time).transpose()?.unwrap_or(now);
        let seconds = (oldest + window - now).num_seconds().max(1);
        let minutes = (seconds + 59) / 60;
        wait = Some(wait.map_or(minutes, |other| other.max(minutes)));
    }
    Ok(wait)
}

/// Records a login attempt under each key (a success clears the account's failures).
pub async fn record_attempt(
    state: &AppState,
    keys: &[(String, i64)],
    now: DateTime<Utc>,
    success: bool,
) -> storage::Result<()> {
    let forget_before = time_text(now - Duration::days(1));
    for (key, _) in keys {
        state.store.record_login_attempt(key, &time_text(now), success, &forget_before).await?;
    }
    Ok(())
}

/// Returns a new user's record after checking the password's length.
pub fn new_user(
    email: &str,
    display_name: &str,
    role: Role,
    password: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<User> {
    new_user_with_roles(email, display_name, &[role], password, now)
}

/// Returns a new user with several roles, after checking the email, name, roles and password.
pub fn new_user_with_roles(
    email: &str,
    display_name: &str,
    roles: &[Role],
    password: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<User> {
    let email = email.trim().to_lowercase();
    anyhow::ensure!(email.contains('@') && !email.contains(char::is_whitespace), "the email {email:?} is not valid");
    anyhow::ensure!(!display_name.trim().is_empty(), "the name must not be empty");
    let roles = check_roles(roles)?;
    check_password(password)?;
    Ok(User {
        id: Uuid::new_v4(),
        email,
        display_name: display_name.trim().to_owned(),
        roles,
        password_hash: hash_password(password)?,
        disabled: false,
        created_at: time_text(now),
    })
}

/// Returns the roles in order without repeats, or why they cannot be given.
pub fn check_roles(roles: &[Role]) -> Result<Vec<Role>, WeakPassword> {
    let roles = storage::accounts::normalise_roles(roles);
    if roles.is_empty() {
        return Err(WeakPassword("give at least one role".into()));
    }
    if roles == [Role::ReferralsLead] {
        return Err(WeakPassword("referrals_lead is given with staff (a team lead is also staff)".into()));
    }
    Ok(roles)
}

/// A password (or role set) that is refused, and why, in words for the person choosing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WeakPassword(pub String);

/// The bundled list of common passwords (lowercased; Django's list of 20,000, from
/// Royce Williams' compilation of breached passwords), read once.
fn common_passwords() -> &'static std::collections::HashSet<&'static str> {
    static LIST: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../data/common-passwords.txt").lines().map(str::trim).filter(|line| !line.is_empty()).collect()
    })
}

/// Checks a new password: at least `MIN_PASSWORD_CHARS` characters, not on the list of
/// common passwords (ignoring case), and not one or two characters repeated.
pub fn check_password(password: &str) -> Result<(), WeakPassword> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(WeakPassword(format!("the password is too weak: use at least {MIN_PASSWORD_CHARS} characters")));
    }
    if common_passwords().contains(password.to_lowercase().as_str()) {
        return Err(WeakPassword(
            "the password is too weak: it is on a list of common passwords, choose another".into(),
        ));
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err(WeakPassword("the password is too weak: use more different characters".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_hash_is_argon2id_and_never_the_plain_text() {
        let hash = hash_password("correct horse battery").expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("correct horse battery"));
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("no account has this password".into(), None).await, "the dummy never matches");
    }

    #[test]
    fn admins_may_use_every_route_and_others_only_their_roles() {
        let curators = Policy::AnyOf(&[Role::Curator]);
        assert!(curators.allows(&[Role::Admin]));
        assert!(curators.allows(&[Role::Curator]));
        assert!(!curators.allows(&[Role::Staff]));
        assert!(!curators.allows(&[Role::Commissioner]));
        assert!(curators.allows(&[Role::Staff, Role::Curator]), "any one role is enough");
        assert!(!curators.allows(&[]));
        assert!(Policy::Authenticated.allows(&[Role::Staff]));
        assert!(Policy::Public.allows_anonymous());
        assert!(!Policy::Authenticated.allows_anonymous());
    }

    #[test]
    fn weak_passwords_and_bad_emails_are_refused() {
        let now = Utc::now();
        let weak = new_user("a@example.org", "A", Role::Staff, "short", now)
            .map(|_| ())
            .expect_err("a short password is refused");
        assert!(weak.to_string().contains("at least 12 characters"), "{weak}");
        assert!(new_user("not an email", "A", Role::Staff, "long enough password", now).is_err());
        let user = new_user(" Ann@Example.ORG ", "Ann", Role::Curator, "long enough password", now).expect("user");
        assert_eq!(user.email, "ann@example.org");
    }

    #[test]
    fn common_and_repetitive_passwords_are_refused_whatever_their_case() {
        for common in ["qwerty123456", "QWERTY123456", "1q2w3e4r5t6y", "Q1W2E3R4T5Y6"] {
            let error = check_password(common).expect_err(common);
            assert!(error.0.contains("list of common passwords"), "{common}: {error}");
        }
        assert!(check_password("aaaaaaaaaaaaaaa").is_err());
        assert!(check_password("abababababababab").is_err());
        assert!(check_password("heron lantern quietly").is_ok());
        assert!(common_passwords().len() > 5_000, "the bundled list is loaded");
    }

    #[test]
    fn roles_are_a_set_and_a_lead_is_also_staff() {
        let now = Utc::now();
        let user = new_user_with_roles(
            "cko@example.org",
            "Cko",
            &[Role::Staff, Role::Curator, Role::Staff],
            "long enough password",
            now,
        )
        .expect("user");
        assert_eq!(user.roles, [Role::Curator, Role::Staff]);
        assert!(new_user_with_roles("l@example.org", "L", &[Role::ReferralsLead], "long enough password", now).is_err());
        assert!(new_user_with_roles("l@example.org", "L", &[], "long enough password", now).is_err());
    }

    #[test]
    fn the_session_cookie_is_http_only_lax_and_secure_behind_tls() {
        let mut settings = SessionSettings::default();
        let plain = session_cookie(Some("abc"), &settings);
        assert_eq!(plain, "signpost_session=abc; Path=/; HttpOnly; SameSite=Lax");
        settings.secure_cookie = true;
        let secure = session_cookie(Some("abc"), &settings);
        assert!(secure.to_str().unwrap_or_default().ends_with("; Secure"));
        let cleared = session_cookie(None, &settings);
        assert!(cleared.to_str().unwrap_or_default().contains("Max-Age=0"));
    }

    #[test]
    fn tokens_are_random_and_only_their_digest_is_stored() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token, new_token());
        assert_eq!(token_digest(&token).len(), 64);
        assert_ne!(token_digest(&token), token);
        assert!(same_secret(&token, &token.clone()));
        assert!(!same_secret(&token, &new_token()));
    }
}
