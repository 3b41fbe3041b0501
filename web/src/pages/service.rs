//! The service page: everything a person needs to contact and reach one service, plus the
//! "Report a problem with this page" form.

use leptos::prelude::*;

use crate::components::text_field::{described_by, group_class, InlineError};
use crate::components::{render_document, ErrorSummary, Shell, ShortlistForm, TextArea};
use crate::text::{capitalise, directions_href, tel_href, website_href};
use crate::view_model::{FieldError, ReportForm, ServicePage};
use crate::REPORT_REASONS;

/// What a long-overdue record's page says before anything else.
const LONG_OVERDUE_NOTICE: &str =
    "This information was last checked over a year ago. Please check with the service before you go.";

/// Most characters allowed in the report's `details` (the server checks it too).
pub(crate) const REPORT_DETAILS_MAX: usize = 1000;

/// Returns the service page as a complete HTML document.
///
/// With `page.report.error` set the title starts "Error: " and an error summary links to the
/// field; the server sends 400 or 429. With `page.reported` the "Thank you" panel shows.
pub fn render_service(page: &ServicePage) -> String {
    let page = page.clone();
    render_document(view! { <ServiceDetailsPage page=page /> })
}

/// Splits plain text into paragraphs on blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                found.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        found.push(current.join(" "));
    }
    found
}

/// The whole service page.
#[component]
pub(crate) fn ServiceDetailsPage(
    /// What to show.
    page: ServicePage,
) -> impl IntoView {
    let title = if page.report.error.is_some() { format!("Error: {}", page.name) } else { page.name.clone() };
    let summary = page.report.error.clone().map(|error| {
        // A problem that is not about one field (such as too many reports) links to the form.
        let target = matches!(error.field.as_str(), "reason" | "details").then(|| error.field.clone());
        view! { <ErrorSummary error=error target=target.unwrap_or_else(|| "report".to_owned()) /> }
    });
    let alert = page.alert.clone().map(|text| {
        view! {
            <div class="nhsuk-card nhsuk-card--warning">
                <div class="nhsuk-card__content">
                    <h2 class="nhsuk-card__heading">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Please note"</span>
                    </h2>
                    <p class="nhsuk-card__description">{text}</p>
                </div>
            </div>
        }
    });
    let description = paragraphs(&page.description).into_iter().map(|text| view! { <p>{text}</p> }).collect::<Vec<_>>();
    let return_to = format!("/services/{}", page.id);
    let checked = page.checked_ago.clone().map(|text| {
        view! { <p class="nhsuk-body-s signpost-checked">{format!("{}.", capitalise(&text))}</p> }
    });
    let overdue = page.long_overdue.then(|| {
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{LONG_OVERDUE_NOTICE}</p>
            </div>
        }
    });
    view! {
        <Shell title=title shortlist_count=page.shortlist_count>
            {summary}
            <h1 class="nhsuk-heading-l">
                <span class="nhsuk-caption-l">
                    {page.organisation.clone()}<span class="nhsuk-u-visually-hidden">" - "</span>
                </span>
                {page.name.clone()}
            </h1>
            {alert}
            {overdue}
            {description}
            <ShortlistForm
                id=page.id.clone()
                name=page.name.clone()
                shortlisted=page.shortlisted
                return_to=return_to
            />
            <Contact name=page.name.clone() phones=page.phones website=page.website email=page.email />
            <Addresses addresses=page.addresses />
            <OpeningHours hours=page.opening_hours />
            <Details
                fees=page.fees
                eligibility=page.eligibility
                how_to_access=page.how_to_access
                languages=page.languages
                accessibility=page.accessibility
                needs=page.need_labels
            />
            {checked}
            {page.staff_signed_in.then(|| view! {
                <p><a href=format!("/services/{}/suggest", page.id)>"Suggest a change to this service (staff)"</a></p>
            })}
            <ReportProblem id=page.id report=page.report reported=page.reported />
            <p><a href="/">"Search for other services"</a></p>
        </Shell>
    }
}

