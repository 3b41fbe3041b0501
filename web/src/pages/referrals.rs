//! Staff pages for recording referrals in the integrated care plan: the form, the list
//! with statuses, one referral with its delivery log, and the dead letters with replay.

use leptos::prelude::*;

use crate::{
    components::{render_document, Section, Shell},
    pages::console_services::Choice,
    view_model::FieldError,
};

/// The "record in the care plan" form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralFormPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The chosen services as (id, name).
    pub services: Vec<Choice>,
    /// Support levels as (code, label).
    pub levels: Vec<Choice>,
    /// Expected actions as (code, label).
    pub actions: Vec<Choice>,
    /// The chosen level's code.
    pub level: String,
    /// The ticked actions' codes.
    pub ticked: Vec<String>,
    /// The care plan reference as typed.
    pub reference: String,
    /// The note as typed.
    pub note: String,
    /// What is wrong, per field.
    pub errors: Vec<FieldError>,
}

/// One referral in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralRow {
    /// Its id.
    pub id: String,
    /// When it was recorded, for people.
    pub recorded: String,
    /// The care plan reference.
    pub reference: String,
    /// The services' names, joined.
    pub services: String,
    /// The support level.
    pub level: String,
    /// The status, for people.
    pub status: String,
    /// Whether it has reached the care plan.
    pub delivery: String,
}

/// The referral list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralListPage {
    /// The newest referrals.
    pub rows: Vec<ReferralRow>,
    /// How many events could not be delivered (an alert when not zero).
    pub dead_letters: i64,
    /// Whether this is the team view (everyone's referrals) rather than one's own.
    pub team: bool,
    /// Whether the person may open the team view (a referrals lead or an admin).
    pub can_see_team: bool,
}

/// One delivery attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryLogRow {
    /// When.
    pub at: String,
    /// The event type.
    pub event: String,
    /// The endpoint.
    pub endpoint: String,
    /// The answer's status code, or "No answer".
    pub status: String,
    /// How long it took, such as "120 ms".
    pub duration: String,
    /// What went wrong, if anything.
    pub error: String,
}

/// One referral.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralPage {
    /// Its id.
    pub id: String,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// A message after an action, such as "Referral recorded".
    pub notice: Option<String>,
    /// Rows of (label, value) for the summary list.
    pub summary: Vec<(String, String)>,
    /// The services as (name, link).
    pub services: Vec<Choice>,
    /// Each event's delivery state as (event, endpoint, state).
    pub events: Vec<(String, String, String)>,
    /// The delivery log, oldest first.
    pub log: Vec<DeliveryLogRow>,
    /// Whether staff may still withdraw it.
    pub can_withdraw: bool,
}

/// One dead-lettered event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadLetterRow {
    /// The webhook id.
    pub webhook_id: String,
    /// The referral's id.
    pub referral_id: String,
    /// The event type.
    pub event: String,
    /// The endpoint.
    pub endpoint: String,
    /// Attempts made.
    pub attempts: i64,
    /// When delivery was given up.
    pub dead_at: String,
    /// The last error.
    pub last_error: String,
}

/// The dead letters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadLettersPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// A message after a replay.
    pub notice: Option<String>,
    /// The dead letters, newest first.
    pub rows: Vec<DeadLetterRow>,
    /// Whether this is the team view (everyone's) rather than one's own referrals'.
    pub team: bool,
    /// Whether the person may open the team view (a referrals lead or an admin).
    pub can_see_team: bool,
}

/// Returns the form as a complete HTML document.
pub fn render_referral_form(page: &ReferralFormPage) -> String {
    let page = page.clone();
    render_document(view! { <ReferralFormView page=page /> })
}

/// Returns the list as a complete HTML document.
pub fn render_referral_list(page: &ReferralListPage) -> String {
    let page = page.clone();
    render_document(view! { <ReferralListView page=page /> })
}

/// Returns one referral as a complete HTML document.
pub fn render_referral(page: &ReferralPage) -> String {
    let page = page.clone();
    render_document(view! { <ReferralView page=page /> })
}

/// Returns the dead letters as a complete HTML document.
pub fn render_dead_letters(page: &DeadLettersPage) -> String {
    let page = page.clone();
    render_document(view! { <DeadLettersView page=page /> })
}

fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors.iter().find(|error| error.field == field).map(|error| error.message.clone())
}

fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    }
}

fn error_message(id: &'static str, message: Option<String>) -> impl IntoView {
    message.map(|message| {
        view! {
            <span class="nhsuk-error-message" id=format!("{id}-error")>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>
                {message}
            </span>
        }
    })
}

