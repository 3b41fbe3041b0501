//! The staff helpline: search with the detail staff need (eligibility, how to be
//! referred, curators' internal notes), logging a query, recording an unmet need, and
//! "who can help in this area". Free text typed here is checked by the server's
//! patient-data guard; the person's postcode is used for the area and never stored.

use leptos::prelude::*;

use crate::{
    components::{render_document, CrisisPanel, Section, Shell, TextField},
    pages::{
        console_services::Choice,
        helpline_forms::{choice_group, error_summary, select, summary_row, text_input},
    },
    view_model::FieldError,
};

/// One service as staff see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffResult {
    /// Service id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Organisation.
    pub organisation: String,
    /// Short description.
    pub summary: String,
    /// Key facts, such as "1.2 km away", "Free", "Phone: …".
    pub facts: Vec<String>,
    /// Who it is for.
    pub eligibility: String,
    /// How to be referred or apply.
    pub how_to_access: String,
    /// Curators' note for staff.
    pub internal_note: String,
}

/// The staff search page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelplinePage {
    /// Words searched for.
    pub q: String,
    /// Where (postcode, district or town).
    pub location: String,
    /// Need slug.
    pub need: String,
    /// Needs for the select.
    pub needs: Vec<Choice>,
    /// Audience slug ("Who is the help for?"), or empty for anyone.
    pub audience: String,
    /// Whether a search was made.
    pub searched: bool,
    /// Services found.
    pub total: usize,
    /// This page of results.
    pub results: Vec<StaffResult>,
    /// A problem with the search.
    pub error: Option<FieldError>,
    /// A message after logging, such as "Query logged".
    pub notice: Option<String>,
    /// The crisis answer, when the words say someone is at risk now; shown before any result.
    pub crisis: Option<crate::contacts::CrisisAnswer>,
}

/// What the log form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogQueryForm {
    /// Need slugs.
    pub needs: Vec<String>,
    /// advice_information, needing_help or needing_more_help.
    pub support_level: String,
    /// camhs, adult, older_people or learning_disabilities.
    pub specialty: String,
    /// The person's postcode or town (for the area only; never stored).
    pub postcode: String,
    /// found, found_elsewhere or no_suitable_service.
    pub outcome: String,
    /// Suggested service ids.
    pub services: Vec<String>,
    /// What was searched for.
    pub search_text: String,
    /// The search's link.
    pub search_url: String,
    /// Notes.
    pub notes: String,
}

/// The "Log this query" page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogQueryPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Needs to tick.
    pub needs: Vec<Choice>,
    /// The suggested services, as (id, name).
    pub services: Vec<Choice>,
    /// Values.
    pub form: LogQueryForm,
    /// Problems.
    pub errors: Vec<FieldError>,
}

/// What the unmet-need form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnmetNeedForm {
    /// The logged query it follows, if any.
    pub query_id: String,
    /// Need area slug.
    pub need: String,
    /// Sub-need slug.
    pub sub_need: String,
    /// District code.
    pub district: String,
    /// PCN code.
    pub pcn: String,
    /// Specialty.
    pub specialty: String,
    /// Age band.
    pub age_band: String,
    /// Support level.
    pub support_level: String,
    /// What was searched and tried.
    pub searched: String,
    /// The search's link.
    pub search_url: String,
    /// Barrier codes.
    pub barriers: Vec<String>,
    /// Description.
    pub description: String,
}

/// The unmet-need page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnmetNeedPage {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Need areas.
    pub need_areas: Vec<Choice>,
    /// Sub-needs, labelled with their area.
    pub sub_needs: Vec<Choice>,
    /// Districts.
    pub districts: Vec<Choice>,
    /// PCNs.
    pub pcns: Vec<Choice>,
    /// Values.
    pub form: UnmetNeedForm,
    /// Problems.
    pub errors: Vec<FieldError>,
}

