//! Command-line configuration; every flag is also an environment variable.

use std::{fmt, net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::storage::{RecordStatus, Role};

/// Signpost: the "Supporting Other Needs" directory of community services for
/// Leicester, Leicestershire and Rutland.
#[derive(Debug, Parser)]
#[command(name = "signpost", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
// Parsed once per process, so the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the web service (loads the sample directory into an empty database).
    Serve(ServeArgs),
    /// Manages console accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Imports HSDS 3.0 or Open Referral UK v1 service files.
    Import(ImportArgs),
    /// Writes the published directory as HSDS 3.0 JSON and as the HSDS 3.0 CSV data package.
    Export(ExportArgs),
    /// Rebuilds the search index from the database.
    Reindex(StorageArgs),
    /// Writes a synthetic directory of any size.
    Gen(GenArgs),
    /// Measures index build time, query latency and memory on a synthetic directory.
    Bench(BenchArgs),
    /// Measures search relevance on the judged set (nDCG@10, recall@10, MRR beside BM25).
    Eval(EvalArgs),
    /// Measures server render time and page weight of the public pages on the sample data.
    BenchPages(BenchPagesArgs),
    /// Measures the Open Referral UK feed's page latency and full-harvest speed at scale.
    BenchFeed(BenchFeedArgs),
    /// Measures how fast the referral dispatcher drains a backlog to a local receiver.
    BenchDispatch(BenchDispatchArgs),
    /// Removes what is past its retention period (also done daily by `serve`) and says what.
    Purge(PurgeArgs),
}

/// Where data lives.
#[derive(Clone, Args)]
pub struct StorageArgs {
    /// Directory for the SQLite database (when no database URL is given) and the search index.
    #[arg(long, env = "SIGNPOST_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://…` or `postgres://…`. Default: SQLite in the data directory.
    #[arg(long, env = "SIGNPOST_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Directory of reference data and the sample directory.
    #[arg(long, env = "SIGNPOST_SEED_DIR", default_value = "seed-data")]
    pub seed_dir: PathBuf,
}

impl StorageArgs {
    /// Returns the database URL, defaulting to `signpost.db` in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("signpost.db").display()))
    }

    /// Returns the search index directory.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }
}

// Database URLs may hold passwords, so Debug redacts them.
impl fmt::Debug for StorageArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageArgs")
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_ref().map(|_| "<redacted>"))
            .field("seed_dir", &self.seed_dir)
            .finish()
    }
}

/// `serve` options.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "SIGNPOST_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Public base URL used in API links, e.g. https://signpost.example.org. Default: relative links.
    #[arg(long, env = "SIGNPOST_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Do not load the sample directory into an empty database.
    #[arg(long, env = "SIGNPOST_NO_SAMPLE_DATA")]
    pub no_sample_data: bool,
    /// How often the index checks the change log for writes by other instances, in ms.
    #[arg(long, env = "SIGNPOST_INDEX_POLL_MS", default_value_t = 500)]
    pub index_poll_ms: u64,
    /// A console session unused for this many minutes ends.
    #[arg(long, env = "SIGNPOST_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// A console session ends this many hours after sign-in, however busy.
    #[arg(long, env = "SIGNPOST_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: i64,
    /// Let console imports fetch feeds from private, loopback or link-local addresses (tests and closed networks only).
    #[arg(long, env = "SIGNPOST_IMPORT_ALLOW_PRIVATE")]
    pub import_allow_private: bool,
    /// Referrals to the integrated care plan.
    #[command(flatten)]
    pub referrals: ReferralArgs,
    /// TOML file of local contacts (helpline, central access point, crisis services).
    /// Default: `contacts.sample.toml` in the seed directory (SAMPLE numbers).
    #[arg(long, env = "SIGNPOST_CONTACTS_FILE")]
    pub contacts_file: Option<PathBuf>,
    /// Who runs the service, for the privacy notice and accessibility statement.
    #[command(flatten)]
    pub organisation: OrganisationArgs,
    /// Client addresses behind proxies, and connection limits.
    #[command(flatten)]
    pub network: NetworkArgs,
    /// How long personal-ish records are kept.
    #[command(flatten)]
    pub retention: RetentionArgs,
}

