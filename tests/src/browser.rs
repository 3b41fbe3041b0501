//! Headless Chromium for the browser tests and the screenshots command: starts chromedriver,
//! drives it with fantoccini, sizes the viewport through the DevTools protocol, runs axe-core
//! and takes screenshots. Chromium, chromedriver and axe-core come from
//! `scripts/install-test-deps`.

pub mod states;

use std::{
    fmt,
    io::{Read as _, Write as _},
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use anyhow::Context as _;
use fantoccini::{
    actions::{InputSource as _, KeyAction, KeyActions},
    elements::Element,
    key::Key,
    wd::{Capabilities, WebDriverCompatibleCommand},
    Client, ClientBuilder, Locator,
};
use serde::{de::DeserializeOwned, Deserialize};
use serde_json::{json, Value};

/// How long `find` waits for an element to appear.
const FIND_TIMEOUT: Duration = Duration::from_secs(10);
/// The Chromium binary (Debian's `chromium` package).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The matching WebDriver server (Debian's `chromium-driver` package).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The axe-core rule tags the issue asks for: WCAG 2.0, 2.1 and 2.2, levels A and AA.
pub const AXE_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Returns the path of axe-core's browser bundle (`npm ci --prefix tests`).
pub fn axe_script_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/node_modules/axe-core/axe.min.js"))
}

/// A viewport size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// Width; `window.innerWidth` equals it.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Viewport {
    /// A small old phone; also WCAG 1.4.10's reflow width.
    pub const NARROW: Self = Self { width: 320, height: 640 };
    /// A laptop.
    pub const WIDE: Self = Self { width: 1280, height: 900 };
}

impl fmt::Display for Viewport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}px", self.width)
    }
}

/// One axe-core rule that failed, with the elements that failed it.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    /// The rule id, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for, in a line.
    pub help: String,
    /// Where the rule is explained.
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// The failing elements.
    pub nodes: Vec<ViolationNode>,
}

/// One element that failed an axe-core rule.
#[derive(Debug, Clone, Deserialize)]
pub struct ViolationNode {
    /// CSS selector(s) of the element.
    pub target: Value,
    /// The element's opening markup.
    pub html: String,
    /// Why it failed.
    #[serde(rename = "failureSummary")]
    pub failure_summary: Option<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("unknown");
        writeln!(f, "{} ({impact}): {} <{}>", self.id, self.help, self.help_url)?;
        for node in &self.nodes {
            let summary = node.failure_summary.as_deref().unwrap_or("").replace('\n', " ");
            writeln!(f, "    at {}: {}", node.target, node.html)?;
            if !summary.is_empty() {
                writeln!(f, "       {summary}")?;
            }
        }
        Ok(())
    }
}

/// Formats violations for an assertion message.
pub fn describe_violations(violations: &[Violation]) -> String {
    violations.iter().map(ToString::to_string).collect()
}

