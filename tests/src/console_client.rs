//! A console user for tests: a signed-in person of a role, and GET, form POST and
//! multipart upload requests that carry their cookie (and CSRF token) without following
//! redirects. Also a tiny HTTP server that serves fixed answers, for fetch-by-URL tests.

use std::{collections::HashMap, sync::Arc};

use chrono::Utc;
use reqwest::{header, redirect::Policy as Redirects, StatusCode};
use signpost_server::auth::{self, Role};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

use crate::TestApp;

/// A signed-in person.
pub struct Person {
    /// The session cookie.
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Their email.
    pub email: String,
}

/// An answer from the app: status, Location header and body.
#[derive(Debug)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The Location header ("" when none).
    pub location: String,
    /// The body text.
    pub body: String,
}

/// Creates a user of `role` and signs them in.
pub async fn person(app: &TestApp, role: Role) -> anyhow::Result<Person> {
    let email = format!("{role}-imports@example.org");
    let user = auth::new_user(&email, "A person", role, "a long enough password", Utc::now())?;
    app.state.store.create_user(&user).await?;
    let (token, session) = auth::start_session(&app.state, &user).await?;
    Ok(Person { cookie: format!("signpost_session={token}"), csrf: session.csrf_token, email })
}

fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder().redirect(Redirects::none()).build()?)
}

async fn answer(response: reqwest::Response) -> anyhow::Result<Answer> {
    let status = response.status();
    let location =
        response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    Ok(Answer { status, location, body: response.text().await? })
}

/// GETs `path`, as `who` or anonymously.
pub async fn get(app: &TestApp, who: Option<&Person>, path: &str) -> anyhow::Result<Answer> {
    let mut request = client()?.get(format!("{}{path}", app.address));
    if let Some(who) = who {
        request = request.header(header::COOKIE, &who.cookie);
    }
    answer(request.send().await?).await
}

/// POSTs form pairs as `who`, with their CSRF token when `csrf` is true.
pub async fn post(
    app: &TestApp,
    who: &Person,
    path: &str,
    pairs: &[(&str, &str)],
    csrf: bool,
) -> anyhow::Result<Answer> {
    let mut form: Vec<(&str, &str)> = if csrf { vec![("csrf_token", who.csrf.as_str())] } else { Vec::new() };
    form.extend_from_slice(pairs);
    let request = client()?.post(format!("{}{path}", app.address)).header(header::COOKIE, &who.cookie).form(&form);
    answer(request.send().await?).await
}

/// Uploads `file` (named `file_name`) to the imports upload form as `who`, with a source
/// name and (when `csrf`) the CSRF token, as a browser sends `multipart/form-data`.
pub async fn upload(
    app: &TestApp,
    who: &Person,
    source: &str,
    file_name: &str,
    file: &[u8],
    csrf: bool,
) -> anyhow::Result<Answer> {
    let boundary = "----signposttestboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    };
    if csrf {
        field("csrf_token", &who.csrf);
    }
    field("source", source);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/json\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = client()?
        .post(format!("{}/console/imports/upload", app.address))
        .header(header::COOKIE, &who.cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(body);
    answer(request.send().await?).await
}

/// Serves fixed answers on 127.0.0.1 over plain HTTP/1.1: each path maps to
/// (status line, extra headers, body); other paths answer 404. Returns the base URL.
pub async fn serve_fixed(routes: HashMap<String, (String, String, Vec<u8>)>) -> anyhow::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let routes = Arc::new(routes);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let routes = routes.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0_u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&request);
                let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, headers, body) = routes
                    .get(&path)
                    .cloned()
                    .unwrap_or_else(|| ("404 Not Found".to_owned(), String::new(), b"not found".to_vec()));
                let head = format!(
                    "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    Ok(base)
}
