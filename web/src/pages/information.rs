//! The privacy notice, the accessibility statement (GOV.UK model statement) and the cookies
//! page, linked from every page's footer. Who runs the service comes from configuration.

use leptos::prelude::*;

use crate::components::{render_document, Section, Shell};

/// What the privacy notice needs from configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrivacyPage {
    /// Number of services on the visitor's shortlist.
    pub shortlist_count: usize,
    /// The data controller's name.
    pub controller_name: String,
    /// The data controller's postal address.
    pub controller_address: String,
    /// How to reach the Data Protection Officer.
    pub dpo_contact: String,
    /// How long each kind of information is kept, as (what, how long).
    pub retention: Vec<(String, String)>,
}

/// What the accessibility statement needs from configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessibilityPage {
    /// Number of services on the visitor's shortlist.
    pub shortlist_count: usize,
    /// Who runs the service.
    pub organisation: String,
    /// How to report a problem or ask for another format.
    pub contact: String,
    /// When the statement was last reviewed.
    pub reviewed: String,
}

/// One cookie the service sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieRow {
    /// The cookie's name.
    pub name: String,
    /// What it is for.
    pub purpose: String,
    /// When it ends.
    pub expires: String,
}

/// The cookies page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookiesPage {
    /// Number of services on the visitor's shortlist.
    pub shortlist_count: usize,
    /// Every cookie the service sets.
    pub cookies: Vec<CookieRow>,
}

/// Returns the privacy notice as a complete HTML document.
pub fn render_privacy(page: &PrivacyPage) -> String {
    let page = page.clone();
    render_document(view! { <PrivacyView page=page /> })
}

/// Returns the accessibility statement as a complete HTML document.
pub fn render_accessibility(page: &AccessibilityPage) -> String {
    let page = page.clone();
    render_document(view! { <AccessibilityView page=page /> })
}

/// Returns the cookies page as a complete HTML document.
pub fn render_cookies(page: &CookiesPage) -> String {
    let page = page.clone();
    render_document(view! { <CookiesView page=page /> })
}