/// Client addresses and connection limits.
#[derive(Debug, Clone, Args)]
pub struct NetworkArgs {
    /// Proxies (CIDRs, comma-separated) whose `X-Forwarded-For` is believed; the client is
    /// the right-most hop that is not one of them. Default: none, the socket peer is the client.
    #[arg(long, env = "SIGNPOST_TRUSTED_PROXIES")]
    pub trusted_proxies: Option<String>,
    /// A connection that has not sent a request's headers this long after it opened (or
    /// after its last answer) is closed, in ms.
    #[arg(long, env = "SIGNPOST_HEADER_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// Connections served at once; more wait to be accepted (also kept below the
    /// file-descriptor limit).
    #[arg(long, env = "SIGNPOST_MAX_CONNECTIONS", default_value_t = 4_096)]
    pub max_connections: usize,
}

impl Default for NetworkArgs {
    fn default() -> Self {
        Self { trusted_proxies: None, header_timeout_ms: 10_000, max_connections: 4_096 }
    }
}

/// Retention periods, in days (0 keeps for ever).
#[derive(Debug, Clone, Args)]
pub struct RetentionArgs {
    /// Helpline query and unmet-need free text (notes, searched words, search links) and
    /// search insight counts are kept this many days; the counts behind reports stay.
    #[arg(long, env = "SIGNPOST_RETAIN_QUERY_LOG_DAYS", default_value_t = 365)]
    pub retain_query_log_days: u32,
    /// "Report a problem" messages and staff suggestions are deleted this many days after they were sent.
    #[arg(long, env = "SIGNPOST_RETAIN_REPORTS_DAYS", default_value_t = 365)]
    pub retain_reports_days: u32,
    /// Referral notes, sent payloads and delivery logs are removed this many days after
    /// the referral was recorded (the referral's status and services stay).
    #[arg(long, env = "SIGNPOST_RETAIN_REFERRAL_PAYLOAD_DAYS", default_value_t = 90)]
    pub retain_referral_payload_days: u32,
}

impl Default for RetentionArgs {
    fn default() -> Self {
        Self { retain_query_log_days: 365, retain_reports_days: 365, retain_referral_payload_days: 90 }
    }
}

/// `purge` options.
#[derive(Debug, Clone, Args)]
pub struct PurgeArgs {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Retention periods.
    #[command(flatten)]
    pub retention: RetentionArgs,
}

impl ServeArgs {
    /// Returns the default settings for a server run inside a tool (a benchmark) on
    /// `storage`, listening on any free local port.
    pub fn in_process(storage: StorageArgs, no_sample_data: bool) -> Self {
        Self {
            storage,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: None,
            no_sample_data,
            index_poll_ms: 500,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            import_allow_private: false,
            referrals: ReferralArgs::default(),
            contacts_file: None,
            organisation: OrganisationArgs::default(),
            network: NetworkArgs::default(),
            retention: RetentionArgs::default(),
        }
    }
}

/// Who runs the service: shown on `/privacy` and `/accessibility`. The defaults are
/// sample text, marked SAMPLE, for the trust to replace before going live.
#[derive(Debug, Clone, Args)]
pub struct OrganisationArgs {
    /// The data controller's name.
    #[arg(long, env = "SIGNPOST_CONTROLLER_NAME", default_value = SAMPLE_CONTROLLER_NAME)]
    pub controller_name: String,
    /// The data controller's postal address.
    #[arg(long, env = "SIGNPOST_CONTROLLER_ADDRESS", default_value = SAMPLE_CONTROLLER_ADDRESS)]
    pub controller_address: String,
    /// How to reach the Data Protection Officer (email or address).
    #[arg(long, env = "SIGNPOST_DPO_CONTACT", default_value = SAMPLE_DPO_CONTACT)]
    pub dpo_contact: String,
    /// How to report an accessibility problem or ask for another format.
    #[arg(long, env = "SIGNPOST_ACCESSIBILITY_CONTACT", default_value = SAMPLE_ACCESSIBILITY_CONTACT)]
    pub accessibility_contact: String,
    /// When the accessibility statement was last reviewed, such as "1 December 2026".
    #[arg(long, env = "SIGNPOST_ACCESSIBILITY_REVIEWED", default_value = SAMPLE_ACCESSIBILITY_REVIEWED)]
    pub accessibility_reviewed: String,
}