#[component]
fn ReferralFormView(page: ReferralFormPage) -> impl IntoView {
    let errors = page.errors.clone();
    let title = if errors.is_empty() {
        "Record in the care plan".to_owned()
    } else {
        "Error: Record in the care plan".to_owned()
    };
    let summary = (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|error| view! { <li><a href=format!("#{}", error.field)>{error.message.clone()}</a></li> })
            .collect_view();
        view! {
            <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" tabindex="-1">
                <div role="alert">
                    <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                    <div class="nhsuk-error-summary__body">
                        <ul class="nhsuk-list nhsuk-error-summary__list">{items}</ul>
                    </div>
                </div>
            </div>
        }
    });
    let services_error = error_for(&errors, "services");
    let services_group = services_error.is_some();
    let services = page
        .services
        .iter()
        .map(|(id, name)| view! { <li>{name.clone()}<input type="hidden" name="service" value=id.clone() /></li> })
        .collect_view();
    let level_error = error_for(&errors, "support_level");
    let level_group = level_error.is_some();
    let levels = page
        .levels
        .iter()
        .enumerate()
        .map(|(n, (code, label))| {
            let id = if n == 0 { "support_level".to_owned() } else { format!("support_level-{code}") };
            let checked = page.level == *code;
            view! {
                <div class="nhsuk-radios__item">
                    <input class="nhsuk-radios__input" id=id.clone() name="support_level" type="radio" value=code.clone() checked=checked />
                    <label class="nhsuk-label nhsuk-radios__label" for=id>{label.clone()}</label>
                </div>
            }
        })
        .collect_view();
    let actions_error = error_for(&errors, "actions");
    let actions_group = actions_error.is_some();
    let actions = page
        .actions
        .iter()
        .enumerate()
        .map(|(n, (code, label))| {
            let id = if n == 0 { "actions".to_owned() } else { format!("actions-{code}") };
            let checked = page.ticked.contains(code);
            view! {
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=id.clone() name="action" type="checkbox" value=code.clone() checked=checked />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label.clone()}</label>
                </div>
            }
        })
        .collect_view();
    let reference_error = error_for(&errors, "care_plan_reference");
    let reference_group = reference_error.is_some();
    let reference_class = if reference_error.is_some() {
        "nhsuk-input nhsuk-input--width-10 nhsuk-input--error"
    } else {
        "nhsuk-input nhsuk-input--width-10"
    };
    let note_error = error_for(&errors, "note");
    let note_group = note_error.is_some();
    let note_class = if note_error.is_some() { "nhsuk-textarea nhsuk-textarea--error" } else { "nhsuk-textarea" };
    view! {
        <Shell title=title shortlist_count=0 section=Section::None>
            {summary}
            <h1>"Record in the care plan"</h1>
            <form method="post" action="/referrals/new" novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <div class=group_class(services_group) id="services">
                    <h2>"Services"</h2>
                    {error_message("services", services_error)}
                    <ul class="nhsuk-list nhsuk-list--bullet">{services}</ul>
                </div>
                <div class=group_class(level_group)>
                    <fieldset class="nhsuk-fieldset">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Level of support"</legend>
                        {error_message("support_level", level_error)}
                        <div class="nhsuk-radios nhsuk-radios--small">{levels}</div>
                    </fieldset>
                </div>
                <div class=group_class(actions_group)>
                    <fieldset class="nhsuk-fieldset">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Expected actions"</legend>
                        {error_message("actions", actions_error)}
                        <div class="nhsuk-checkboxes nhsuk-checkboxes--small">{actions}</div>
                    </fieldset>
                </div>
                <div class=group_class(reference_group)>
                    <label class="nhsuk-label" for="care_plan_reference">"Care plan reference"</label>
                    <div class="nhsuk-hint" id="care_plan_reference-hint">
                        "As the care plan shows it, such as CP-1234567. Never a name or NHS number."
                    </div>
                    {error_message("care_plan_reference", reference_error)}
                    <input class=reference_class id="care_plan_reference" name="care_plan_reference" type="text"
                        value=page.reference aria-describedby="care_plan_reference-hint" autocomplete="off" spellcheck="false" />
                </div>
                <div class=group_class(note_group)>
                    <label class="nhsuk-label" for="note">"Note (optional)"</label>
                    <div class="nhsuk-hint" id="note-hint">
                        "Do not include names, NHS numbers, dates of birth, full postcodes, phone numbers or email addresses."
                    </div>
                    {error_message("note", note_error)}
                    <textarea class=note_class id="note" name="note" rows="4" aria-describedby="note-hint">{page.note}</textarea>
                </div>
                <button class="nhsuk-button" type="submit">"Record referral"</button>
            </form>
        </Shell>
    }
}

