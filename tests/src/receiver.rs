//! A real HTTP webhook receiver the tests start on a local port: it records every request
//! (webhook headers and body) and answers as told (200, an error status, slowly, or
//! never), and it can be stopped and started again on the same port. Also an
//! independent Standard Webhooks signature check (hmac, sha2 and base64 used directly).

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
    task::{JoinHandle, JoinSet},
};

/// How the receiver answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// 200 at once.
    Ok,
    /// This status at once.
    Status(u16),
    /// 200 after this long.
    Slow(Duration),
    /// Never answers.
    Hang,
}

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The request path.
    pub path: String,
    /// `webhook-id`.
    pub id: String,
    /// `webhook-timestamp`.
    pub timestamp: String,
    /// `webhook-signature`.
    pub signature: String,
    /// The body.
    pub body: String,
    /// The status it was answered with; none when it was not answered.
    pub answered: Option<u16>,
}

#[derive(Debug)]
struct Inner {
    mode: Mode,
    requests: Vec<Received>,
}

/// The receiver.
pub struct Receiver {
    address: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    task: Option<JoinHandle<()>>,
}

impl Receiver {
    /// Starts answering 200 on a free local port.
    pub async fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let inner = Arc::new(Mutex::new(Inner { mode: Mode::Ok, requests: Vec::new() }));
        let task = Some(tokio::spawn(serve(listener, Arc::clone(&inner))));
        Ok(Self { address, inner, task })
    }

    /// Returns `http://127.0.0.1:port{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Changes how it answers.
    pub fn set_mode(&self, mode: Mode) {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).mode = mode;
    }

    /// Stops listening and drops every open connection (connections are then refused).
    pub async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Listens again on the same port.
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        self.stop().await;
        let listener = TcpListener::bind(self.address).await?;
        self.task = Some(tokio::spawn(serve(listener, Arc::clone(&self.inner))));
        Ok(())
    }

    /// Returns every request so far.
    pub fn requests(&self) -> Vec<Received> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).requests.clone()
    }

    /// Returns the requests answered with a 2xx, first delivery per webhook id only
    /// (what a receiver that de-duplicates keeps), in arrival order.
    pub fn delivered(&self) -> Vec<Received> {
        let mut seen = std::collections::HashSet::new();
        self.requests()
            .into_iter()
            .filter(|request| request.answered.is_some_and(|code| (200..300).contains(&code)))
            .filter(|request| seen.insert(request.id.clone()))
            .collect()
    }

    /// Waits until `check` passes on the requests so far.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        what: &str,
        check: impl Fn(&[Received]) -> bool,
    ) -> anyhow::Result<Vec<Received>> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let requests = self.requests();
            if check(&requests) {
                return Ok(requests);
            }
            anyhow::ensure!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}: {requests:#?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn serve(listener: TcpListener, inner: Arc<Mutex<Inner>>) {
    // Connections live in this set, so aborting the task closes them all.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { return };
                connections.spawn(connection(stream, Arc::clone(&inner)));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn connection(stream: TcpStream, inner: Arc<Mutex<Inner>>) {
    let mut stream = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        match stream.read_line(&mut request_line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let path = request_line.split(' ').nth(1).unwrap_or_default().to_owned();
        let (mut id, mut timestamp, mut signature, mut length) = (String::new(), String::new(), String::new(), 0);
        loop {
            let mut line = String::new();
            match stream.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim().to_owned();
            match name.to_ascii_lowercase().as_str() {
                "webhook-id" => id = value,
                "webhook-timestamp" => timestamp = value,
                "webhook-signature" => signature = value,
                "content-length" => length = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        if stream.read_exact(&mut body).await.is_err() {
            return;
        }
        let mode = inner.lock().unwrap_or_else(PoisonError::into_inner).mode;
        let answered = match mode {
            Mode::Ok | Mode::Slow(_) => Some(200),
            Mode::Status(code) => Some(code),
            Mode::Hang => None,
        };
        let body = String::from_utf8_lossy(&body).into_owned();
        inner.lock().unwrap_or_else(PoisonError::into_inner).requests.push(Received {
            path,
            id,
            timestamp,
            signature,
            body,
            answered,
        });
        match mode {
            Mode::Hang => std::future::pending::<()>().await,
            Mode::Slow(delay) => tokio::time::sleep(delay).await,
            _ => {}
        }
        let code = answered.unwrap_or(200);
        let response = format!("HTTP/1.1 {code} Whatever\r\ncontent-length: 0\r\n\r\n");
        if stream.get_mut().write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Checks a request's signature against one `whsec_` secret, as the spec describes it:
/// base64 HMAC-SHA256 of "{id}.{timestamp}.{body}", one of the space-separated `v1,`
/// signatures.
pub fn signed_with(secret: &str, request: &Received) -> bool {
    let Some(key) = secret.strip_prefix("whsec_").and_then(|encoded| STANDARD.decode(encoded).ok()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key) else { return false };
    mac.update(format!("{}.{}.{}", request.id, request.timestamp, request.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    request.signature.split(' ').any(|candidate| candidate == expected)
}

/// Returns the three Standard Webhooks headers for `body`, signed with `secret` at `timestamp`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> anyhow::Result<[(String, String); 3]> {
    let key = STANDARD.decode(secret.strip_prefix("whsec_").unwrap_or(secret))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok([
        ("webhook-id".to_owned(), id.to_owned()),
        ("webhook-timestamp".to_owned(), timestamp.to_string()),
        ("webhook-signature".to_owned(), format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))),
    ])
}

/// Returns the built `signpost` binary: `SIGNPOST_BIN` when set, otherwise the one beside
/// this test executable (`target/<profile>/`). Cargo builds it for the workspace's tests;
/// build it with `cargo build -p signpost-server` when running only this crate.
pub fn signpost_binary() -> anyhow::Result<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("SIGNPOST_BIN") {
        return Ok(path.into());
    }
    let exe = std::env::current_exe()?;
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .ok_or_else(|| anyhow::anyhow!("no target directory above {}", exe.display()))?;
    let binary = profile_dir.join(format!("signpost{}", std::env::consts::EXE_SUFFIX));
    anyhow::ensure!(
        std::fs::exists(&binary)?,
        "{} is missing: run `cargo build -p signpost-server` first",
        binary.display()
    );
    Ok(binary)
}
