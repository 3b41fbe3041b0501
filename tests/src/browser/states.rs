//! The public pages' states the accessibility checks and screenshots visit, and the steps
//! (through the real forms) that reach each one on the sample directory.

use super::Browser;

/// A search on the sample data with several results near Leicester city centre.
pub const RESULTS_PATH: &str = "/search?q=debt+advice&location=LE1+6ZG";
/// A search on the sample data that finds nothing.
pub const NOTHING_FOUND_PATH: &str = "/search?q=xylophone+lessons&location=Oakham&radius_km=1";
/// A search whose words say someone is at risk now: the crisis panel leads the page.
pub const CRISIS_RESULTS_PATH: &str = "/search?q=i+want+to+end+it+all&location=LE1+6ZG";
/// A search with a well-formed postcode that does not exist.
pub const UNKNOWN_POSTCODE_PATH: &str = "/search?q=debt+advice&location=ZZ99+9ZZ";
/// Text typed into a report that is sent without a reason.
pub const REPORT_TEXT: &str = "The phone number rings out";

/// A page in a given state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageState {
    /// The home page.
    Home,
    /// Results of a search by words and postcode.
    Results,
    /// Results after ticking "Free" and applying filters.
    FiltersApplied,
    /// A search that finds nothing.
    NothingFound,
    /// A search with at-risk words: the crisis panel before any result.
    CrisisResults,
    /// The first result's service page.
    Service,
    /// A service page whose report was sent without a reason.
    ReportError,
    /// The visitor's shortlist with one service in it.
    Shortlist,
    /// The shortlist's print view.
    Print,
    /// A search for an unknown postcode (error summary).
    UnknownPostcode,
    /// The "Get help now" page.
    Crisis,
    /// The console's sign-in page.
    Login,
    /// The sign-in page after a wrong password (error summary).
    LoginError,
    /// The privacy notice.
    Privacy,
    /// The accessibility statement.
    Accessibility,
    /// The cookies page.
    Cookies,
}

impl PageState {
    /// Every state, in an order that needs the fewest steps.
    pub const ALL: [Self; 16] = [
        Self::Home,
        Self::Results,
        Self::FiltersApplied,
        Self::NothingFound,
        Self::CrisisResults,
        Self::Service,
        Self::ReportError,
        Self::Shortlist,
        Self::Print,
        Self::UnknownPostcode,
        Self::Crisis,
        Self::Login,
        Self::LoginError,
        Self::Privacy,
        Self::Accessibility,
        Self::Cookies,
    ];