/// One of a member of staff's own unmet needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnmetNeedRow {
    /// "YYYY-MM".
    pub month: String,
    /// Need (and sub-need) in words.
    pub need: String,
    /// District and PCN in words.
    pub area: String,
    /// Barriers in words.
    pub barriers: String,
    /// Description.
    pub description: String,
}

/// A member of staff's recent unmet needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnmetNeedListPage {
    /// Newest first.
    pub rows: Vec<UnmetNeedRow>,
    /// A message after saving.
    pub notice: Option<String>,
}

/// One local role as staff see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleCard {
    /// Job title.
    pub title: String,
    /// Kind, in words.
    pub kind: String,
    /// Organisation.
    pub organisation: String,
    /// Where it covers, in words.
    pub area: String,
    /// How to reach them.
    pub how_to_contact: String,
    /// Anything else.
    pub notes: String,
}

/// "Who can help in this area".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalHelpPage {
    /// Postcode or town typed.
    pub postcode: String,
    /// District chosen.
    pub district: String,
    /// PCN chosen.
    pub pcn: String,
    /// Districts.
    pub districts: Vec<Choice>,
    /// PCNs.
    pub pcns: Vec<Choice>,
    /// The area found, in words ("Leicester, Belgrave & Spinney Hill PCN").
    pub area_label: Option<String>,
    /// Roles for the PCN.
    pub pcn_roles: Vec<RoleCard>,
    /// Roles for the district as a whole.
    pub district_roles: Vec<RoleCard>,
    /// A problem with the area.
    pub error: Option<FieldError>,
}

/// The support levels, as (value, label).
pub fn support_levels() -> Vec<Choice> {
    pairs(&[
        ("advice_information", "Advice and information"),
        ("needing_help", "Needing help"),
        ("needing_more_help", "Needing more help"),
    ])
}

/// The specialties, as (value, label).
pub fn specialties() -> Vec<Choice> {
    pairs(&[
        ("camhs", "CAMHS (children and young people)"),
        ("adult", "Adult"),
        ("older_people", "Older people"),
        ("learning_disabilities", "Learning disabilities"),
    ])
}

/// Who help is for (the search filter's `audience` values), as (value, label).
pub fn audiences() -> Vec<Choice> {
    pairs(&crate::components::filters::AUDIENCE_CHOICES)
}

/// The outcomes of a query, as (value, label).
pub fn outcomes() -> Vec<Choice> {
    pairs(&[
        ("found", "Found on Signpost"),
        ("found_elsewhere", "Found elsewhere: pass it to the curator to add"),
        ("no_suitable_service", "No suitable service: record an unmet need next"),
    ])
}

/// The age bands, as (value, label).
pub fn age_bands() -> Vec<Choice> {
    pairs(&[
        ("under_16", "Under 16"),
        ("16_17", "16 to 17"),
        ("18_24", "18 to 24"),
        ("25_64", "25 to 64"),
        ("65_plus", "65 or over"),
        ("not_known", "Not known"),
    ])
}

/// The barriers, as (value, label).
pub fn barriers() -> Vec<Choice> {
    pairs(&[
        ("cost", "Cost"),
        ("distance", "Distance"),
        ("waiting_list", "Waiting list"),
        ("eligibility", "Eligibility"),
        ("language", "Language"),
        ("none_exists", "No such service exists"),
        ("no_capacity", "No capacity"),
    ])
}

fn pairs(items: &[(&str, &str)]) -> Vec<Choice> {
    items.iter().map(|(value, label)| ((*value).to_owned(), (*label).to_owned())).collect()
}

/// Returns the staff search page.
pub fn render_helpline(page: &HelplinePage) -> String {
    let page = page.clone();
    render_document(view! { <HelplineView page=page /> })
}

/// Returns the "Log this query" page.
pub fn render_log_query(page: &LogQueryPage) -> String {
    let page = page.clone();
    render_document(view! { <LogQueryView page=page /> })
}