/// The link to the other view (own or team) for people who may see the team's; none for others.
fn view_switch(base: &'static str, team: bool, can_see_team: bool) -> Option<impl IntoView> {
    can_see_team.then(|| {
        let (href, text) = if team {
            (base.to_owned(), "Show my referrals")
        } else {
            (format!("{base}?team=1"), "Show team referrals")
        };
        view! { <p><a href=href>{text}</a></p> }
    })
}

#[component]
fn ReferralListView(page: ReferralListPage) -> impl IntoView {
    let alert = (page.dead_letters > 0).then(|| {
        view! {
            <div class="nhsuk-inset-text" role="alert">
                <h2 class="nhsuk-heading-s">"Not delivered to the care plan"</h2>
                <p>
                    {format!("{} referral events could not be delivered to the care plan. ", page.dead_letters)}
                    <a href=if page.team { "/referrals/dead-letters?team=1" } else { "/referrals/dead-letters" }>
                        "See and resend them"
                    </a>
                </p>
            </div>
        }
    });
    let heading = if page.team { "Team referrals" } else { "My referrals" };
    let switch = view_switch("/referrals", page.team, page.can_see_team);
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <td><a href=format!("/referrals/{}", row.id)>{row.reference}</a></td>
                    <td>{row.recorded}</td>
                    <td>{row.services}</td>
                    <td>{row.level}</td>
                    <td>{row.status}</td>
                    <td>{row.delivery}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title=heading.to_owned() shortlist_count=0 section=Section::None>
            <h1>{heading}</h1>
            {switch}
            {alert}
            <p>"To record a new referral, search for services or open your shortlist and choose “Record in care plan”."</p>
            <div class="signpost-scroll" role="region" aria-label=heading tabindex="0">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption">"Newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Care plan reference"</th>
                            <th scope="col">"Recorded"</th>
                            <th scope="col">"Services"</th>
                            <th scope="col">"Support"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Care plan"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Shell>
    }
}

#[component]
fn ReferralView(page: ReferralPage) -> impl IntoView {
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text"><p>{notice}</p></div> });
    let summary = page
        .summary
        .into_iter()
        .map(|(key, value)| {
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{key}</dt>
                    <dd class="nhsuk-summary-list__value">{value}</dd>
                </div>
            }
        })
        .collect_view();
    let services =
        page.services.into_iter().map(|(name, href)| view! { <li><a href=href>{name}</a></li> }).collect_view();
    let events = page
        .events
        .into_iter()
        .map(|(event, endpoint, state)| view! { <tr><td>{event}</td><td>{endpoint}</td><td>{state}</td></tr> })
        .collect_view();
    let log = page
        .log
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <td>{row.at}</td>
                    <td>{row.event}</td>
                    <td>{row.status}</td>
                    <td>{row.duration}</td>
                    <td>{row.error}</td>
                </tr>
            }
        })
        .collect_view();
    let withdraw = page.can_withdraw.then(|| {
        view! {
            <form method="post" action=format!("/referrals/{}/withdraw", page.id)>
                <input type="hidden" name="csrf_token" value=page.csrf_token.clone() />
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Withdraw referral"</button>
            </form>
        }
    });
    view! {
        <Shell title="Referral".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Referral"</h1>
            {notice}
            <p><a href="/referrals">"All referrals"</a></p>
            <dl class="nhsuk-summary-list">{summary}</dl>
            <h2>"Services"</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">{services}</ul>
            <h2>"Delivery to the care plan"</h2>
            <div class="signpost-scroll" role="region" aria-label="Events" tabindex="0">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption">"Events"</caption>
                    <thead>
                        <tr><th scope="col">"Event"</th><th scope="col">"Endpoint"</th><th scope="col">"State"</th></tr>
                    </thead>
                    <tbody>{events}</tbody>
                </table>
            </div>
            <div class="signpost-scroll" role="region" aria-label="Delivery log" tabindex="0">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption">"Delivery log"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Attempted"</th>
                            <th scope="col">"Event"</th>
                            <th scope="col">"Answer"</th>
                            <th scope="col">"Took"</th>
                            <th scope="col">"Error"</th>
                        </tr>
                    </thead>
                    <tbody>{log}</tbody>
                </table>
            </div>
            {withdraw}
        </Shell>
    }
}