/// Sample data controller name (replace before going live).
pub const SAMPLE_CONTROLLER_NAME: &str = "SAMPLE: the NHS trust that runs Signpost (set SIGNPOST_CONTROLLER_NAME)";
/// Sample controller address.
pub const SAMPLE_CONTROLLER_ADDRESS: &str = "SAMPLE: the trust's postal address (set SIGNPOST_CONTROLLER_ADDRESS)";
/// Sample Data Protection Officer contact.
pub const SAMPLE_DPO_CONTACT: &str = "SAMPLE: the Data Protection Officer's email address (set SIGNPOST_DPO_CONTACT)";
/// Sample accessibility contact.
pub const SAMPLE_ACCESSIBILITY_CONTACT: &str =
    "SAMPLE: an email address for accessibility problems (set SIGNPOST_ACCESSIBILITY_CONTACT)";
/// Sample review date.
pub const SAMPLE_ACCESSIBILITY_REVIEWED: &str = "SAMPLE: not yet reviewed (set SIGNPOST_ACCESSIBILITY_REVIEWED)";

impl Default for OrganisationArgs {
    fn default() -> Self {
        Self {
            controller_name: SAMPLE_CONTROLLER_NAME.to_owned(),
            controller_address: SAMPLE_CONTROLLER_ADDRESS.to_owned(),
            dpo_contact: SAMPLE_DPO_CONTACT.to_owned(),
            accessibility_contact: SAMPLE_ACCESSIBILITY_CONTACT.to_owned(),
            accessibility_reviewed: SAMPLE_ACCESSIBILITY_REVIEWED.to_owned(),
        }
    }
}

/// Referral delivery to the care-plan system (Standard Webhooks).
#[derive(Clone, Args)]
pub struct ReferralArgs {
    /// Care-plan endpoints, comma-separated: `https://…` for thin JSON events, `fhir:https://…` for FHIR.
    #[arg(long, env = "SIGNPOST_REFERRAL_ENDPOINTS")]
    pub referral_endpoints: Option<String>,
    /// Signing secrets (`whsec_…`), comma-separated; during rotation give the new and the old.
    /// Only for a single endpoint: with several, each has its own (below).
    #[arg(long, env = "SIGNPOST_REFERRAL_SECRETS")]
    pub referral_secrets: Option<String>,
    /// Each endpoint's own signing secrets, in the order of the endpoints: groups separated
    /// by `;`, secrets within a group by `,` (two during rotation).
    #[arg(long, env = "SIGNPOST_REFERRAL_ENDPOINT_SECRETS")]
    pub referral_endpoint_secrets: Option<String>,
    /// Secrets (`whsec_…`) the care plan signs status updates with, comma-separated.
    #[arg(long, env = "SIGNPOST_REFERRAL_INBOUND_SECRETS")]
    pub referral_inbound_secrets: Option<String>,
    /// Allow endpoints on private, loopback or link-local addresses (tests and closed networks only).
    #[arg(long, env = "SIGNPOST_REFERRAL_ALLOW_PRIVATE")]
    pub referral_allow_private: bool,
    /// What a care-plan reference must look like (a regular expression).
    #[arg(long, env = "SIGNPOST_CARE_PLAN_REFERENCE_PATTERN", default_value = DEFAULT_REFERENCE_PATTERN)]
    pub care_plan_reference_pattern: String,
    /// Time limit of one delivery attempt, in ms.
    #[arg(long, env = "SIGNPOST_REFERRAL_TIMEOUT_MS", default_value_t = 10_000)]
    pub referral_timeout_ms: u64,
    /// Retry delivery for this many hours, then dead-letter.
    #[arg(long, env = "SIGNPOST_REFERRAL_MAX_AGE_HOURS", default_value_t = 72)]
    pub referral_max_age_hours: i64,
    /// First retry delay in ms (doubles per attempt, with jitter).
    #[arg(long, env = "SIGNPOST_REFERRAL_RETRY_BASE_MS", default_value_t = 10_000)]
    pub referral_retry_base_ms: i64,
    /// Longest delay between attempts, in minutes.
    #[arg(long, env = "SIGNPOST_REFERRAL_MAX_DELAY_MINUTES", default_value_t = 60)]
    pub referral_max_delay_minutes: i64,
    /// How often the dispatcher looks for due events, in ms.
    #[arg(long, env = "SIGNPOST_REFERRAL_POLL_MS", default_value_t = 1_000)]
    pub referral_poll_ms: u64,
    /// Events delivered at once per instance.
    #[arg(long, env = "SIGNPOST_REFERRAL_CONCURRENCY", default_value_t = 16)]
    pub referral_concurrency: usize,
}