/// Phone numbers, website and email, as links.
#[component]
fn Contact(name: String, phones: Vec<String>, website: Option<String>, email: Option<String>) -> impl IntoView {
    if phones.is_empty() && website.is_none() && email.is_none() {
        return None;
    }
    let phone_items = phones
        .into_iter()
        .map(|phone| {
            let href = tel_href(&phone);
            view! { <li>"Phone: "<a href=href>{phone}</a></li> }
        })
        .collect::<Vec<_>>();
    let website_item = website.map(|site| match website_href(&site) {
        Some(href) => view! { <li>"Website: "<a href=href>{site}</a></li> }.into_any(),
        None => view! { <li>"Website: "{site}</li> }.into_any(),
    });
    let email_item = email.map(|address| {
        let href = format!("mailto:{}", address.trim());
        view! { <li>"Email: "<a href=href>{address}</a></li> }
    });
    Some(view! {
        <section class="nhsuk-card" aria-labelledby="contact-title">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m" id="contact-title">
                    "Contact"<span class="nhsuk-u-visually-hidden">{format!(" {name}")}</span>
                </h2>
                <ul class="nhsuk-list signpost-contact">{phone_items}{website_item}{email_item}</ul>
            </div>
        </section>
    })
}

/// Addresses, each with a "Get directions" link.
#[component]
fn Addresses(addresses: Vec<String>) -> impl IntoView {
    if addresses.is_empty() {
        return None;
    }
    let items = addresses
        .into_iter()
        .map(|address| {
            let href = directions_href(&address);
            view! {
                <li class="signpost-address">
                    <p class="nhsuk-u-margin-bottom-1">{address.clone()}</p>
                    <p>
                        <a href=href>
                            "Get directions"<span class="nhsuk-u-visually-hidden">{format!(" to {address}")}</span>
                            " (opens Google Maps)"
                        </a>
                    </p>
                </li>
            }
        })
        .collect::<Vec<_>>();
    Some(view! {
        <section aria-labelledby="address-title">
            <h2 class="nhsuk-heading-m" id="address-title">"Where to go"</h2>
            <ul class="nhsuk-list">{items}</ul>
        </section>
    })
}

