//! Serving connections: HTTP/1.1 with a header-read time-out (a client that opens a
//! connection and sends no request is dropped), at most so many connections at once, and
//! the file-descriptor soft limit raised to the hard limit at start.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use axum::{body::Body, extract::ConnectInfo, Router};
use hyper::{body::Incoming, server::conn::http1, Request};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
};
use tokio::{net::TcpListener, sync::Semaphore};
use tower::ServiceExt;

/// File descriptors kept back from connections for the database pool, the index and logs.
const RESERVED_FDS: u64 = 256;

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionSettings {
    /// How long a connection may take to send a request's headers (from opening, or from
    /// the previous answer on a kept-alive connection).
    pub header_timeout: Duration,
    /// Connections served at once; further ones wait in the listen backlog.
    pub max_connections: usize,
}

/// Raises the open-files soft limit to the hard limit and returns the soft limit now in
/// force (`None` where the platform has no such limit or it cannot be read).
pub fn raise_fd_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => Some(limit),
        Err(error) => {
            tracing::warn!(%error, "could not raise the open-files limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE).ok().map(|(soft, _)| soft)
        }
    }
}

/// Returns the connection cap: the configured one, kept below the open-files limit.
pub fn connection_cap(configured: usize, fd_limit: Option<u64>) -> usize {
    let Some(limit) = fd_limit else { return configured.max(1) };
    let room = usize::try_from(limit.saturating_sub(RESERVED_FDS)).unwrap_or(usize::MAX);
    configured.min(room).max(1)
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open requests
/// finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: ConnectionSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(settings.max_connections));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // Wait for a free slot before accepting, so excess clients queue in the backlog
        // instead of using up file descriptors.
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors or a connection reset before accept: wait a
                    // moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            // Client addresses are needed to rate-limit public forms.
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(remote));
            router.clone().oneshot(request.map(Body::new))
        });
        let mut builder = http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(settings.header_timeout);
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_files_soft_limit_is_raised_to_the_hard_limit() {
        let raised = raise_fd_limit();
        let (soft, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE).expect("limits are readable");
        assert_eq!(raised, Some(soft));
        assert_eq!(soft, hard, "soft limit raised to the hard limit");
    }

    #[test]
    fn the_connection_cap_stays_below_the_open_files_limit() {
        assert_eq!(connection_cap(4_096, Some(1_024)), 768);
        assert_eq!(connection_cap(300, Some(1_048_576)), 300);
        assert_eq!(connection_cap(300, None), 300);
        assert_eq!(connection_cap(4_096, Some(10)), 1);
    }
}