/// The default care-plan reference: "CP-" and 6 to 10 digits.
pub const DEFAULT_REFERENCE_PATTERN: &str = "^CP-[0-9]{6,10}$";

impl Default for ReferralArgs {
    fn default() -> Self {
        Self {
            referral_endpoints: None,
            referral_secrets: None,
            referral_endpoint_secrets: None,
            referral_inbound_secrets: None,
            referral_allow_private: false,
            care_plan_reference_pattern: DEFAULT_REFERENCE_PATTERN.to_owned(),
            referral_timeout_ms: 10_000,
            referral_max_age_hours: 72,
            referral_retry_base_ms: 10_000,
            referral_max_delay_minutes: 60,
            referral_poll_ms: 1_000,
            referral_concurrency: 16,
        }
    }
}

// Secrets never reach logs.
impl fmt::Debug for ReferralArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReferralArgs")
            .field("referral_endpoints", &self.referral_endpoints)
            .field("referral_secrets", &self.referral_secrets.as_ref().map(|_| "<redacted>"))
            .field("referral_endpoint_secrets", &self.referral_endpoint_secrets.as_ref().map(|_| "<redacted>"))
            .field("referral_inbound_secrets", &self.referral_inbound_secrets.as_ref().map(|_| "<redacted>"))
            .field("referral_allow_private", &self.referral_allow_private)
            .field("care_plan_reference_pattern", &self.care_plan_reference_pattern)
            .finish_non_exhaustive()
    }
}

/// `bench-dispatch` options.
#[derive(Debug, Clone, Args)]
pub struct BenchDispatchArgs {
    /// Referrals in the backlog.
    #[arg(long, env = "SIGNPOST_BENCH_REFERRALS", default_value_t = 10_000)]
    pub referrals: usize,
    /// Events delivered at once.
    #[arg(long, env = "SIGNPOST_REFERRAL_CONCURRENCY", default_value_t = 16)]
    pub concurrency: usize,
    /// Database URL (default: a temporary SQLite file).
    #[arg(long, env = "SIGNPOST_BENCH_DATABASE_URL")]
    pub database_url: Option<String>,
}

/// `import` options.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Status given to imported records.
    #[arg(long, env = "SIGNPOST_IMPORT_STATUS", default_value = "published", value_parser = parse_status)]
    pub status: RecordStatus,
    /// Files to import (JSON object, array, `{"contents": [...]}` page, or NDJSON), HSDS 3.0
    /// CSV data packages (a directory or its `datapackage.json`), or Open Referral UK 3.0
    /// feed URLs (`https://…/api/v1`).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Let feed URLs reach private, loopback or link-local addresses (tests and closed networks only).
    #[arg(long, env = "SIGNPOST_IMPORT_ALLOW_PRIVATE")]
    pub import_allow_private: bool,
}

/// `export` options.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Directory to write `services.json` and the `csv/` data package into.
    #[arg(long, env = "SIGNPOST_EXPORT_OUT")]
    pub out: PathBuf,
}

fn parse_status(text: &str) -> Result<RecordStatus, String> {
    text.parse().map_err(|_| "expected draft, published or archived".to_owned())
}

/// `gen` options.
#[derive(Debug, Clone, Args)]
pub struct GenArgs {
    /// Number of services.
    #[arg(long, env = "SIGNPOST_GEN_SERVICES")]
    pub services: usize,
    /// Output file (`.ndjson` for NDJSON, otherwise a JSON array).
    #[arg(long, env = "SIGNPOST_GEN_OUT")]
    pub out: PathBuf,
    /// Random seed; the same seed gives the same directory.
    #[arg(long, env = "SIGNPOST_GEN_SEED", default_value_t = 1)]
    pub seed: u64,
    /// Directory of reference data (for the taxonomy).
    #[arg(long, env = "SIGNPOST_SEED_DIR", default_value = "seed-data")]
    pub seed_dir: PathBuf,
}

