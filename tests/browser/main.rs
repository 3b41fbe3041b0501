//! Browser tests: the real server on the sample directory, driven in headless Chromium.

mod accessibility;
mod accounts;
mod commissioning;
mod curator;
mod helpline;
mod imports;
mod journeys;
mod keyboard;
mod referrals;

use signpost_tests::{browser::Browser, AppOptions, Backend, TestApp, TestData};

/// A running app on the sample directory (SQLite) and a browser pointed at it.
pub(crate) struct Session {
    pub(crate) browser: Browser,
    pub(crate) app: TestApp,
    _data: TestData,
}

impl Session {
    /// Starts the app and the browser side by side.
    pub(crate) async fn start() -> anyhow::Result<Self> {
        let data = TestData::new(Backend::Sqlite).await?;
        let (app, browser) = tokio::try_join!(TestApp::spawn(&data, AppOptions::default()), Browser::launch())?;
        Ok(Self { browser, app, _data: data })
    }

    /// Returns the absolute URL of `path` on the app.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.address)
    }

    /// Closes the browser and stops the app.
    pub(crate) async fn finish(self) -> anyhow::Result<()> {
        self.browser.close().await?;
        self.app.stop().await
    }
}

/// Returns the first whole number in `text` ("12 services found" gives 12).
pub(crate) fn first_number(text: &str) -> Option<usize> {
    let digits: String = text.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Returns the decoded value of `key` in `url`'s query.
pub(crate) fn query_value(url: &url::Url, key: &str) -> Option<String> {
    url.query_pairs().find(|(name, _)| name == key).map(|(_, value)| value.into_owned())
}