/// A two-column table with a caption.
fn table(caption: &'static str, head: (&'static str, &'static str), rows: Vec<(String, String)>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(key, value)| view! { <tr><th scope="row">{key}</th><td>{value}</td></tr> })
        .collect_view();
    view! {
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption">{caption}</caption>
            <thead>
                <tr><th scope="col">{head.0}</th><th scope="col">{head.1}</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn PrivacyView(page: PrivacyPage) -> impl IntoView {
    view! {
        <Shell title="Privacy notice".to_owned() shortlist_count=page.shortlist_count section=Section::None>
            <h1>"Privacy notice"</h1>
            <p class="nhsuk-lede-text">
                "You can search Signpost without giving us any personal information. This page says what little \
                 we keep, why, and for how long."
            </p>
            <h2>"Who is responsible for your information"</h2>
            <p>{format!("The data controller is {}.", page.controller_name)}</p>
            <p>{format!("Address: {}", page.controller_address)}</p>
            <p>{format!("Data Protection Officer: {}", page.dpo_contact)}</p>
            <h2>"What we keep and why"</h2>
            <h3>"When you search"</h3>
            <p>
                "What you type and your location are used to find services and are not kept with your address. \
                 To see which needs we cannot meet, we count searches by their words (with anything that looks \
                 like personal details removed), the district (never the full postcode), the filters used and how \
                 many results there were. Our server logs record which page was asked for, never what was searched."
            </p>
            <h3>"Your shortlist"</h3>
            <p>
                "The services you save are kept in a cookie on your own device, not by us. See "
                <a href="/cookies">"cookies"</a>"."
            </p>
            <h3>"When you report a problem with a page"</h3>
            <p>
                "We keep the reason you chose and what you wrote, so our team can correct the page. Please do not \
                 include your name, health details or contact details. Your internet address is used only to limit \
                 how many reports can be sent."
            </p>
            <h3>"Staff using Signpost"</h3>
            <p>
                "For staff accounts we keep your name, work email address, role, a protected form of your password \
                 and your sign-in sessions, and we record failed sign-ins to slow down password guessing. Changes \
                 curators make to the directory are recorded with who made them."
            </p>
            <p>
                "Helpline records and referrals hold what was needed, the level of support, the district and the \
                 outcome, with the care plan's own reference rather than a name or NHS number. Free-text notes are \
                 checked for names, NHS numbers, dates of birth, phone numbers, email addresses and full postcodes, \
                 and refused if they contain them."
            </p>
            <h2>"Our lawful basis"</h2>
            <p>
                "We use this information to provide an NHS service: a task carried out in the public interest \
                 (UK GDPR Article 6(1)(e))."
            </p>
            <h2>"How long we keep it"</h2>
            {table("How long we keep information", ("Information", "How long"), page.retention)}
            <h2>"Your rights"</h2>
            <p>
                "You can ask to see the information we hold about you, to have it corrected or deleted, or object \
                 to how we use it. Contact the Data Protection Officer. If you are unhappy with how we have used \
                 your information, you can complain to the Information Commissioner's Office at "
                <a href="https://ico.org.uk/make-a-complaint/">"ico.org.uk"</a>"."
            </p>
        </Shell>
    }
}

/// Parts of Signpost known not to meet WCAG 2.2 AA, as (what, why it fails and what we
/// plan). Keep this list honest: add anything found by testing.
const KNOWN_PROBLEMS: [(&str, &str); 4] = [
    (
        "Staff sessions end without warning",
        "A staff session ends after a period without use, and anything typed but not saved is lost. There is no \
         warning and no way to ask for more time. This fails WCAG 2.2 success criterion 2.2.1 (timing \
         adjustable). We plan to warn before the session ends.",
    ),
    (
        "Service descriptions written by other organisations",
        "Some service descriptions are imported from other directories. They may use link text such as \"click \
         here\" or lack headings, which can fail success criteria 2.4.4 (link purpose) and 1.3.1 (info and \
         relationships). Our Community Knowledge Officer corrects these when records are checked.",
    ),
    (
        "The unmet needs map",
        "The district map on the commissioners' reports has not been tested with screen readers or at 400% zoom, \
         so it may fail success criteria 1.1.1 (non-text content) and 1.4.10 (reflow). The same figures are in \
         the tables under each chart and map.",
    ),
    (
        "Not yet tested by disabled people",
        "Every page is checked automatically with axe-core and for keyboard use in our own tests, but the service \
         has not yet been audited by accessibility specialists or tested with disabled users and assistive \
         technology. Automated checks find only some problems.",
    ),
];

#[component]
fn AccessibilityView(page: AccessibilityPage) -> impl IntoView {
    let problems = KNOWN_PROBLEMS.iter().map(|(title, text)| view! { <h3>{*title}</h3><p>{*text}</p> }).collect_view();
    view! {
        <Shell title="Accessibility statement".to_owned() shortlist_count=page.shortlist_count section=Section::None>
            <h1>"Accessibility statement for Signpost"</h1>
            <p>{format!("This website is run by {}. We want as many people as possible to be able to use it. \
                For example, that means you should be able to:", page.organisation)}</p>
            <ul>
                <li>"change colours, contrast levels and fonts using browser or device settings"</li>
                <li>"zoom in up to 400% without the text spilling off the screen"</li>
                <li>"navigate most of the website using just a keyboard or speech recognition software"</li>
                <li>"listen to most of the website using a screen reader"</li>
                <li>"use every page and form without JavaScript"</li>
            </ul>
            <p>"We have also made the text as simple as possible to understand."</p>
            <h2>"How accessible this website is"</h2>
            <p>"We know some parts of this website are not fully accessible:"</p>
            <ul>{KNOWN_PROBLEMS.iter().map(|(title, _)| view! { <li>{*title}</li> }).collect_view()}</ul>
            <h2>"Feedback and contact information"</h2>
            <p>{format!("If you need information on this website in a different format, or find a problem not \
                listed on this page, contact: {}. We will consider your request and get back to you within \
                5 working days.", page.contact)}</p>
            <h2>"Enforcement procedure"</h2>
            <p>
                "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector \
                 Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the \
                 \u{2018}accessibility regulations\u{2019}). If you are not happy with how we respond to your \
                 complaint, contact the "
                <a href="https://www.equalityadvisoryservice.com/">"Equality Advisory and Support Service (EASS)"</a>"."
            </p>
            <h2>"Technical information about this website\u{2019}s accessibility"</h2>
            <p>
                "We are committed to making our website accessible, in accordance with the Public Sector Bodies \
                 (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018."
            </p>
            <h3>"Compliance status"</h3>
            <p>
                "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA \
                 standard, due to the non-compliances listed below."
            </p>
            <h2>"Non-accessible content"</h2>
            <p>"The content listed below is non-accessible for the following reasons."</p>
            {problems}
            <h2>"Preparation of this accessibility statement"</h2>
            <p>{format!("This statement was last reviewed on: {}. It is based on automated checks with axe-core \
                and keyboard checks of every page in the project's own tests.", page.reviewed)}</p>
        </Shell>
    }
}

#[component]
fn CookiesView(page: CookiesPage) -> impl IntoView {
    let rows = page
        .cookies
        .into_iter()
        .map(|cookie| {
            view! {
                <tr>
                    <th scope="row"><code>{cookie.name}</code></th>
                    <td>{cookie.purpose}</td>
                    <td>{cookie.expires}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Shell title="Cookies".to_owned() shortlist_count=page.shortlist_count section=Section::None>
            <h1>"Cookies"</h1>
            <p>
                "Cookies are small files saved on your phone, tablet or computer. Signpost uses only the cookies it \
                 needs to work. We do not use cookies for analytics or advertising, and no other website sets \
                 cookies through ours, so we do not ask for your consent."
            </p>
            <div class="signpost-scroll" role="region" aria-label="Cookies we use" tabindex="0">
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption">"Cookies we use"</caption>
                    <thead>
                        <tr><th scope="col">"Name"</th><th scope="col">"Purpose"</th><th scope="col">"Expires"</th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p>
                "Staff forms also carry a protection code against forged requests. It is not a cookie: it is kept \
                 with the staff member's session on our server."
            </p>
            <p>"You can delete cookies in your browser settings. Your shortlist is then forgotten."</p>
        </Shell>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_common_page_parts;

    #[test]
    fn information_pages_show_configured_details() {
        let privacy = render_privacy(&PrivacyPage {
            controller_name: "SAMPLE: a trust & co".into(),
            dpo_contact: "dpo@example.org".into(),
            retention: vec![("Problem reports".into(), "90 days".into())],
            ..PrivacyPage::default()
        });
        assert_common_page_parts(&privacy);
        assert!(privacy.contains("SAMPLE: a trust &amp; co") && privacy.contains("dpo@example.org"));
        assert!(privacy.contains("<th scope=\"row\">Problem reports</th><td>90 days</td>"), "{privacy}");
        let accessibility = render_accessibility(&AccessibilityPage {
            organisation: "A trust".into(),
            contact: "access@example.org".into(),
            reviewed: "1 December 2026".into(),
            ..AccessibilityPage::default()
        });
        assert_common_page_parts(&accessibility);
        for text in ["partially compliant", "2.2.1", "access@example.org", "1 December 2026", "Enforcement procedure"] {
            assert!(accessibility.contains(text), "{text}");
        }
        let cookies = render_cookies(&CookiesPage {
            cookies: vec![CookieRow {
                name: "signpost_session".into(),
                purpose: "Sign in".into(),
                expires: "x".into(),
            }],
            ..CookiesPage::default()
        });
        assert_common_page_parts(&cookies);
        assert!(cookies.contains("<code>signpost_session</code>"));
    }
}
