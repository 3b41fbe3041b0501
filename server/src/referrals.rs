//! Referrals recorded in the integrated care plan. A staff member picks services, a
//! support level and the expected actions, and gives the care plan's own opaque
//! reference; the referral and its outbox rows are saved in one transaction, and the
//! dispatcher delivers them to the care-plan system as signed webhooks (Standard
//! Webhooks), retrying until they are delivered or dead-lettered.

pub mod bench;
pub mod dispatcher;
pub mod fhir;
pub mod payload;
pub mod signature;

use std::{fmt, str::FromStr, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use regex::Regex;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use uuid::Uuid;

use self::signature::SigningKeys;
use crate::{
    config::ReferralArgs,
    guard,
    hsds::Service,
    storage::{self, accounts::time_text, Role, Store},
};

/// How much support the person needs (the seeds' three levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupportLevel {
    /// Advice and information.
    AdviceAndInformation,
    /// Needing help.
    NeedingHelp,
    /// Needing more help.
    NeedingMoreHelp,
}

impl SupportLevel {
    /// Every level, in order.
    pub const ALL: [Self; 3] = [Self::AdviceAndInformation, Self::NeedingHelp, Self::NeedingMoreHelp];

    /// Returns the stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::AdviceAndInformation => "advice-and-information",
            Self::NeedingHelp => "needing-help",
            Self::NeedingMoreHelp => "needing-more-help",
        }
    }

    /// Returns the name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::AdviceAndInformation => "Advice and information",
            Self::NeedingHelp => "Needing help",
            Self::NeedingMoreHelp => "Needing more help",
        }
    }
}

/// What staff expect to do (the seeds' framework).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Provide information and contacts.
    ProvideInformation,
    /// Explore other support needs and coaching.
    ExploreNeeds,
    /// Help with decision making.
    HelpWithDecisions,
    /// Help making contact.
    HelpMakingContact,
    /// Organise or provide support to access.
    SupportToAccess,
}

impl Action {
    /// Every action, in order.
    pub const ALL: [Self; 5] = [
        Self::ProvideInformation,
        Self::ExploreNeeds,
        Self::HelpWithDecisions,
        Self::HelpMakingContact,
        Self::SupportToAccess,
    ];

    /// Returns the stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ProvideInformation => "provide-information",
            Self::ExploreNeeds => "explore-needs",
            Self::HelpWithDecisions => "help-with-decisions",
            Self::HelpMakingContact => "help-making-contact",
            Self::SupportToAccess => "support-to-access",
        }
    }

    /// Returns the name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ProvideInformation => "Provide information and contacts",
            Self::ExploreNeeds => "Explore other support needs and coaching",
            Self::HelpWithDecisions => "Help with decision making",
            Self::HelpMakingContact => "Help making contact",
            Self::SupportToAccess => "Organise or provide support to access",
        }
    }
}

/// Where a referral is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    /// Saved; the care-plan system has not answered yet.
    Recorded,
    /// The care-plan system accepted it.
    Accepted,
    /// The care-plan system declined it (with a reason).
    Declined,
    /// The support was given.
    Completed,
    /// Staff withdrew it.
    Withdrawn,
}

impl ReferralStatus {
    /// Every status.
    pub const ALL: [Self; 5] = [Self::Recorded, Self::Accepted, Self::Declined, Self::Completed, Self::Withdrawn];

    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recorded => "recorded",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Completed => "completed",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Returns the name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Recorded => "Recorded",
            Self::Accepted => "Accepted",
            Self::Declined => "Declined",
            Self::Completed => "Completed",
            Self::Withdrawn => "Withdrawn",
        }
    }
}

impl FromStr for ReferralStatus {
    type Err = storage::Error;
    fn from_str(s: &str) -> storage::Result<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| storage::Error::Corrupt(format!("referral status {s:?}")))
    }
}

impl fmt::Display for ReferralStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A service as it was when it was referred to, so the care plan keeps what staff saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSnapshot {
    /// The service's id in Signpost.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The organisation that runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Its first phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Its email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Its own website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl ServiceSnapshot {
    /// Takes the snapshot of a stored service.
    pub fn of(service: &Service) -> Self {
        Self {
            id: service.id,
            name: service.name.clone(),
            organisation: service.organization.as_ref().map(|org| org.name.clone()),
            phone: service.phones.first().map(|phone| phone.number.clone()),
            email: service.email.clone(),
            url: service.url.clone(),
        }
    }
}