/// Returns the unmet-need form.
pub fn render_unmet_need(page: &UnmetNeedPage) -> String {
    let page = page.clone();
    render_document(view! { <UnmetNeedView page=page /> })
}

/// Returns a member of staff's recent unmet needs.
pub fn render_unmet_need_list(page: &UnmetNeedListPage) -> String {
    let page = page.clone();
    render_document(view! { <UnmetNeedListView page=page /> })
}

/// Returns "Who can help in this area".
pub fn render_local_help(page: &LocalHelpPage) -> String {
    let page = page.clone();
    render_document(view! { <LocalHelpView page=page /> })
}

fn helpline_links() -> impl IntoView {
    view! {
        <ul class="nhsuk-list">
            <li><a href="/helpline">"Search"</a></li>
            <li><a href="/helpline/local-help">"Who can help in this area"</a></li>
            <li><a href="/helpline/unmet-needs">"Your unmet needs"</a></li>
        </ul>
    }
}

fn staff_card(result: StaffResult) -> impl IntoView {
    let care_plan = format!("/referrals/new?service={}", result.id);
    let checkbox_id = format!("service-{}", result.id);
    let facts = result.facts.into_iter().map(|fact| view! { <li>{fact}</li> }).collect_view();
    let note = (!result.internal_note.trim().is_empty()).then(|| {
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p><strong>"Internal note: "</strong>{result.internal_note.clone()}</p>
            </div>
        }
    });
    view! {
        <li class="signpost-result nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m">
                    <a href=format!("/services/{}", result.id)>{result.name.clone()}</a>
                </h2>
                <p>{result.organisation}</p>
                <p>{result.summary}</p>
                <ul class="nhsuk-list">{facts}</ul>
                <dl class="nhsuk-summary-list">
                    {summary_row("Who it is for", result.eligibility)}
                    {summary_row("How to refer or apply", result.how_to_access)}
                </dl>
                {note}
                <p><a href=care_plan>"Record in care plan"<span class="nhsuk-u-visually-hidden">{format!(": {}", result.name)}</span></a></p>
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id=checkbox_id.clone() name="service" type="checkbox" value=result.id />
                        <label class="nhsuk-label nhsuk-checkboxes__label" for=checkbox_id>
                            "Include in the logged query"
                            <span class="nhsuk-u-visually-hidden">{format!(": {}", result.name)}</span>
                        </label>
                    </div>
                </div>
            </div>
        </li>
    }
}

