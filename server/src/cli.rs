//! Runs the `signpost` subcommands.

use std::{
    io::{BufRead, IsTerminal, Write},
    sync::Arc,
};

use anyhow::Context;

use crate::{
    config::{
        Cli, Command, ExportArgs, ImportArgs, PurgeArgs, StorageArgs, UserAddArgs, UserCommand, UserEmailArgs,
        UserRolesArgs,
    },
    import::{import_files, ImportOptions},
    keeper::IndexKeeper,
    reference::{ReferenceData, Taxonomy},
    startup::{open_index, open_store, Application},
    telemetry,
};

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    telemetry::init();
    match cli.command {
        Command::Serve(args) => {
            let app = Application::build(&args).await?;
            tracing::info!(address = %app.local_addr()?, "signpost is listening");
            app.run_until_stopped().await
        }
        Command::User(UserCommand::Add(args)) => add_user(&args).await,
        Command::User(UserCommand::List(args)) => list_users(&args.storage).await,
        Command::User(UserCommand::Disable(args)) => set_disabled(&args, true).await,
        Command::User(UserCommand::Enable(args)) => set_disabled(&args, false).await,
        Command::User(UserCommand::SetRoles(args)) => set_roles(&args).await,
        Command::User(UserCommand::ResetPassword(args)) => reset_password(&args).await,
        Command::Purge(args) => purge(&args).await,
        Command::Import(args) => import(&args).await,
        Command::Export(args) => export(&args).await,
        Command::Reindex(args) => reindex(&args).await,
        Command::Gen(args) => {
            let taxonomy = Taxonomy::load(&args.seed_dir.join("taxonomy.json"))?;
            crate::generate::gen_command(args.services, args.seed, &args.out, &taxonomy)
        }
        Command::Bench(args) => {
            let reference = ReferenceData::load(&args.seed_dir)?;
            tokio::task::block_in_place(|| {
                crate::bench::bench_command(args.services, args.seed, args.queries, &reference)
            })
        }
        Command::Eval(args) => {
            let reference = ReferenceData::load(&args.seed_dir)?;
            let set = args.set.clone().unwrap_or_else(|| args.seed_dir.join(crate::eval::DEFAULT_SET));
            crate::eval::eval_command(&reference, &set, args.verbose).await
        }
        Command::BenchFeed(args) => crate::feed_bench::bench_feed_command(&args).await,
        Command::BenchPages(args) => crate::page_bench::bench_pages_command(&args.seed_dir, args.requests).await,
        Command::BenchDispatch(args) => crate::referrals::bench::bench_dispatch_command(&args).await,
    }
}

async fn import(args: &ImportArgs) -> anyhow::Result<()> {
    let store = open_store(&args.storage).await?;
    let options = ImportOptions { status: args.status, progress: std::io::stderr().is_terminal() };
    let mut report = crate::import::ImportReport::default();
    for file in &args.files {
        let argument = file.to_string_lossy();
        let one = if crate::import::oruk_feed::is_feed_url(&argument) {
            crate::import::oruk_feed::import_feed(store.as_ref(), &argument, &options, args.import_allow_private)
                .await?
        } else {
            import_files(store.as_ref(), std::slice::from_ref(file), &options).await?
        };
        report.created += one.created;
        report.updated += one.updated;
        report.unchanged += one.unchanged;
        report.rejected.extend(one.rejected);
        report.unreadable.extend(one.unreadable);
    }
    for rejection in &report.rejected {
        eprintln!("rejected {}: {}", rejection.id, rejection.reason);
    }
    println!("{}", report.summary());
    for file in &report.unreadable {
        eprintln!("no record in {} could be read: {}", file.file, file.reason);
    }
    if !report.unreadable.is_empty() {
        anyhow::bail!("{} of {} files gave no record", report.unreadable.len(), args.files.len());
    }
    Ok(())
}

async fn export(args: &ExportArgs) -> anyhow::Result<()> {
    let store = open_store(&args.storage).await?;
    let report = crate::export::export(store.as_ref(), &args.out).await?;
    println!("exported {} published services to {}", report.services, args.out.display());
    Ok(())
}