/// A saved referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    /// Its id (also sent to the care plan).
    pub id: Uuid,
    /// The care plan's own opaque reference for the person.
    pub care_plan_reference: String,
    /// How much support.
    pub support_level: SupportLevel,
    /// What staff expect to do.
    pub actions: Vec<Action>,
    /// The services referred to.
    pub services: Vec<ServiceSnapshot>,
    /// An optional note (checked by the patient-data guard).
    pub note: Option<String>,
    /// The role of the staff member who recorded it.
    pub staff_role: Role,
    /// Their user id.
    pub created_by: Uuid,
    /// Where it is.
    pub status: ReferralStatus,
    /// Why it was declined, when it was.
    pub status_reason: Option<String>,
    /// When the status last changed (`time_text`).
    pub status_updated_at: Option<String>,
    /// When it was recorded (`time_text`).
    pub created_at: String,
}

/// The kinds of event sent to the care plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// A referral was recorded.
    Created,
    /// Staff withdrew it.
    Withdrawn,
}

impl EventType {
    /// Returns the Standard Webhooks `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "referral.created",
            Self::Withdrawn => "referral.withdrawn",
        }
    }
}

/// How an endpoint wants its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadFormat {
    /// The thin JSON event.
    Event,
    /// A FHIR R4 ServiceRequest (UK Core).
    Fhir,
}

/// A configured care-plan endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Where events are POSTed; also the endpoint's key in the outbox.
    pub url: url::Url,
    /// The payload it takes.
    pub format: PayloadFormat,
}