    /// Returns a short name for messages and file names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::Results => "results",
            Self::FiltersApplied => "filters-applied",
            Self::NothingFound => "nothing-found",
            Self::CrisisResults => "crisis-results",
            Self::Service => "service",
            Self::ReportError => "report-error",
            Self::Shortlist => "shortlist",
            Self::Print => "print",
            Self::UnknownPostcode => "unknown-postcode",
            Self::Crisis => "crisis",
            Self::Login => "login",
            Self::LoginError => "login-error",
            Self::Privacy => "privacy",
            Self::Accessibility => "accessibility",
            Self::Cookies => "cookies",
        }
    }

    /// Brings `browser` to this state on the app at `base` (e.g. `http://127.0.0.1:4000`), and
    /// checks that it got there (so a 404 page is not checked in place of the real one).
    pub async fn open(self, browser: &Browser, base: &str) -> anyhow::Result<()> {
        self.reach(browser, base).await?;
        self.verify(browser).await
    }

    async fn verify(self, browser: &Browser) -> anyhow::Result<()> {
        let (path, marker) = match self {
            Self::Home => ("/", "form[role=search] #q"),
            Self::Results | Self::FiltersApplied => ("/search", "li.signpost-result"),
            Self::NothingFound => ("/search", "#results-count"),
            Self::CrisisResults => ("/search", "#crisis-panel a[href='tel:999']"),
            Self::Service => ("/services/", "form#report"),
            Self::ReportError => ("/services/", "form#report .nhsuk-error-message, .nhsuk-error-summary"),
            Self::Shortlist => ("/shortlist", "textarea#shortlist-text"),
            Self::Print => ("/shortlist/print", "main"),
            Self::UnknownPostcode => ("/search", ".nhsuk-error-summary"),
            Self::Crisis => ("/crisis", "a[href^='tel:']"),
            Self::Login => ("/login", "form[action='/login'] #password"),
            Self::LoginError => ("/login", ".nhsuk-error-summary"),
            Self::Privacy => ("/privacy", "footer a[href='/privacy']"),
            Self::Accessibility => ("/accessibility", "footer a[href='/accessibility']"),
            Self::Cookies => ("/cookies", "table code"),
        };
        let url = browser.current_url().await?;
        anyhow::ensure!(url.path().starts_with(path), "expected a page under {path}, got {url}");
        browser.find(marker).await?;
        let headings: String =
            browser.eval("return [...document.querySelectorAll('h1')].map((h) => h.innerText).join(' ')").await?;
        anyhow::ensure!(!headings.to_lowercase().contains("not found"), "{url} is a \"not found\" page");
        if self == Self::NothingFound {
            anyhow::ensure!(browser.find_all("li.signpost-result").await?.is_empty(), "{url} found services");
        }
        Ok(())
    }

    async fn reach(self, browser: &Browser, base: &str) -> anyhow::Result<()> {
        match self {
            Self::Home => browser.goto(&format!("{base}/")).await,
            Self::Results => browser.goto(&format!("{base}{RESULTS_PATH}")).await,
            Self::FiltersApplied => {
                browser.goto(&format!("{base}{RESULTS_PATH}")).await?;
                apply_free_filter(browser).await
            }
            Self::NothingFound => browser.goto(&format!("{base}{NOTHING_FOUND_PATH}")).await,
            Self::CrisisResults => browser.goto(&format!("{base}{CRISIS_RESULTS_PATH}")).await,
            Self::Service => open_first_result(browser, base).await.map(drop),
            Self::ReportError => {
                open_first_result(browser, base).await?;
                send_report_without_reason(browser).await
            }
            Self::Shortlist => {
                open_first_result(browser, base).await?;
                add_to_shortlist(browser).await?;
                browser.goto(&format!("{base}/shortlist")).await
            }
            Self::Print => {
                let name = open_first_result(browser, base).await?;
                add_to_shortlist(browser).await?;
                browser.goto(&format!("{base}/shortlist/print")).await?;
                anyhow::ensure!(browser.page_text().await?.contains(&name), "the print view does not list {name}");
                Ok(())
            }
            Self::UnknownPostcode => browser.goto(&format!("{base}{UNKNOWN_POSTCODE_PATH}")).await,
            Self::Crisis => browser.goto(&format!("{base}/crisis")).await,
            Self::Login => browser.goto(&format!("{base}/login")).await,
            Self::Privacy => browser.goto(&format!("{base}/privacy")).await,
            Self::Accessibility => browser.goto(&format!("{base}/accessibility")).await,
            Self::Cookies => browser.goto(&format!("{base}/cookies")).await,
            Self::LoginError => {
                browser.goto(&format!("{base}/login")).await?;
                browser.find("#email").await?.send_keys("nobody@example.org").await?;
                browser.find("#password").await?.send_keys("not a password here").await?;
                browser.find_with_text("form[action='/login'] button", "Sign in").await?.click().await?;
                Ok(())
            }
        }
    }
}

/// Opens [`RESULTS_PATH`], follows the first result's link and returns the service's name.
pub async fn open_first_result(browser: &Browser, base: &str) -> anyhow::Result<String> {
    browser.goto(&format!("{base}{RESULTS_PATH}")).await?;
    let link = browser.find(".signpost-result .signpost-result__link").await?;
    let name = link.text().await?;
    link.click().await?;
    browser.wait_for_path("/services/").await?;
    Ok(name)
}

/// Ticks "Free" in the filters form and applies the filters.
pub async fn apply_free_filter(browser: &Browser) -> anyhow::Result<()> {
    let free = browser.find("#free").await?;
    if !free.is_selected().await? {
        free.click().await?;
    }
    browser.find_with_text("button, input[type=submit]", "Apply filters").await?.click().await?;
    browser.wait_for_url_containing("free=true").await?;
    Ok(())
}

/// On a service page, adds the service to the shortlist unless it is there already.
pub async fn add_to_shortlist(browser: &Browser) -> anyhow::Result<()> {
    let add = browser.find_all("form.signpost-shortlist-form[action='/shortlist/add'] button").await?;
    if let Some(button) = add.into_iter().next() {
        button.click().await?;
        // The redirect back shows "Remove" once the cookie is set.
        browser.find("form.signpost-shortlist-form[action='/shortlist/remove'] button").await?;
        return Ok(());
    }
    // Already shortlisted: the page offers "Remove" instead.
    browser.find("form.signpost-shortlist-form[action='/shortlist/remove'] button").await?;
    Ok(())
}

/// On a service page, types [`REPORT_TEXT`] into the report and sends it with no reason.
pub async fn send_report_without_reason(browser: &Browser) -> anyhow::Result<()> {
    let details = browser.find("form#report textarea#details").await?;
    details.clear().await?;
    details.send_keys(REPORT_TEXT).await?;
    browser.find_with_text("form#report button", "Send report").await?.click().await?;
    Ok(())
}