#[component]
fn HelplineView(page: HelplinePage) -> impl IntoView {
    let title = if page.error.is_some() { "Error: Helpline search" } else { "Helpline search" };
    let errors: Vec<FieldError> = page.error.clone().into_iter().collect();
    let q_error = page.error.as_ref().filter(|e| e.field == "q").map(|e| e.message.clone());
    let location_error = page.error.as_ref().filter(|e| e.field == "location").map(|e| e.message.clone());
    let notice = page.notice.clone().map(|notice| view! { <div class="nhsuk-inset-text"><p>{notice}</p></div> });
    // The crisis answer comes before any result, and shows even when the place was not understood.
    let crisis = page.crisis.clone().map(|answer| view! { <CrisisPanel answer=answer /> });
    let results = (page.searched && page.error.is_none()).then(|| {
        let count = if page.total == 0 && page.results.is_empty() {
            let words = page.q.trim();
            if words.is_empty() {
                "No services found".to_owned()
            } else {
                format!("No services found for ‘{words}’")
            }
        } else {
            format!("{} {} found", page.total, if page.total == 1 { "service" } else { "services" })
        };
        // Nothing found: the next step is to record the gap, prefilled with this search.
        let unmet_need = (page.total == 0 && page.results.is_empty()).then(|| {
            let form = crate::view_model::SearchForm {
                q: page.q.clone(),
                need: Some(page.need.clone()).filter(|need| !need.is_empty()),
                ..crate::view_model::SearchForm::default()
            };
            view! { <p><a href=crate::components::unmet_need_url(&form)>"Log an unmet need"</a>" for this search"</p> }
        });
        let cards = page.results.clone().into_iter().map(staff_card).collect_view();
        view! {
            <h2>{count}</h2>
            {unmet_need}
            <form action="/helpline/log" method="get">
                <input type="hidden" name="q" value=page.q.clone() />
                <input type="hidden" name="need" value=page.need.clone() />
                <input type="hidden" name="location" value=page.location.clone() />
                <ol class="nhsuk-list signpost-results" aria-label="Services">{cards}</ol>
                <button class="nhsuk-button" type="submit">"Log this query"</button>
            </form>
        }
    });
    view! {
        <Shell title=title.to_owned() shortlist_count=0 section=Section::None>
            {error_summary(&errors)}
            <h1>"Helpline search"</h1>
            {notice}
            {helpline_links()}
            <form action="/helpline" method="get" role="search" aria-label="Search for services for a caller">
                <TextField id="q" label="What is the person looking for?" value=page.q.clone() error=q_error />
                <TextField
                    id="location"
                    label="Where? Postcode, district or town"
                    hint="Used for this search only"
                    value=page.location.clone()
                    error=location_error
                    width_class="nhsuk-input--width-10"
                />
                {select("need", "Need", "Any need", page.needs.clone(), page.need.clone(), &errors)}
                {select("audience", "Who is the help for?", "Anyone", audiences(), page.audience.clone(), &errors)}
                <button class="nhsuk-button" type="submit">"Search"</button>
            </form>
            {crisis}
            {results}
            <p><a href="/helpline/log">"Log a query without a search"</a></p>
        </Shell>
    }
}

#[component]
fn LogQueryView(page: LogQueryPage) -> impl IntoView {
    let errors = page.errors.clone();
    let title = if errors.is_empty() { "Log this query" } else { "Error: Log this query" };
    let f = page.form;
    let services = (!page.services.is_empty()).then(|| {
        let items = page
            .services
            .iter()
            .map(|(id, name)| {
                view! {
                    <li>{name.clone()}<input type="hidden" name="services" value=id.clone() /></li>
                }
            })
            .collect_view();
        view! {
            <h2 class="nhsuk-heading-s">"Services suggested"</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
        }
    });
    let searched = (!f.search_text.is_empty()).then(|| view! { <p>"Search: “"{f.search_text.clone()}"”"</p> });
    view! {
        <Shell title=title.to_owned() shortlist_count=0 section=Section::None>
            {error_summary(&errors)}
            <h1>"Log this query"</h1>
            <p>"Do not record anything that identifies the person: no names, full postcodes, dates of birth, NHS numbers, phone numbers or email addresses."</p>
            <form action="/helpline/log" method="post" novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <input type="hidden" name="search_text" value=f.search_text.clone() />
                <input type="hidden" name="search_url" value=f.search_url.clone() />
                {searched}
                {services}
                {choice_group("needs", "What did they need?", page.needs, f.needs, &errors, true)}
                {choice_group("support_level", "Support level", support_levels(), vec![f.support_level], &errors, false)}
                {choice_group("specialty", "Specialty", specialties(), vec![f.specialty], &errors, false)}
                {text_input(
                    "postcode",
                    "The person's postcode or town",
                    Some("Used only to work out the district and primary care network; it is not saved."),
                    f.postcode,
                    &errors,
                    false,
                )}
                {choice_group("outcome", "Outcome", outcomes(), vec![f.outcome], &errors, false)}
                {text_input(
                    "notes",
                    "Notes",
                    Some("If found elsewhere, say what and where so the curator can add it."),
                    f.notes,
                    &errors,
                    true,
                )}
                <button class="nhsuk-button" type="submit">"Log query"</button>
            </form>
            <p><a href="/helpline">"Back to helpline search"</a></p>
        </Shell>
    }
}