impl FromStr for Endpoint {
    type Err = SettingsError;
    /// Parses `https://…` (thin events) or `fhir:https://…` (FHIR ServiceRequests).
    fn from_str(text: &str) -> Result<Self, SettingsError> {
        let text = text.trim();
        let (format, address) = match text.strip_prefix("fhir:") {
            Some(rest) => (PayloadFormat::Fhir, rest),
            None => (PayloadFormat::Event, text),
        };
        let url = url::Url::parse(address).map_err(|_| SettingsError::Endpoint(text.to_owned()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(SettingsError::Endpoint(text.to_owned()));
        }
        Ok(Self { url, format })
    }
}

/// Bad referral configuration.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The care-plan reference pattern is not a regular expression.
    #[error("the care-plan reference pattern is not a valid regular expression: {0}")]
    Pattern(#[from] regex::Error),
    /// An endpoint is not an http(s) URL.
    #[error("the referral endpoint {0:?} is not an http or https URL (prefix fhir: for FHIR)")]
    Endpoint(String),
    /// A secret is not `whsec_` + base64.
    #[error(transparent)]
    Secret(#[from] signature::SecretError),
    /// Endpoints are configured without a secret to sign with.
    #[error("referral endpoints are configured but no signing secret is")]
    NoSecret,
    /// An endpoint has no signing secret of its own.
    #[error("the referral endpoint {0} has no signing secret (SIGNPOST_REFERRAL_ENDPOINT_SECRETS gives each its own)")]
    EndpointWithoutSecret(String),
    /// The per-endpoint secret groups do not match the endpoints one to one.
    #[error("SIGNPOST_REFERRAL_ENDPOINT_SECRETS has {groups} groups for {endpoints} endpoints: give one group per endpoint, in order, separated by ;")]
    SecretGroups {
        /// Groups given.
        groups: usize,
        /// Endpoints configured.
        endpoints: usize,
    },
    /// One signing secret is given for several endpoints, or both ways of giving secrets are used.
    #[error("each care-plan endpoint needs its own signing secrets: {0}")]
    SharedSecret(&'static str),
}

/// Everything referrals need at run time, from the configuration.
#[derive(Debug)]
pub struct ReferralSettings {
    /// What a care-plan reference must look like.
    pub reference_pattern: Regex,
    /// Where events go.
    pub endpoints: Vec<Endpoint>,
    /// Each endpoint's own secrets its events are signed with (two during rotation), in
    /// the order of `endpoints`.
    pub signing: Vec<SigningKeys>,
    /// Secrets inbound status updates may be signed with.
    pub inbound: SigningKeys,
    /// Whether endpoints may be on private, loopback or link-local addresses.
    pub allow_private: bool,
    /// One attempt's time limit.
    pub timeout: Duration,
    /// How long delivery is retried before the event is dead-lettered.
    pub max_age: chrono::Duration,
    /// The first retry's delay; it doubles, with jitter, up to `max_delay`.
    pub retry_base: chrono::Duration,
    /// The longest delay between attempts.
    pub max_delay: chrono::Duration,
    /// How often the dispatcher looks for due events when not woken.
    pub poll: Duration,
    /// Events delivered at once.
    pub concurrency: usize,
    /// Wakes the dispatcher when a referral is saved.
    pub wake: Arc<Notify>,
}

impl ReferralSettings {
    /// Builds the settings from the command line.
    pub fn from_args(args: &ReferralArgs) -> Result<Self, SettingsError> {
        let split = |text: &Option<String>| -> Vec<String> {
            text.as_deref()
                .unwrap_or_default()
                .split([',', ' '])
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let endpoints =
            split(&args.referral_endpoints).iter().map(|text| text.parse()).collect::<Result<Vec<Endpoint>, _>>()?;
        let signing = endpoint_secrets(&endpoints, args)?;
        Ok(Self {
            reference_pattern: Regex::new(&args.care_plan_reference_pattern)?,
            endpoints,
            signing,
            inbound: SigningKeys::parse_all(&split(&args.referral_inbound_secrets))?,
            allow_private: args.referral_allow_private,
            timeout: Duration::from_millis(args.referral_timeout_ms.max(1)),
            max_age: chrono::Duration::hours(args.referral_max_age_hours),
            retry_base: chrono::Duration::milliseconds(args.referral_retry_base_ms.max(1)),
            max_delay: chrono::Duration::minutes(args.referral_max_delay_minutes.max(1)),
            poll: Duration::from_millis(args.referral_poll_ms.max(10)),
            concurrency: args.referral_concurrency.max(1),
            wake: Arc::new(Notify::new()),
        })
    }

    /// Returns the configured endpoint with this URL.
    pub fn endpoint(&self, url: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|endpoint| endpoint.url.as_str() == url)
    }

    /// Returns the secrets events to the endpoint with this URL are signed with.
    pub fn signing_for(&self, url: &str) -> Option<&SigningKeys> {
        let index = self.endpoints.iter().position(|endpoint| endpoint.url.as_str() == url)?;
        self.signing.get(index)
    }
}

/// Returns each endpoint's signing secrets: from `SIGNPOST_REFERRAL_ENDPOINT_SECRETS`
/// (one `;`-separated group per endpoint), or `SIGNPOST_REFERRAL_SECRETS` when there is
/// only one endpoint. A secret never signs for two endpoints, so a leak at one care-plan
/// system cannot forge events to another.
fn endpoint_secrets(endpoints: &[Endpoint], args: &ReferralArgs) -> Result<Vec<SigningKeys>, SettingsError> {
    let texts = |text: &str| -> Vec<String> {
        text.split([',', ' ']).map(str::trim).filter(|part| !part.is_empty()).map(str::to_owned).collect()
    };
    let shared = texts(args.referral_secrets.as_deref().unwrap_or_default());
    let per_endpoint = args.referral_endpoint_secrets.as_deref().map(str::trim).filter(|text| !text.is_empty());
    let groups: Vec<Vec<String>> = match per_endpoint {
        Some(_) if !shared.is_empty() => {
            return Err(SettingsError::SharedSecret(
                "give SIGNPOST_REFERRAL_ENDPOINT_SECRETS or SIGNPOST_REFERRAL_SECRETS, not both",
            ))
        }
        Some(text) => text.split(';').map(texts).collect(),
        None if endpoints.len() > 1 && !shared.is_empty() => {
            return Err(SettingsError::SharedSecret(
                "with several endpoints, give each its secrets in SIGNPOST_REFERRAL_ENDPOINT_SECRETS",
            ))
        }
        None if endpoints.is_empty() => Vec::new(),
        None if shared.is_empty() => return Err(SettingsError::NoSecret),
        None => vec![shared],
    };
    if groups.len() != endpoints.len() {
        return Err(SettingsError::SecretGroups { groups: groups.len(), endpoints: endpoints.len() });
    }
    let mut seen = std::collections::HashSet::new();
    let mut keys = Vec::with_capacity(groups.len());
    for (endpoint, group) in endpoints.iter().zip(&groups) {
        if group.is_empty() {
            return Err(SettingsError::EndpointWithoutSecret(endpoint.url.to_string()));
        }
        let parsed = SigningKeys::parse_all(group)?;
        for secret in parsed.raw() {
            if !seen.insert(secret.to_vec()) {
                return Err(SettingsError::SharedSecret("the same secret is given for two endpoints"));
            }
        }
        keys.push(parsed);
    }
    Ok(keys)
}

/// What a staff member asks for, before checks.
#[derive(Debug, Clone, Default)]
pub struct ReferralDraft {
    /// The chosen services' ids.
    pub service_ids: Vec<Uuid>,
    /// The support level's code.
    pub support_level: String,
    /// The actions' codes.
    pub actions: Vec<String>,
    /// The care plan's reference.
    pub care_plan_reference: String,
    /// The note.
    pub note: String,
}

/// One problem with a draft, tied to its form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    /// The form field.
    pub field: &'static str,
    /// What to change.
    pub message: String,
}

/// Why a referral could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The draft has mistakes; nothing was saved.
    #[error("the referral has mistakes")]
    Invalid(Vec<DraftError>),
    /// Storage failed.
    #[error(transparent)]
    Storage(#[from] storage::Error),
    /// An event could not be rendered.
    #[error("could not render the event: {0}")]
    Render(#[from] serde_json::Error),
}

/// Checks a draft against the services that exist and the configured pattern.
pub async fn validate(
    store: &dyn Store,
    settings: &ReferralSettings,
    draft: &ReferralDraft,
) -> Result<(SupportLevel, Vec<Action>, Vec<ServiceSnapshot>, String, Option<String>), RecordError> {
    let mut errors = Vec::new();
    let mut error = |field: &'static str, message: String| errors.push(DraftError { field, message });
    let mut ids = draft.service_ids.clone();
    ids.sort();
    ids.dedup();
    let records = if ids.is_empty() { Vec::new() } else { store.get_services(&ids).await? };
    if ids.is_empty() {
        error("services", "Choose at least one service".to_owned());
    } else if records.len() != ids.len() {
        error("services", "One of the chosen services no longer exists: go back and choose again".to_owned());
    }
    let level = SupportLevel::ALL.into_iter().find(|level| level.code() == draft.support_level);
    if level.is_none() {
        error("support_level", "Choose the level of support".to_owned());
    }
    let mut actions = Vec::new();
    for code in &draft.actions {
        match Action::ALL.into_iter().find(|action| action.code() == code) {
            Some(action) if !actions.contains(&action) => actions.push(action),
            Some(_) => {}
            None => error("actions", format!("{code:?} is not one of the expected actions")),
        }
    }
    if draft.actions.is_empty() {
        error("actions", "Choose at least one expected action".to_owned());
    }
    let reference = draft.care_plan_reference.trim().to_owned();
    if reference.is_empty() {
        error("care_plan_reference", "Enter the care plan reference".to_owned());
    } else if crate::plain_text::has_control(&reference, false) {
        error("care_plan_reference", crate::plain_text::CONTROL_MESSAGE.to_owned());
    } else if let Err(refusal) = guard::check(&reference) {
        error("care_plan_reference", refusal.to_string());
    } else if !settings.reference_pattern.is_match(&reference) {
        error(
            "care_plan_reference",
            "Enter the care plan reference exactly as the care plan shows it (such as CP-1234567), not a name or NHS number"
                .to_owned(),
        );
    }
    let note = draft.note.trim();
    // The guard first, so a long note that also carries an identifier says what to remove.
    if crate::plain_text::has_control(note, true) {
        error("note", crate::plain_text::CONTROL_MESSAGE.to_owned());
    } else if let Err(refusal) = guard::check(note) {
        error("note", refusal.to_string());
    } else if note.chars().count() > 1000 {
        error("note", "The note must be 1,000 characters or fewer".to_owned());
    }
    match level {
        Some(level) if errors.is_empty() => {
            // Keep the order staff chose the services in.
            let mut services: Vec<ServiceSnapshot> =
                records.iter().map(|record| ServiceSnapshot::of(&record.service)).collect();
            services.sort_by_key(|snapshot| draft.service_ids.iter().position(|id| *id == snapshot.id));
            Ok((level, actions, services, reference, (!note.is_empty()).then(|| note.to_owned())))
        }
        _ => Err(RecordError::Invalid(errors)),
    }
}

/// A row to add to the outbox: one event for one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutbox {
    /// The stable webhook id (`msg_` + uuid).
    pub id: String,
    /// The endpoint's URL.
    pub endpoint: String,
    /// The event type.
    pub event_type: String,
    /// The exact body to send on every attempt.
    pub body: String,
}

/// Renders an event for every configured endpoint.
pub fn outbox_rows(
    settings: &ReferralSettings,
    referral: &Referral,
    event: EventType,
    at: DateTime<Utc>,
    public_url: &str,
) -> Result<Vec<NewOutbox>, serde_json::Error> {
    settings
        .endpoints
        .iter()
        .map(|endpoint| {
            let body = match endpoint.format {
                PayloadFormat::Event => payload::event(referral, event, at, public_url),
                PayloadFormat::Fhir => fhir::service_request(referral, event, at, public_url),
            };
            Ok(NewOutbox {
                id: format!("msg_{}", Uuid::new_v4().simple()),
                endpoint: endpoint.url.to_string(),
                event_type: event.as_str().to_owned(),
                body: serde_json::to_string(&body)?,
            })
        })
        .collect()
}

/// Validates a draft and saves the referral with its outbox rows in one transaction,
/// then wakes the dispatcher.
pub async fn record(
    store: &dyn Store,
    settings: &ReferralSettings,
    draft: &ReferralDraft,
    staff: (Uuid, Role),
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<Referral, RecordError> {
    let (support_level, actions, services, care_plan_reference, note) = validate(store, settings, draft).await?;
    let referral = Referral {
        id: Uuid::new_v4(),
        care_plan_reference,
        support_level,
        actions,
        services,
        note,
        staff_role: staff.1,
        created_by: staff.0,
        status: ReferralStatus::Recorded,
        status_reason: None,
        status_updated_at: None,
        created_at: time_text(now),
    };
    let outbox = outbox_rows(settings, &referral, EventType::Created, now, public_url)?;
    store.create_referral(&referral, &outbox, &time_text(now), &time_text(now + settings.max_age)).await?;
    settings.wake.notify_one();
    Ok(referral)
}

/// Withdraws a referral and queues the `referral.withdrawn` event after its earlier events.
pub async fn withdraw(
    store: &dyn Store,
    settings: &ReferralSettings,
    id: Uuid,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<Referral, RecordError> {
    let mut referral = store.referral(id).await?;
    if referral.status == ReferralStatus::Withdrawn {
        return Ok(referral);
    }
    referral.status = ReferralStatus::Withdrawn;
    referral.status_updated_at = Some(time_text(now));
    let outbox = outbox_rows(settings, &referral, EventType::Withdrawn, now, public_url)?;
    store.withdraw_referral(id, &outbox, &time_text(now), &time_text(now + settings.max_age)).await?;
    settings.wake.notify_one();
    Ok(referral)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A1: &str = "whsec_bmV3IHNlY3JldCBmb3IgdGhlIGNhcmUgcGxhbg==";
    const A2: &str = "whsec_b2xkIHNlY3JldCBmb3IgdGhlIGNhcmUgcGxhbg==";
    const B1: &str = "whsec_c3RhdHVzIHVwZGF0ZXMgZnJvbSB0aGUgcGxhbg==";

    fn args(endpoints: &str, shared: Option<&str>, per_endpoint: Option<&str>) -> ReferralArgs {
        ReferralArgs {
            referral_endpoints: Some(endpoints.to_owned()),
            referral_secrets: shared.map(str::to_owned),
            referral_endpoint_secrets: per_endpoint.map(str::to_owned),
            ..ReferralArgs::default()
        }
    }

    #[test]
    fn each_endpoint_signs_with_its_own_secrets_two_during_rotation() {
        let settings = ReferralSettings::from_args(&args(
            "https://a.example.org/hook,fhir:https://b.example.org/fhir",
            None,
            Some(&format!("{A1},{A2};{B1}")),
        ))
        .expect("settings");
        let a = settings.signing_for("https://a.example.org/hook").expect("a's keys");
        let b = settings.signing_for("https://b.example.org/fhir").expect("b's keys");
        assert_eq!(a.raw().count(), 2);
        assert_eq!(b.raw().count(), 1);
        let signature = b.sign("msg_1", 1_700_000_000, b"{}");
        assert_eq!(signature.split(' ').count(), 1);
        assert!(a.raw().all(|key| !b.raw().any(|other| other == key)));
        // One endpoint may still use the single list.
        let single = ReferralSettings::from_args(&args("https://a.example.org/hook", Some(A1), None)).expect("one");
        assert!(single.signing_for("https://a.example.org/hook").is_some());
    }

    #[test]
    fn shared_missing_or_mismatched_secrets_are_refused() {
        let two = "https://a.example.org/hook,https://b.example.org/hook";
        let refused = [
            args(two, Some(A1), None),
            args(two, None, Some(A1)),
            args(two, None, Some(&format!("{A1};{A1}"))),
            args(two, None, Some(&format!("{A1};"))),
            args(two, Some(A1), Some(&format!("{A1};{B1}"))),
            args("https://a.example.org/hook", None, None),
        ];
        for bad in refused {
            let error = ReferralSettings::from_args(&bad).map(|_| ()).expect_err("refused");
            assert!(!error.to_string().contains("whsec_"), "secrets never appear in errors: {error}");
        }
    }
}