/// A chromedriver-hosted DevTools command (`POST /session/{id}/goog/cdp/execute`).
#[derive(Debug)]
struct CdpCommand {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        let session_id = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session_id}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// A headless Chromium session, with its own chromedriver and profile directory.
///
/// Call [`Browser::close`] at the end; dropping it instead still ends the session and kills
/// chromedriver, without waiting.
pub struct Browser {
    client: Option<Client>,
    session_id: String,
    driver: Child,
    driver_address: SocketAddr,
    axe_source: String,
    viewport: Viewport,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session at [`Viewport::WIDE`].
    pub async fn launch() -> anyhow::Result<Self> {
        for path in [CHROMIUM, CHROMEDRIVER] {
            anyhow::ensure!(std::fs::exists(path)?, "{path} is missing: run scripts/install-test-deps");
        }
        let axe_path = axe_script_path();
        let axe_source = std::fs::read_to_string(&axe_path)
            .with_context(|| format!("could not read {}: run scripts/install-test-deps", axe_path.display()))?;

        let port = free_port()?;
        let driver_address = SocketAddr::from(([127, 0, 0, 1], port));
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("could not start chromedriver")?;
        let profile = tempfile::tempdir()?;
        let mut browser = Self {
            client: None,
            session_id: String::new(),
            driver,
            driver_address,
            axe_source,
            viewport: Viewport::WIDE,
            profile,
        };
        browser.wait_for_driver().await?;

        let mut capabilities = Capabilities::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-quic",
                    "--no-first-run",
                    "--hide-scrollbars",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", browser.profile.path().display()),
                ],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{driver_address}"))
            .await
            .context("could not start a Chromium session")?;
        browser.session_id = client.session_id().await?.context("chromedriver gave no session id")?;
        browser.client = Some(client);
        browser.set_viewport(Viewport::WIDE).await?;
        Ok(browser)
    }

    async fn wait_for_driver(&mut self) -> anyhow::Result<()> {
        for _ in 0..200 {
            if TcpStream::connect_timeout(&self.driver_address, Duration::from_millis(100)).is_ok() {
                return Ok(());
            }
            if let Some(status) = self.driver.try_wait()? {
                anyhow::bail!("chromedriver exited at start: {status}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::bail!("chromedriver did not listen on {} within 10 s", self.driver_address)
    }

    /// Returns the WebDriver client.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("BUG: the client is only taken by close and drop")
    }

    /// Returns the current viewport.
    pub fn viewport(&self) -> Viewport {
        self.viewport
    }

    /// Runs a DevTools protocol command in the current tab.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> anyhow::Result<Value> {
        self.client().issue_cmd(CdpCommand { cmd, params }).await.with_context(|| format!("devtools {cmd} failed"))
    }

    /// Sets the viewport. Chromium will not make a window narrower than about 500 px, so the
    /// size is emulated (as DevTools' device mode does); it lasts across navigations.
    pub async fn set_viewport(&mut self, viewport: Viewport) -> anyhow::Result<()> {
        self.emulate_size(viewport.width, viewport.height).await?;
        self.viewport = viewport;
        Ok(())
    }

    async fn emulate_size(&self, width: u32, height: u32) -> anyhow::Result<()> {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await?;
        Ok(())
    }

    /// Opens `url` and waits for it to load.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client().goto(url).await.with_context(|| format!("could not open {url}"))
    }

    /// Waits (up to 10 s) until the current URL's path starts with `prefix` and the page has
    /// loaded; for navigations started by key presses, which WebDriver does not wait for.
    pub async fn wait_for_path(&self, prefix: &str) -> anyhow::Result<url::Url> {
        for _ in 0..200 {
            let url = self.current_url().await?;
            if url.path().starts_with(prefix) {
                let state: String = self.eval("return document.readyState").await?;
                if state == "complete" {
                    return Ok(url);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let url = self.current_url().await?;
        anyhow::bail!("expected a page under {prefix}, still on {url}")
    }

    /// Waits (up to 10 s) until the current URL (path and query) contains `text` and the
    /// page has loaded: for form submissions that stay on the same path.
    pub async fn wait_for_url_containing(&self, text: &str) -> anyhow::Result<url::Url> {
        for _ in 0..200 {
            let url = self.current_url().await?;
            if url.as_str().contains(text) {
                let state: String = self.eval("return document.readyState").await?;
                if state == "complete" {
                    return Ok(url);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let url = self.current_url().await?;
        anyhow::bail!("expected an address containing {text:?}, still on {url}")
    }

    /// Returns the current URL.
    pub async fn current_url(&self) -> anyhow::Result<url::Url> {
        Ok(self.client().current_url().await?)
    }

    /// Finds the element matching `css`, waiting up to 10 s for it: ChromeDriver can answer a
    /// click before the page it submits has loaded. Fails with the selector and URL.
    pub async fn find(&self, css: &str) -> anyhow::Result<Element> {
        match self.client().wait().at_most(FIND_TIMEOUT).for_element(Locator::Css(css)).await {
            Ok(element) => Ok(element),
            Err(error) => {
                let url = self.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                Err(anyhow::anyhow!("no element matches {css:?} on {url}: {error}"))
            }
        }
    }

    /// Finds every element matching `css`.
    pub async fn find_all(&self, css: &str) -> anyhow::Result<Vec<Element>> {
        Ok(self.client().find_all(Locator::Css(css)).await?)
    }

    /// Finds the first element matching `css` whose visible text contains `text`.
    pub async fn find_with_text(&self, css: &str, text: &str) -> anyhow::Result<Element> {
        let deadline = tokio::time::Instant::now() + FIND_TIMEOUT;
        while tokio::time::Instant::now() < deadline {
            for element in self.find_all(css).await? {
                // The page may be replaced between finding and reading: try again.
                if element.text().await.is_ok_and(|found| found.contains(text)) {
                    return Ok(element);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let url = self.current_url().await?;
        anyhow::bail!("no {css:?} with text {text:?} on {url}")
    }

    /// Returns the visible text of the element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Returns the visible text of the whole page.
    pub async fn page_text(&self) -> anyhow::Result<String> {
        self.eval("return document.body ? document.body.innerText : ''").await
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and decodes its return value.
    pub async fn eval_with<T: DeserializeOwned>(&self, script: &str, args: Vec<Value>) -> anyhow::Result<T> {
        let value = self.client().execute(script, args).await.context("script failed")?;
        serde_json::from_value(value).context("unexpected script result")
    }

    /// Runs `script` (a function body) and decodes its return value.
    pub async fn eval<T: DeserializeOwned>(&self, script: &str) -> anyhow::Result<T> {
        self.eval_with(script, Vec::new()).await
    }

    /// Returns how many `h1` elements the page has.
    pub async fn h1_count(&self) -> anyhow::Result<usize> {
        self.eval("return document.querySelectorAll('h1').length").await
    }

    /// Returns `(scrollWidth, innerWidth)` when the page scrolls sideways, else `None`.
    pub async fn horizontal_overflow(&self) -> anyhow::Result<Option<(u32, u32)>> {
        let (scroll, inner): (u32, u32) =
            self.eval("return [document.documentElement.scrollWidth, window.innerWidth]").await?;
        Ok((scroll > inner).then_some((scroll, inner)))
    }

    /// Returns `window.innerWidth`.
    pub async fn inner_width(&self) -> anyhow::Result<u32> {
        self.eval("return window.innerWidth").await
    }

    /// Runs axe-core's WCAG 2.2 A and AA rules over the page and returns the violations.
    pub async fn axe(&self) -> anyhow::Result<Vec<Violation>> {
        let loaded: bool = self.eval("return typeof window.axe === 'object'").await?;
        if !loaded {
            // Run as a WebDriver script, not a <script> element: the page's CSP must not matter.
            self.client().execute(&self.axe_source, Vec::new()).await.context("could not load axe-core")?;
        }
        let script = r"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
              .then((results) => done({ violations: results.violations.map((v) => ({
                  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                  nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
              })) }))
              .catch((error) => done({ error: String(error) }));
        ";
        let answer = self.client().execute_async(script, vec![json!(AXE_TAGS)]).await.context("axe.run failed")?;
        if let Some(error) = answer.get("error") {
            anyhow::bail!("axe.run failed: {error}");
        }
        Ok(serde_json::from_value(answer["violations"].clone())?)
    }

    /// Presses and releases `key` on whatever has focus, as a keyboard user would.
    pub async fn press(&self, key: Key) -> anyhow::Result<()> {
        let value: char = key.into();
        let actions =
            KeyActions::new("keyboard".to_owned()).then(KeyAction::Down { value }).then(KeyAction::Up { value });
        self.client().perform_actions(actions).await?;
        Ok(())
    }

    /// Types `text` into whatever has focus.
    pub async fn type_text(&self, text: &str) -> anyhow::Result<()> {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for value in text.chars() {
            actions = actions.then(KeyAction::Down { value }).then(KeyAction::Up { value });
        }
        self.client().perform_actions(actions).await?;
        Ok(())
    }

    /// Returns the focused element.
    pub async fn focused(&self) -> anyhow::Result<Element> {
        Ok(self.client().active_element().await?)
    }

    /// Describes an element for messages: `a#id.class "text" href`.
    pub async fn describe(&self, element: &Element) -> anyhow::Result<String> {
        self.eval_with(
            r"const e = arguments[0];
              const text = (e.innerText || e.value || '').trim().replace(/\s+/g, ' ').slice(0, 60);
              return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')
                + ' ' + JSON.stringify(text) + (e.getAttribute('href') ? ' ' + e.getAttribute('href') : '');",
            vec![json!(element)],
        )
        .await
    }

    /// Returns the computed styles that show focus (outline, shadow, colours, underline) of
    /// `element` while focused and after blurring it, then focuses it again.
    pub async fn focus_styles(&self, element: &Element) -> anyhow::Result<(Value, Value)> {
        self.eval_with(
            r"const e = arguments[0];
              const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow',
                             'background-color', 'color', 'text-decoration-line', 'border-color'];
              const read = () => { const s = getComputedStyle(e);
                                   return Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)])); };
              const focused = read();
              e.blur();
              const unfocused = read();
              e.focus({ focusVisible: true });
              return [focused, unfocused];",
            vec![json!(element)],
        )
        .await
    }

    /// Writes a PNG of the whole page (not only the viewport) at the current width.
    pub async fn screenshot(&self, path: &Path) -> anyhow::Result<()> {
        let height: u32 = self.eval("return Math.ceil(document.documentElement.scrollHeight)").await?;
        self.emulate_size(self.viewport.width, height.clamp(self.viewport.height, 16_000)).await?;
        let png = self.client().screenshot().await;
        self.emulate_size(self.viewport.width, self.viewport.height).await?;
        std::fs::write(path, png?).with_context(|| format!("could not write {}", path.display()))
    }

    /// Ends the session (closing Chromium) and stops chromedriver.
    pub async fn close(mut self) -> anyhow::Result<()> {
        if let Some(client) = self.client.take() {
            client.close().await?;
        }
        Ok(())
    }

    /// Ends the session without async: a plain `DELETE /session/{id}` to chromedriver.
    fn delete_session_blocking(&self) -> std::io::Result<()> {
        let mut stream = TcpStream::connect_timeout(&self.driver_address, Duration::from_secs(1))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        write!(
            stream,
            "DELETE /session/{} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.session_id, self.driver_address
        )?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer)?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.client.take().is_some() && !self.session_id.is_empty() {
            // A failed test: nobody awaited close(). Chromium outlives a killed chromedriver,
            // so end the session first. Errors only mean it is already gone.
            let _ = self.delete_session_blocking();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Returns a TCP port that was free a moment ago.
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