#[component]
fn UnmetNeedView(page: UnmetNeedPage) -> impl IntoView {
    let errors = page.errors.clone();
    let title = if errors.is_empty() { "Record an unmet need" } else { "Error: Record an unmet need" };
    let f = page.form;
    // The link comes back from a posted form, so only a search on this site is linked.
    let link = (f.search_url.starts_with("/search?") && !f.search_url.starts_with("//")).then(|| {
        view! { <p><a href=f.search_url.clone()>"The search that was tried"</a></p> }
    });
    view! {
        <Shell title=title.to_owned() shortlist_count=0 section=Section::None>
            {error_summary(&errors)}
            <h1>"Record an unmet need"</h1>
            <p>"Do not record anything that identifies the person."</p>
            <form action="/helpline/unmet-needs/new" method="post" novalidate>
                <input type="hidden" name="csrf_token" value=page.csrf_token />
                <input type="hidden" name="query_id" value=f.query_id />
                <input type="hidden" name="search_url" value=f.search_url.clone() />
                {select("need", "Need", "Choose a need", page.need_areas, f.need, &errors)}
                {select("sub_need", "Sub-need (optional)", "None", page.sub_needs, f.sub_need, &errors)}
                {select("district", "District", "Not known", page.districts, f.district, &errors)}
                {select("pcn", "Primary care network (optional)", "Not known", page.pcns, f.pcn, &errors)}
                {choice_group("specialty", "Specialty", specialties(), vec![f.specialty], &errors, false)}
                {choice_group("age_band", "Age band", age_bands(), vec![f.age_band], &errors, false)}
                {choice_group("support_level", "Support level", support_levels(), vec![f.support_level], &errors, false)}
                {text_input("searched", "What was searched and tried", None, f.searched, &errors, true)}
                {link}
                {choice_group("barriers", "Barriers", barriers(), f.barriers, &errors, true)}
                {text_input("description", "Describe the need", None, f.description, &errors, true)}
                <button class="nhsuk-button" type="submit">"Record unmet need"</button>
            </form>
            <p><a href="/helpline">"Back to helpline search"</a></p>
        </Shell>
    }
}

#[component]
fn UnmetNeedListView(page: UnmetNeedListPage) -> impl IntoView {
    let notice = page.notice.map(|notice| view! { <div class="nhsuk-inset-text"><p>{notice}</p></div> });
    let body = if page.rows.is_empty() {
        view! { <p>"You have not recorded any unmet needs yet."</p> }.into_any()
    } else {
        page.rows
            .into_iter()
            .map(|row| {
                view! {
                    <div class="nhsuk-card">
                        <div class="nhsuk-card__content">
                            <h2 class="nhsuk-card__heading nhsuk-heading-s">{format!("{}: {}", row.month, row.need)}</h2>
                            <dl class="nhsuk-summary-list">
                                {summary_row("Area", row.area)}
                                {summary_row("Barriers", row.barriers)}
                                {summary_row("Description", row.description)}
                            </dl>
                        </div>
                    </div>
                }
            })
            .collect_view()
        .into_any()
    };
    view! {
        <Shell title="Your unmet needs".to_owned() shortlist_count=0 section=Section::None>
            <h1>"Your unmet needs"</h1>
            {notice}
            {body}
            <p><a href="/helpline/unmet-needs/new">"Record an unmet need"</a></p>
            <p><a href="/helpline">"Back to helpline search"</a></p>
        </Shell>
    }
}

