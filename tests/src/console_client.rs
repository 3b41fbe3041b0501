//! Console requests for import tests: a multipart upload that carries the person's
//! cookie (and CSRF token), and a tiny HTTP server that serves fixed answers, for
//! fetch-by-URL tests. Signing in, GET and form POST live in [`crate::people`].

use std::{collections::HashMap, sync::Arc};

use reqwest::header;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

use crate::{
    people::{answer, client, Answer, Person},
    TestApp,
};

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