/// `bench` options.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Number of generated services to index.
    #[arg(long, env = "SIGNPOST_BENCH_SERVICES", default_value_t = 100_000)]
    pub services: usize,
    /// Number of queries to time.
    #[arg(long, env = "SIGNPOST_BENCH_QUERIES", default_value_t = 2_000)]
    pub queries: usize,
    /// Random seed.
    #[arg(long, env = "SIGNPOST_BENCH_SEED", default_value_t = 1)]
    pub seed: u64,
    /// Directory of reference data.
    #[arg(long, env = "SIGNPOST_SEED_DIR", default_value = "seed-data")]
    pub seed_dir: PathBuf,
}

/// `eval` options.
#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// Directory of reference data, the sample directory and the judged set.
    #[arg(long, env = "SIGNPOST_SEED_DIR", default_value = "seed-data")]
    pub seed_dir: PathBuf,
    /// The judged set (default: eval/relevance.json in the seed-data directory).
    #[arg(long)]
    pub set: Option<PathBuf>,
    /// Also print each query's result grades.
    #[arg(long)]
    pub verbose: bool,
}

/// `bench-feed` options.
#[derive(Debug, Clone, Args)]
pub struct BenchFeedArgs {
    /// Number of generated services (loaded once into the data directory, then reused).
    #[arg(long, env = "SIGNPOST_BENCH_SERVICES", default_value_t = 100_000)]
    pub services: usize,
    /// Page requests timed.
    #[arg(long, env = "SIGNPOST_BENCH_REQUESTS", default_value_t = 500)]
    pub requests: usize,
    /// Random seed.
    #[arg(long, env = "SIGNPOST_BENCH_SEED", default_value_t = 1)]
    pub seed: u64,
    /// Directory for the benchmark's SQLite database and index (kept, so later runs skip loading).
    #[arg(long, env = "SIGNPOST_BENCH_DATA_DIR", default_value = "bench-data")]
    pub data_dir: PathBuf,
    /// Directory of reference data.
    #[arg(long, env = "SIGNPOST_SEED_DIR", default_value = "seed-data")]
    pub seed_dir: PathBuf,
}

/// `bench-pages` options.
#[derive(Debug, Clone, Args)]
pub struct BenchPagesArgs {
    /// Requests timed per page kind.
    #[arg(long, env = "SIGNPOST_BENCH_REQUESTS", default_value_t = 300)]
    pub requests: usize,
    /// Directory of reference data and the sample directory.
    #[arg(long, env = "SIGNPOST_SEED_DIR", default_value = "seed-data")]
    pub seed_dir: PathBuf,
}

/// `user` subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Creates a user. The password is read from `SIGNPOST_USER_PASSWORD` or standard
    /// input, never from the command line (where `ps` and shell history would keep it).
    Add(UserAddArgs),
    /// Lists every account with its roles and whether it is disabled.
    List(StorageOnly),
    /// Disables an account and ends its sessions at once.
    Disable(UserEmailArgs),
    /// Enables a disabled account.
    Enable(UserEmailArgs),
    /// Replaces an account's roles (and ends its sessions, so the change applies at once).
    SetRoles(UserRolesArgs),
    /// Sets a new password (read like `user add`'s) and ends the account's sessions.
    ResetPassword(UserEmailArgs),
}

/// Options of a command that needs only storage.
#[derive(Debug, Clone, Args)]
pub struct StorageOnly {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
}

/// Options naming one account.
#[derive(Debug, Clone, Args)]
pub struct UserEmailArgs {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
    /// The account's email.
    #[arg(long)]
    pub email: String,
}

/// `user set-roles` options.
#[derive(Debug, Clone, Args)]
pub struct UserRolesArgs {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
    /// The account's email.
    #[arg(long)]
    pub email: String,
    /// The roles, repeated or comma-separated: admin, curator, staff, commissioner, referrals_lead.
    #[arg(long = "role", required = true, value_delimiter = ',', value_parser = parse_role)]
    pub roles: Vec<Role>,
}

/// `user add` options.
#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    /// Storage.
    #[command(flatten)]
    pub storage: StorageArgs,
    /// admin, curator, staff, commissioner or referrals_lead; repeat (or comma-separate) for several.
    #[arg(long = "role", required = true, value_delimiter = ',', value_parser = parse_role)]
    pub roles: Vec<Role>,
    /// Their email, used to sign in.
    #[arg(long)]
    pub email: String,
    /// Their name, shown in the console.
    #[arg(long)]
    pub name: String,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse().map_err(|_| "expected admin, curator, staff, commissioner or referrals_lead".to_owned())
}

#[cfg(test)]
mod env_example;