fn role_list(heading: String, roles: Vec<RoleCard>) -> impl IntoView {
    let body = if roles.is_empty() {
        view! { <p>"No one is listed yet."</p> }.into_any()
    } else {
        roles
            .into_iter()
            .map(|role| {
                view! {
                    <div class="nhsuk-card">
                        <div class="nhsuk-card__content">
                            <h3 class="nhsuk-card__heading nhsuk-heading-s">{role.title}</h3>
                            <dl class="nhsuk-summary-list">
                                {summary_row("Role", role.kind)}
                                {summary_row("Organisation", role.organisation)}
                                {summary_row("Covers", role.area)}
                                {summary_row("How to contact", role.how_to_contact)}
                                {summary_row("Notes", role.notes)}
                            </dl>
                        </div>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h2>{heading}</h2>
        {body}
    }
}

#[component]
fn LocalHelpView(page: LocalHelpPage) -> impl IntoView {
    let errors: Vec<FieldError> = page.error.clone().into_iter().collect();
    let title = if errors.is_empty() { "Who can help in this area" } else { "Error: Who can help in this area" };
    let found = page.area_label.clone().map(|label| {
        view! {
            <p class="nhsuk-lede-text">{format!("Area: {label}")}</p>
            {role_list("In this primary care network".to_owned(), page.pcn_roles.clone())}
            {role_list("Across the district".to_owned(), page.district_roles.clone())}
        }
    });
    view! {
        <Shell title=title.to_owned() shortlist_count=0 section=Section::None>
            {error_summary(&errors)}
            <h1>"Who can help in this area"</h1>
            {helpline_links()}
            <form action="/helpline/local-help" method="get">
                {text_input(
                    "postcode",
                    "The person's postcode or town",
                    Some("Used to find the area only; it is not saved."),
                    page.postcode.clone(),
                    &errors,
                    false,
                )}
                <p>"Or choose an area:"</p>
                {select("district", "District", "Any district", page.districts.clone(), page.district.clone(), &errors)}
                {select("pcn", "Primary care network", "Any primary care network", page.pcns.clone(), page.pcn.clone(), &errors)}
                <button class="nhsuk-button" type="submit">"Find local help"</button>
            </form>
            {found}
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn results_link_to_the_care_plan_and_can_be_logged() {
        let html = render_helpline(&HelplinePage {
            q: "debt".into(),
            searched: true,
            total: 1,
            results: vec![StaffResult {
                id: "abc".into(),
                name: "Debt <Help>".into(),
                eligibility: "Adults".into(),
                how_to_access: "Self-referral".into(),
                internal_note: "Ask for the duty worker".into(),
                ..StaffResult::default()
            }],
            ..HelplinePage::default()
        });
        assert_common_page_parts(&html);
        assert!(html.contains(r#"href="/referrals/new?service=abc""#));
        assert!(html.contains(r#"name="service" type="checkbox" value="abc""#));
        assert!(html.contains("Debt &lt;Help&gt;"));
        assert!(html.contains("Ask for the duty worker") && html.contains("Self-referral"));
    }

    #[test]
    fn the_search_offers_every_audience_and_keeps_the_one_chosen() {
        let html = render_helpline(&HelplinePage { audience: "carers".into(), ..HelplinePage::default() });
        assert!(html.contains(r#"<select"#) && html.contains(r#"name="audience""#));
        for (value, _) in crate::components::filters::AUDIENCE_CHOICES {
            assert!(html.contains(&format!(r#"value="{value}""#)), "{value}");
        }
        assert!(html.contains(r#"<option value="carers" selected>"#));
    }

    #[test]
    fn forms_show_every_error_and_carry_the_csrf_token() {
        let errors = vec![FieldError { field: "notes".into(), message: "This looks like it contains a name".into() }];
        let log = render_log_query(&LogQueryPage {
            csrf_token: "tok".into(),
            errors: errors.clone(),
            ..LogQueryPage::default()
        });
        assert_common_page_parts(&log);
        assert!(log.contains(r#"name="csrf_token" value="tok""#));
        assert!(log.contains(r##"href="#notes""##) && log.contains(r#"id="notes-error""#));
        let unmet = render_unmet_need(&UnmetNeedPage { csrf_token: "tok".into(), ..UnmetNeedPage::default() });
        assert_common_page_parts(&unmet);
        assert!(unmet.contains(r#"value="waiting_list""#));
        assert_common_page_parts(&render_unmet_need_list(&UnmetNeedListPage::default()));
        assert_common_page_parts(&render_local_help(&LocalHelpPage::default()));
    }
}
