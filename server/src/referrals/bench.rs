//! `signpost bench-dispatch`: how fast one dispatcher drains a backlog of referrals to a
//! local receiver (signing, HTTP, the delivery log and the outbox updates included).

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Instant,
};

use anyhow::Context;
use base64::{engine::general_purpose::STANDARD, Engine};
use rand::RngCore;
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};
use uuid::Uuid;

use super::{
    dispatcher::Dispatcher, outbox_rows, Action, EventType, Referral, ReferralSettings, ReferralStatus,
    ServiceSnapshot, SupportLevel,
};
use crate::{
    clock::{Clock, SystemClock},
    config::{BenchDispatchArgs, ReferralArgs},
    storage::{self, accounts::time_text, Role},
};

/// Answers every request with 204 on kept-alive connections; counts them.
async fn receiver(listener: TcpListener, received: Arc<AtomicU64>) {
    while let Ok((stream, _)) = listener.accept().await {
        let received = Arc::clone(&received);
        tokio::spawn(async move {
            let mut stream = BufReader::new(stream);
            loop {
                let mut length = 0usize;
                let mut line = String::new();
                loop {
                    line.clear();
                    match stream.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                }
                let mut body = vec![0; length];
                if stream.read_exact(&mut body).await.is_err() {
                    return;
                }
                received.fetch_add(1, Ordering::Relaxed);
                if stream.get_mut().write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").await.is_err() {
                    return;
                }
            }
        });
    }
}

/// Runs the benchmark and prints the throughput.
pub async fn bench_dispatch_command(args: &BenchDispatchArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url =
        args.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let store = storage::connect(&url).await.context("could not open the database")?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let received = Arc::new(AtomicU64::new(0));
    let receiver_task = tokio::spawn(receiver(listener, Arc::clone(&received)));
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    let settings = Arc::new(ReferralSettings::from_args(&ReferralArgs {
        referral_endpoints: Some(format!("http://{address}/hook")),
        referral_secrets: Some(format!("whsec_{}", STANDARD.encode(key))),
        referral_allow_private: true,
        referral_concurrency: args.concurrency,
        ..ReferralArgs::default()
    })?);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let started = Instant::now();
    for n in 0..args.referrals {
        let now = clock.now();
        let referral = Referral {
            id: Uuid::new_v4(),
            care_plan_reference: format!("CP-{n:07}"),
            support_level: SupportLevel::NeedingHelp,
            actions: vec![Action::HelpMakingContact],
            services: vec![ServiceSnapshot {
                id: Uuid::new_v4(),
                name: format!("Bench service {n}"),
                organisation: Some("Bench Trust".into()),
                phone: None,
                email: None,
                url: Some("https://example.org/bench".into()),
            }],
            note: None,
            staff_role: Role::Staff,
            created_by: Uuid::nil(),
            status: ReferralStatus::Recorded,
            status_reason: None,
            status_updated_at: None,
            created_at: time_text(now),
        };
        let outbox = outbox_rows(&settings, &referral, EventType::Created, now, "")?;
        store.create_referral(&referral, &outbox, &time_text(now), &time_text(now + settings.max_age)).await?;
    }
    let recorded = started.elapsed();
    println!("recorded {} referrals in {:.2} s", args.referrals, recorded.as_secs_f64());
    let dispatcher = Arc::new(Dispatcher::new(Arc::clone(&store), Arc::clone(&settings), clock)?);
    let started = Instant::now();
    loop {
        let sent = dispatcher.run_once().await?;
        if sent == 0 && store.count_undelivered().await? == 0 {
            break;
        }
        anyhow::ensure!(sent > 0 || started.elapsed().as_secs() < 600, "the backlog did not drain");
    }
    let drained = started.elapsed().as_secs_f64();
    receiver_task.abort();
    let delivered = received.load(Ordering::Relaxed);
    #[allow(clippy::cast_precision_loss, reason = "counts are small")]
    let rate = args.referrals as f64 / drained;
    println!(
        "drained {} referrals ({delivered} requests) in {drained:.2} s: {rate:.0} referrals/s, concurrency {} on {}",
        args.referrals,
        args.concurrency,
        if url.starts_with("sqlite:") { "SQLite" } else { "PostgreSQL" }
    );
    Ok(())
}