/// The opening times table.
#[component]
pub(crate) fn OpeningHours(
    /// Day and times.
    hours: Vec<(String, String)>,
    /// Table caption.
    #[prop(default = "Opening times".to_owned())]
    caption: String,
) -> impl IntoView {
    if hours.is_empty() {
        return None;
    }
    let rows = hours
        .into_iter()
        .map(|(day, times)| {
            view! {
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">{day}</th>
                    <td class="nhsuk-table__cell">{times}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    Some(view! {
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="col">"Day"</th>
                    <th class="nhsuk-table__header" scope="col">"Times"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">{rows}</tbody>
        </table>
    })
}

/// Cost, who it is for, how to get help, languages, accessibility and needs, as a summary list.
#[component]
fn Details(
    fees: Option<String>,
    eligibility: Option<String>,
    how_to_access: Option<String>,
    languages: Vec<String>,
    accessibility: Vec<String>,
    needs: Vec<String>,
) -> impl IntoView {
    let text = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
    let list = |items: Vec<String>| (!items.is_empty()).then(|| items.join(", "));
    let rows: Vec<(&str, String)> = [
        ("Cost", text(fees)),
        ("Who it is for", text(eligibility)),
        ("How to get help", text(how_to_access)),
        ("Languages", list(languages)),
        ("Accessibility", list(accessibility)),
        ("Helps with", list(needs)),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.map(|value| (key, value)))
    .collect();
    if rows.is_empty() {
        return None;
    }
    let rows = rows
        .into_iter()
        .map(|(key, value)| {
            view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{key}</dt>
                    <dd class="nhsuk-summary-list__value">{value}</dd>
                </div>
            }
        })
        .collect::<Vec<_>>();
    Some(view! {
        <section aria-labelledby="details-title">
            <h2 class="nhsuk-heading-m" id="details-title">"About this service"</h2>
            <dl class="nhsuk-summary-list">{rows}</dl>
        </section>
    })
}

/// "Report a problem with this page": reason radios, details box and "Send report".
#[component]
fn ReportProblem(id: String, report: ReportForm, reported: bool) -> impl IntoView {
    let action = format!("/services/{id}/report");
    let error_for = |field: &str| -> Option<String> {
        report.error.as_ref().filter(|FieldError { field: f, .. }| f == field).map(|error| error.message.clone())
    };
    let reason_error = error_for("reason");
    let details_error = error_for("details");
    let reason_group = group_class(reason_error.is_some());
    let reason_described = described_by("reason", false, reason_error.is_some());
    let radios = REPORT_REASONS
        .iter()
        .enumerate()
        .map(|(index, (value, label))| {
            let radio_id = if index == 0 { "reason".to_owned() } else { format!("reason-{value}") };
            let checked = report.reason.as_deref() == Some(*value);
            view! {
                <div class="nhsuk-radios__item">
                    <input
                        class="nhsuk-radios__input"
                        type="radio"
                        id=radio_id.clone()
                        name="reason"
                        value=*value
                        checked=checked
                    />
                    <label class="nhsuk-label nhsuk-radios__label" for=radio_id>{*label}</label>
                </div>
            }
        })
        .collect::<Vec<_>>();
    let details_described = described_by("details", true, details_error.is_some());
    let details_invalid = details_error.is_some();
    let thanks = reported.then(|| {
        view! {
            <div class="nhsuk-panel" id="report-sent" role="status">
                <h3 class="nhsuk-panel__heading">"Thank you"</h3>
                <div class="nhsuk-panel__body">
                    "We have your report. Our team will check this page and put it right."
                </div>
            </div>
        }
    });
    // A problem with neither field (such as too many reports) shows above the fields.
    let form_error = report
        .error
        .as_ref()
        .filter(|error| !matches!(error.field.as_str(), "reason" | "details"))
        .map(|error| view! { <InlineError id="report-error".to_owned() message=error.message.clone() /> });
    let details_error_group = group_class(details_error.is_some());
    view! {
        <form method="post" action=action id="report" class="signpost-report" aria-labelledby="report-title">
            <h2 class="nhsuk-heading-m" id="report-title">"Report a problem with this page"</h2>
            {thanks}
            {form_error}
            <div class=reason_group>
                <fieldset class="nhsuk-fieldset" aria-describedby=reason_described>
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"What is wrong?"</legend>
                    {reason_error.map(|message| view! {
                        <InlineError id="reason-error".to_owned() message=message />
                    })}
                    <div class="nhsuk-radios">{radios}</div>
                </fieldset>
            </div>
            <div class=details_error_group>
                <label class="nhsuk-label nhsuk-label--s" for="details">"Tell us more (optional)"</label>
                <div class="nhsuk-hint" id="details-hint">
                    {format!(
                        "For example, the right phone number. Do not give your name or health details. \
                         Up to {REPORT_DETAILS_MAX} characters."
                    )}
                </div>
                {details_error.map(|message| view! {
                    <InlineError id="details-error".to_owned() message=message />
                })}
                <TextArea
                    id="details"
                    value=report.details.clone()
                    rows=4
                    maxlength=REPORT_DETAILS_MAX
                    described_by=details_described
                    error=details_invalid
                />
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Send report"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_common_page_parts, attr, tags};

    fn sample() -> ServicePage {
        ServicePage {
            staff_signed_in: false,
            id: "svc-1".into(),
            name: "Carers <Support> Group".into(),
            organisation: "Helping Hands".into(),
            description: "First paragraph\nstill first.\n\nSecond paragraph.".into(),
            alert: Some("Closed on bank holidays".into()),
            phones: vec!["0116 123 4567".into()],
            website: Some("www.example.org".into()),
            email: Some("help@example.org".into()),
            addresses: vec!["1 High Street, Leicester LE1 1AA".into()],
            opening_hours: vec![("Monday".into(), "9am to 5pm".into())],
            fees: Some("Free".into()),
            eligibility: Some("Adults who look after someone".into()),
            how_to_access: Some("Phone us or just turn up".into()),
            languages: vec!["English".into(), "Gujarati".into()],
            need_labels: vec!["Carers".into()],
            checked_ago: Some("checked 3 months ago".into()),
            accessibility: vec!["Step-free access".into()],
            shortlisted: false,
            shortlist_count: 0,
            report: ReportForm::default(),
            reported: false,
            long_overdue: false,
        }
    }

    #[test]
    fn service_page_shows_every_section() {
        // Act
        let html = render_service(&sample());

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("</span>Carers &lt;Support&gt; Group</h1>"));
        assert!(html.contains("Closed on bank holidays"));
        assert!(html.contains("<p>First paragraph still first.</p><p>Second paragraph.</p>"));
        assert!(html.contains(r#"<a href="tel:01161234567">0116 123 4567</a>"#));
        assert!(html.contains(r#"<a href="https://www.example.org">www.example.org</a>"#));
        assert!(html.contains(r#"<a href="mailto:help@example.org">"#));
        assert!(html.contains(
            "https://www.google.com/maps/dir/?api=1&amp;destination=1%20High%20Street%2C%20Leicester%20LE1%201AA"
        ));
        assert!(
            html.contains(r#"<caption class="nhsuk-table__caption nhsuk-table__caption--m">Opening times</caption>"#)
        );
        assert!(html.contains(
            r#"<th scope="row" class="nhsuk-table__header">Monday</th><td class="nhsuk-table__cell">9am to 5pm</td>"#
        ));
        assert!(html.contains("Who it is for"));
        assert!(html.contains("Gujarati"));
        assert!(html.contains("Checked 3 months ago."));
    }

    #[test]
    fn only_a_long_overdue_page_asks_visitors_to_check_first() {
        let html = render_service(&ServicePage { long_overdue: true, ..sample() });
        assert_common_page_parts(&html);
        assert!(html.contains(r#"<div class="nhsuk-inset-text">"#));
        assert!(html.contains(LONG_OVERDUE_NOTICE));
        assert!(!render_service(&sample()).contains(LONG_OVERDUE_NOTICE));
    }

    #[test]
    fn service_page_leaves_out_empty_sections() {
        let page = ServicePage {
            alert: None,
            phones: Vec::new(),
            website: None,
            email: None,
            addresses: Vec::new(),
            opening_hours: Vec::new(),
            fees: None,
            languages: Vec::new(),
            checked_ago: None,
            ..sample()
        };

        let html = render_service(&page);

        assert_common_page_parts(&html);
        for absent in ["Contact", "Opening times", "Cost", "Languages", "Please note", "Checked"] {
            assert!(!html.contains(absent), "{absent} should be left out");
        }
    }

    #[test]
    fn service_page_does_not_link_unsafe_websites() {
        let page = ServicePage { website: Some("javascript:alert(1)".into()), ..sample() };

        let html = render_service(&page);

        assert!(!html.contains("href=\"javascript:"));
        assert!(html.contains("Website: javascript:alert(1)"));
    }

    #[test]
    fn service_page_has_the_shortlist_button_and_the_report_form() {
        let html = render_service(&sample());

        assert!(html.contains(r#"<form method="post" action="/shortlist/add" class="signpost-shortlist-form">"#));
        assert!(html.contains(r#"name="return_to" value="/services/svc-1""#));
        assert!(html
            .contains(r#"Add<span class="nhsuk-u-visually-hidden"> Carers &lt;Support&gt; Group</span> to shortlist"#));
        assert!(html.contains(r#"action="/services/svc-1/report""#));
        assert!(html.contains(r#"id="report""#));
        assert!(html.contains("Report a problem with this page"));
        let radios: Vec<_> =
            tags(&html, "input").into_iter().filter(|tag| attr(tag, "name") == Some("reason")).collect();
        assert_eq!(radios.len(), REPORT_REASONS.len());
        assert_eq!(attr(radios[0], "id"), Some("reason"), "first radio has the id the error summary links to");
        assert!(html.contains("<legend"), "radios are grouped with a legend");
        let textarea = tags(&html, "textarea").into_iter().next().unwrap_or_default();
        assert_eq!(attr(textarea, "id"), Some("details"));
        assert_eq!(attr(textarea, "name"), Some("details"));
        assert_eq!(attr(textarea, "aria-describedby"), Some("details-hint"));
        assert!(html.contains(">Send report</button>"));
        assert!(!html.contains("report-sent"));
        assert!(html.contains("Step-free access"));
        assert!(!html.contains("<title>Error"));
    }

    #[test]
    fn service_page_shows_remove_when_shortlisted() {
        let html = render_service(&ServicePage { shortlisted: true, ..sample() });

        assert!(html.contains(r#"action="/shortlist/remove""#));
        assert!(html.contains("from shortlist</button>"));
    }

    #[test]
    fn report_error_shows_a_summary_and_keeps_what_was_typed() {
        // Arrange
        let page = ServicePage {
            report: ReportForm {
                reason: None,
                details: "The number is <wrong></textarea><script>".into(),
                error: Some(FieldError { field: "reason".into(), message: "Choose what is wrong".into() }),
            },
            ..sample()
        };

        // Act
        let html = render_service(&page);

        // Assert
        assert_common_page_parts(&html);
        assert!(html.contains("<title>Error: Carers &lt;Support&gt; Group"));
        assert!(html.contains("There is a problem"));
        assert!(html.contains(r##"<a href="#reason">Choose what is wrong</a>"##));
        assert!(html.contains(r#"id="reason-error""#));
        assert!(html.contains(r#"aria-describedby="reason-error""#));
        assert!(html.contains("nhsuk-form-group--error"));
        assert!(html.contains("The number is &lt;wrong&gt;&lt;/textarea&gt;&lt;script&gt;</textarea>"));
        assert!(!html.contains("<wrong>"));
    }

    #[test]
    fn details_error_marks_the_text_box_and_keeps_the_reason() {
        let page = ServicePage {
            report: ReportForm {
                reason: Some("phone".into()),
                details: "x".repeat(1001),
                error: Some(FieldError { field: "details".into(), message: "Use 1000 characters or fewer".into() }),
            },
            ..sample()
        };

        let html = render_service(&page);

        let textarea = tags(&html, "textarea").into_iter().next().unwrap_or_default();
        assert_eq!(attr(textarea, "aria-describedby"), Some("details-hint details-error"));
        assert_eq!(attr(textarea, "aria-invalid"), Some("true"));
        assert!(html.contains(r##"<a href="#details">"##));
        let checked: Vec<_> = tags(&html, "input").into_iter().filter(|tag| tag.contains(" checked")).collect();
        assert_eq!(checked.len(), 1);
        assert_eq!(attr(checked[0], "value"), Some("phone"));
    }

    #[test]
    fn rate_limit_error_links_to_the_form() {
        let message = "You have sent a lot of reports. Please try again later.";
        let page = ServicePage {
            report: ReportForm {
                error: Some(FieldError { field: "report".into(), message: message.into() }),
                ..ReportForm::default()
            },
            ..sample()
        };

        let html = render_service(&page);

        assert_common_page_parts(&html);
        assert!(html.contains("<title>Error: "));
        assert!(html.contains(&format!(r##"<a href="#report">{message}</a>"##)));
    }

    #[test]
    fn reported_shows_the_thank_you_panel() {
        let staff = render_service(&ServicePage { staff_signed_in: true, ..sample() });
        assert!(staff.contains(r#"href="/services/svc-1/suggest""#), "staff are offered a suggestion");
        assert!(!render_service(&sample()).contains("/suggest"), "the public is not");
        let html = render_service(&ServicePage { reported: true, ..sample() });

        assert_common_page_parts(&html);
        assert!(html.contains(r#"id="report-sent""#));
        assert!(html.contains("Thank you"));
        assert!(!html.contains("There is a problem"));
    }
}
