//! Signpost's public pages (home, search results, service, shortlist, crisis help, not found)
//! as Leptos components, marked up with the NHS.UK design system.
//!
//! The server calls the `render_*` functions, which return complete HTML documents. The pages
//! work without JavaScript: searches are GET forms, and shortlist and report forms POST and
//! get a redirect back.

// The results page's view type nests deeper than the default limit of 128.
#![recursion_limit = "256"]

#[allow(unreachable_pub, reason = "#[component] generates pub builder items even for pub(crate) components")]
mod components;
mod contacts;
#[allow(unreachable_pub, reason = "#[component] generates pub builder items even for pub(crate) components")]
mod pages;
mod query;
mod text;
mod view_model;

pub use components::{with_viewer, Viewer};
pub use contacts::{national_crisis_contacts, with_contacts, Contact, CrisisAnswer, LocalContacts};
pub use pages::commissioning::{render_commissioning, CommissioningPage, DataTable, Figure, ReportFilters};
pub use pages::console::{render_console, render_notice, render_review_queue, ConsolePage, ReviewQueuePage, ReviewRow};
pub use pages::console_accounts::{render_accounts, AccountRow, AccountsPage};
pub use pages::console_imports::{
    render_import_batch, render_import_list, render_staged_record, DiffRow, ImportBatchPage, ImportListPage, ImportRow,
    StagedRecordPage, StagedRow,
};
pub use pages::console_inbox::{render_inbox, render_suggest, InboxPage, InboxRow, SuggestPage};
pub use pages::console_insight::{
    render_insight, render_synonyms, InsightPage, InsightRow, SynonymsPage, INSIGHT_PERIODS,
};
pub use pages::console_services::{
    render_history, render_record, render_record_edit, render_record_list, Choice, HistoryPage, HistoryRow,
    RecordEditPage, RecordFields, RecordFilters, RecordListPage, RecordPage, RecordRow,
};
pub use pages::crisis::render_crisis;
pub use pages::helpline::{
    age_bands, barriers, outcomes, render_helpline, render_local_help, render_log_query, render_unmet_need,
    render_unmet_need_list, specialties, support_levels, HelplinePage, LocalHelpPage, LogQueryForm, LogQueryPage,
    RoleCard, StaffResult, UnmetNeedForm, UnmetNeedListPage, UnmetNeedPage, UnmetNeedRow,
};
pub use pages::helpline_console::{
    render_found_elsewhere, render_internal_note, render_local_role_edit, render_local_roles, FoundElsewherePage,
    FoundElsewhereRow, InternalNotePage, LocalRoleEditPage, LocalRoleForm, LocalRoleRow, LocalRolesPage,
};
pub use pages::home::render_home;
pub use pages::information::{
    render_accessibility, render_cookies, render_privacy, AccessibilityPage, CookieRow, CookiesPage, PrivacyPage,
};
pub use pages::login::{render_login, LoginPage};
pub use pages::not_found::render_not_found;
pub use pages::referrals::{
    render_dead_letters, render_referral, render_referral_form, render_referral_list, DeadLetterRow, DeadLettersPage,
    DeliveryLogRow, ReferralFormPage, ReferralListPage, ReferralPage, ReferralRow,
};
pub use pages::results::render_results;
pub use pages::service::render_service;
pub use pages::shortlist::{render_shortlist, render_shortlist_print, shortlist_plain_text};
pub use view_model::{
    FieldError, NeedOption, ReportForm, ResultItem, ResultsPage, SearchForm, ServicePage, ShortlistItem, ShortlistPage,
};

/// The stylesheet served at `/static/signpost.css` (the pages link to it).
pub const STYLESHEET: &str = include_str!("../style/signpost.css");

/// Reasons offered in "Report a problem with this page", as (`reason` value, label).
pub const REPORT_REASONS: &[(&str, &str)] = &[
    ("phone", "The phone number is wrong"),
    ("address", "The address or map is wrong"),
    ("hours", "The opening times are wrong"),
    ("closed", "The service has closed"),
    ("other", "Something else is wrong"),
];

#[cfg(test)]
mod test_support;