#[component]
fn DeadLettersView(page: DeadLettersPage) -> impl IntoView {
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text"><p>{notice}</p></div> });
    let empty = page
        .rows
        .is_empty()
        .then(|| view! { <p>"Every referral event has been delivered or is still being tried."</p> });
    let scope = if page.team { "Team referrals" } else { "My referrals" };
    let switch = view_switch("/referrals/dead-letters", page.team, page.can_see_team);
    let csrf = page.csrf_token.clone();
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <td><a href=format!("/referrals/{}", row.referral_id)>{row.event}</a></td>
                    <td>{row.endpoint}</td>
                    <td>{row.attempts}</td>
                    <td>{row.dead_at}</td>
                    <td>{row.last_error}</td>
                    <td>
                        <form method="post" action=format!("/referrals/dead-letters/{}/replay", row.webhook_id)>
                            <input type="hidden" name="csrf_token" value=csrf.clone() />
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Resend"</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title="Undelivered referral events".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Undelivered referral events"</h1>
            <p class="nhsuk-body-l">{scope}</p>
            {switch}
            {notice}
            <p>"These events were retried for the maximum time and then set aside. Check the care plan system, then resend."</p>
            {empty}
            <div class="signpost-scroll" role="region" aria-label="Undelivered events" tabindex="0">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption">"Newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Event"</th>
                            <th scope="col">"Endpoint"</th>
                            <th scope="col">"Attempts"</th>
                            <th scope="col">"Given up"</th>
                            <th scope="col">"Last error"</th>
                            <th scope="col">"Action"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn the_form_shows_errors_keeps_input_and_carries_the_token() {
        let html = render_referral_form(&ReferralFormPage {
            csrf_token: "tok".into(),
            services: vec![("a1".into(), "Alder <Club>".into())],
            levels: vec![("needing-help".into(), "Needing help".into())],
            actions: vec![("help-making-contact".into(), "Help making contact".into())],
            level: "needing-help".into(),
            ticked: vec![],
            reference: "CP-12".into(),
            note: String::new(),
            errors: vec![FieldError { field: "actions".into(), message: "Choose at least one expected action".into() }],
        });
        assert_common_page_parts(&html);
        assert!(html.contains(r#"name="csrf_token" value="tok""#));
        assert!(html.contains("Alder &lt;Club&gt;"));
        assert!(html.contains(r##"href="#actions""##) && html.contains(r#"id="actions""#));
        assert!(html.contains(r#"value="CP-12""#));
        assert!(html.contains("<title>Error: "));
    }

    #[test]
    fn lists_alert_on_dead_letters_and_offer_replay() {
        let list = render_referral_list(&ReferralListPage { rows: vec![], dead_letters: 2, ..Default::default() });
        assert_common_page_parts(&list);
        assert!(list.contains("2 referral events could not be delivered"));
        assert!(list.contains("<h1>My referrals</h1>") && !list.contains("?team=1"), "no team link for staff");
        let dead = render_dead_letters(&DeadLettersPage {
            csrf_token: "tok".into(),
            notice: None,
            rows: vec![DeadLetterRow {
                webhook_id: "msg_1".into(),
                referral_id: "r".into(),
                ..DeadLetterRow::default()
            }],
            ..Default::default()
        });
        assert_common_page_parts(&dead);
        assert!(dead.contains(r#"action="/referrals/dead-letters/msg_1/replay""#));
        let one = render_referral(&ReferralPage { id: "r".into(), can_withdraw: true, ..ReferralPage::default() });
        assert_common_page_parts(&one);
        assert!(one.contains(r#"action="/referrals/r/withdraw""#));
    }

    #[test]
    fn a_lead_is_offered_the_other_view_and_told_which_one_this_is() {
        let own = render_referral_list(&ReferralListPage { can_see_team: true, ..Default::default() });
        assert!(own.contains("<h1>My referrals</h1>") && own.contains(r#"href="/referrals?team=1""#), "{own}");
        let team = render_referral_list(&ReferralListPage {
            team: true,
            can_see_team: true,
            dead_letters: 1,
            ..Default::default()
        });
        assert!(team.contains("<h1>Team referrals</h1>") && team.contains(r#"href="/referrals">Show my referrals"#));
        assert!(team.contains(r#"href="/referrals/dead-letters?team=1""#), "the alert keeps the team view");
        let dead = render_dead_letters(&DeadLettersPage { team: true, can_see_team: true, ..Default::default() });
        assert!(
            dead.contains("Team referrals") && dead.contains(r#"href="/referrals/dead-letters">Show my referrals"#)
        );
    }
}