async fn reindex(args: &StorageArgs) -> anyhow::Result<()> {
    let reference = ReferenceData::load(&args.seed_dir)?;
    let store = open_store(args).await?;
    let (index, _) = open_index(&args.index_dir(), &reference)?;
    let taxonomy = reference.taxonomy.clone();
    let keeper = IndexKeeper::new(store, Arc::new(index), taxonomy).context("could not take the index writer")?;
    let started = std::time::Instant::now();
    let count = keeper.rebuild().await?;
    println!("indexed {count} published services in {:.2?}", started.elapsed());
    Ok(())
}

/// The environment variable `user add` reads the password from.
const PASSWORD_ENV: &str = "SIGNPOST_USER_PASSWORD";

/// Returns the new user's password from `SIGNPOST_USER_PASSWORD`, or else the first line
/// of standard input. Read here rather than by clap so there is no `--password` flag.
fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        return Ok(password);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (at least {} characters): ", crate::auth::MIN_PASSWORD_CHARS);
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).context("could not read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn add_user(args: &UserAddArgs) -> anyhow::Result<()> {
    let password = read_password()?;
    let user = crate::auth::new_user_with_roles(&args.email, &args.name, &args.roles, &password, chrono::Utc::now())?;
    let store = open_store(&args.storage).await?;
    match store.create_user(&user).await {
        Ok(()) => {}
        Err(crate::storage::Error::Duplicate) => anyhow::bail!("a user with the email {} already exists", user.email),
        Err(error) => return Err(error).context("could not store the user"),
    }
    println!("{}", user.id);
    eprintln!("created {} {} ({})", crate::storage::accounts::roles_text(&user.roles), user.email, user.display_name);
    Ok(())
}

/// Returns the account with `email`, or a clear error.
async fn find_user(store: &dyn crate::storage::Store, email: &str) -> anyhow::Result<crate::auth::User> {
    let email = email.trim().to_lowercase();
    match store.user_by_email(&email).await {
        Ok(user) => Ok(user),
        Err(crate::storage::Error::NotFound) => anyhow::bail!("there is no account with the email {email}"),
        Err(error) => Err(error).context("could not read the account"),
    }
}

async fn list_users(storage: &StorageArgs) -> anyhow::Result<()> {
    let store = open_store(storage).await?;
    for user in store.users().await? {
        let state = if user.disabled { "disabled" } else { "enabled" };
        println!(
            "{}\t{}\t{}\t{state}\t{}",
            user.email,
            crate::storage::accounts::roles_text(&user.roles),
            user.display_name,
            user.created_at
        );
    }
    Ok(())
}

async fn set_disabled(args: &UserEmailArgs, disabled: bool) -> anyhow::Result<()> {
    let store = open_store(&args.storage).await?;
    let user = find_user(store.as_ref(), &args.email).await?;
    store.set_user_disabled(user.id, disabled).await?;
    let done = if disabled { "disabled (and signed out)" } else { "enabled" };
    println!("{} {done}", user.email);
    Ok(())
}

async fn set_roles(args: &UserRolesArgs) -> anyhow::Result<()> {
    let roles = crate::auth::check_roles(&args.roles)?;
    let store = open_store(&args.storage).await?;
    let user = find_user(store.as_ref(), &args.email).await?;
    store.set_user_roles(user.id, &roles).await?;
    println!("{} now has roles: {}", user.email, crate::storage::accounts::roles_text(&roles));
    Ok(())
}

async fn reset_password(args: &UserEmailArgs) -> anyhow::Result<()> {
    let password = read_password()?;
    crate::auth::check_password(&password)?;
    let store = open_store(&args.storage).await?;
    let user = find_user(store.as_ref(), &args.email).await?;
    let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&password)).await??;
    store.set_user_password(user.id, &hash).await?;
    println!("{}: password changed and every session ended", user.email);
    Ok(())
}

async fn purge(args: &PurgeArgs) -> anyhow::Result<()> {
    let store = open_store(&args.storage).await?;
    let retention = crate::retention::Retention::from_args(&args.retention);
    let counts = crate::retention::purge(store.as_ref(), &retention, chrono::Utc::now()).await?;
    println!("{}", crate::retention::summary(&counts));
    Ok(())
}
