//! The `signpost` binary as a person runs it: import, reindex, gen and serve.

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

fn seed_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../seed-data"))
}

fn signpost(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_signpost"));
    command
        .env("SIGNPOST_DATA_DIR", data_dir)
        .env("SIGNPOST_SEED_DIR", seed_dir())
        .env_remove("SIGNPOST_DATABASE_URL")
        .env("RUST_LOG", "warn");
    command
}

fn run(command: &mut Command) -> (bool, String, String) {
    let Output { status, stdout, stderr } = command.output().expect("BUG: the signpost binary runs");
    (status.success(), String::from_utf8_lossy(&stdout).into_owned(), String::from_utf8_lossy(&stderr).into_owned())
}

#[test]
fn import_reports_each_bad_record_and_a_summary_and_reimport_changes_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let file = data.path().join("feed.json");
    std::fs::write(
        &file,
        r#"[{"id": "0b9c8d7e-1111-4222-8333-944455556666", "name": "Chess Club", "status": "active"},
            {"id": "0b9c8d7e-2222-4222-8333-944455556666", "name": "", "status": "active"}]"#,
    )
    .expect("write feed");

    let (ok, stdout, stderr) = run(signpost(data.path()).arg("import").arg(&file));
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "created 1, updated 0, unchanged 0, rejected 1");
    assert!(stderr.contains("rejected 0b9c8d7e-2222-4222-8333-944455556666: the service has no name"), "{stderr}");

    let (ok, stdout, _) = run(signpost(data.path()).arg("import").arg(&file));
    assert!(ok);
    assert_eq!(stdout.trim(), "created 0, updated 0, unchanged 1, rejected 1");
}

#[test]
fn import_fails_when_no_record_in_a_file_could_be_read() {
    let data = tempfile::tempdir().expect("tempdir");
    let all_bad = data.path().join("all-bad.json");
    std::fs::write(&all_bad, r#"[{"id": "0b9c8d7e-3333-4222-8333-944455556666", "name": "", "status": "active"}]"#)
        .expect("write feed");
    let garbage = data.path().join("garbage.ndjson");
    std::fs::write(&garbage, "this is not json\nnor is this\n").expect("write feed");
    let empty = data.path().join("empty.json");
    std::fs::write(&empty, "[]").expect("write feed");
    let good = data.path().join("good.json");
    std::fs::write(
        &good,
        r#"[{"id": "0b9c8d7e-4444-4222-8333-944455556666", "name": "Chess Club", "status": "active"}]"#,
    )
    .expect("write feed");

    for (file, why) in [
        (
            &all_bad,
            "all 1 records were refused (the first, 0b9c8d7e-3333-4222-8333-944455556666: the service has no name)",
        ),
        (&garbage, "all 2 records were refused (the first, line 1: not valid JSON"),
        (&empty, "it holds no records"),
    ] {
        let (ok, _, stderr) = run(signpost(data.path()).arg("import").arg(file));
        assert!(!ok, "{} must fail: {stderr}", file.display());
        assert!(stderr.contains(&format!("no record in {} could be read: {why}", file.display())), "{stderr}");
    }
    // A good file beside a bad one is still imported, and the run still fails.
    let (ok, stdout, stderr) = run(signpost(data.path()).arg("import").arg(&good).arg(&empty));
    assert!(!ok, "{stderr}");
    assert_eq!(stdout.trim(), "created 1, updated 0, unchanged 0, rejected 0");
    assert!(stderr.contains("1 of 2 files gave no record"), "{stderr}");
}

#[test]
fn import_of_a_missing_file_fails_with_a_clear_message() {
    let data = tempfile::tempdir().expect("tempdir");
    let (ok, _, stderr) = run(signpost(data.path()).args(["import", "/no/such/file.json"]));
    assert!(!ok);
    assert!(stderr.contains("could not read /no/such/file.json"), "{stderr}");
}

#[test]
fn generated_directories_import_and_reindex() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = data.path().join("generated.ndjson");
    let (ok, _, stderr) =
        run(signpost(data.path()).args(["gen", "--services", "60", "--seed", "7", "--out"]).arg(&out));
    assert!(ok, "{stderr}");
    let again = data.path().join("again.ndjson");
    let (ok, _, _) = run(signpost(data.path()).args(["gen", "--services", "60", "--seed", "7", "--out"]).arg(&again));
    assert!(ok);
    assert_eq!(std::fs::read(&out).expect("read"), std::fs::read(&again).expect("read"), "same seed, same directory");

    let (ok, stdout, stderr) = run(signpost(data.path()).arg("import").arg(&out));
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "created 60, updated 0, unchanged 0, rejected 0");

    let (ok, stdout, stderr) = run(signpost(data.path()).arg("reindex"));
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("indexed 60 published services"), "{stdout}");
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned())?;
    Some((status, body))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_loads_the_sample_directory_and_answers_searches() {
    let data = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let child = signpost(data.path())
        .arg("serve")
        .env("SIGNPOST_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("BUG: signpost serve starts");
    let _server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(120);
    while http_get(port, "/healthz").is_none() {
        assert!(Instant::now() < deadline, "server did not start");
        // A plain test thread, not a runtime worker: sleeping here blocks nothing else.
        #[allow(clippy::disallowed_methods)]
        std::thread::sleep(Duration::from_millis(100));
    }

    let (status, body) = http_get(port, "/api/v1/search?q=debt+advice&location=LE1+6ZG").expect("search answers");
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(body.trim()).expect("json body");
    assert!(json["total"].as_u64() > Some(0), "{json}");
    let (status, page) = http_get(port, "/search?q=debt+advice&location=LE1+6ZG").expect("page answers");
    assert_eq!(status, 200);
    assert!(page.contains("LE1 6ZG"));
}

#[test]
fn user_add_creates_an_admin_with_an_argon2id_hash_and_refuses_weak_passwords_and_duplicates() {
    let data = tempfile::tempdir().expect("tempdir");
    let add = |email: &str| {
        let mut command = signpost(data.path());
        command.args(["user", "add", "--role", "admin", "--email", email, "--name", "Ada Admin"]);
        command
    };
    let password = "a very long admin password";

    let (ok, _, stderr) = run(add("ada@example.org").env("SIGNPOST_USER_PASSWORD", "too short"));
    assert!(!ok);
    assert!(stderr.contains("at least 12 characters"), "{stderr}");

    let (ok, stdout, stderr) = run(add("Ada@Example.org").env("SIGNPOST_USER_PASSWORD", password));
    assert!(ok, "{stderr}");
    let id = stdout.trim();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "prints the new user's id: {stdout}");

    let (ok, _, stderr) = run(add("ada@example.org").env("SIGNPOST_USER_PASSWORD", password));
    assert!(!ok);
    assert!(stderr.contains("a user with the email ada@example.org already exists"), "{stderr}");

    // The password may come on standard input instead.
    let mut child = add("bob@example.org")
        .env_remove("SIGNPOST_USER_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("BUG: the signpost binary runs");
    child.stdin.take().expect("stdin").write_all(b"another long password\n").expect("write password");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let user = runtime.block_on(async {
        let url = format!("sqlite://{}", data.path().join("signpost.db").display());
        let store = signpost_server::storage::connect(&url).await.expect("open the database");
        store.user_by_email("ada@example.org").await.expect("the user is stored")
    });
    assert_eq!(user.id.to_string(), id);
    assert_eq!(user.roles, [signpost_server::storage::Role::Admin]);
    assert!(user.password_hash.starts_with("$argon2id$"), "{}", user.password_hash);
    assert!(!user.password_hash.contains(password), "never the plain text");
}

#[test]
fn user_commands_list_disable_enable_set_roles_and_reset_passwords() {
    let data = tempfile::tempdir().expect("tempdir");
    let password = "a very long curator password";
    let (ok, _, stderr) = run(signpost(data.path())
        .args(["user", "add", "--role", "curator", "--email", "cko@example.org", "--name", "Casey"])
        .env("SIGNPOST_USER_PASSWORD", "Qwerty123456"));
    assert!(!ok, "a common password is refused");
    assert!(stderr.contains("list of common passwords"), "{stderr}");
    let (ok, _, stderr) = run(signpost(data.path())
        .args(["user", "add", "--role", "curator,staff", "--email", "cko@example.org", "--name", "Casey"])
        .env("SIGNPOST_USER_PASSWORD", password));
    assert!(ok, "{stderr}");

    let (ok, stdout, _) = run(signpost(data.path()).args(["user", "list"]));
    assert!(ok);
    assert!(stdout.starts_with("cko@example.org\tcurator staff\tCasey\tenabled\t"), "{stdout}");

    let (ok, stdout, stderr) = run(signpost(data.path()).args(["user", "disable", "--email", "CKO@example.org"]));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("cko@example.org disabled"), "{stdout}");
    let (_, stdout, _) = run(signpost(data.path()).args(["user", "list"]));
    assert!(stdout.contains("\tdisabled\t"), "{stdout}");
    let (ok, _, _) = run(signpost(data.path()).args(["user", "enable", "--email", "cko@example.org"]));
    assert!(ok);

    let (ok, _, stderr) = run(signpost(data.path()).args([
        "user",
        "set-roles",
        "--email",
        "cko@example.org",
        "--role",
        "referrals_lead",
    ]));
    assert!(!ok, "a lead alone is refused");
    assert!(stderr.contains("referrals_lead is given with staff"), "{stderr}");
    let (ok, stdout, stderr) = run(signpost(data.path()).args([
        "user",
        "set-roles",
        "--email",
        "cko@example.org",
        "--role",
        "staff",
        "--role",
        "referrals_lead",
    ]));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("now has roles: staff referrals_lead"), "{stdout}");
    let (ok, _, stderr) = run(signpost(data.path()).args(["user", "disable", "--email", "nobody@example.org"]));
    assert!(!ok);
    assert!(stderr.contains("there is no account with the email nobody@example.org"), "{stderr}");

    let (ok, _, stderr) = run(signpost(data.path())
        .args(["user", "reset-password", "--email", "cko@example.org"])
        .env("SIGNPOST_USER_PASSWORD", "short"));
    assert!(!ok);
    assert!(stderr.contains("at least 12 characters"), "{stderr}");
    let (ok, stdout, stderr) = run(signpost(data.path())
        .args(["user", "reset-password", "--email", "cko@example.org"])
        .env("SIGNPOST_USER_PASSWORD", "a brand new curator password"));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("password changed and every session ended"), "{stdout}");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let user = runtime.block_on(async {
        let url = format!("sqlite://{}", data.path().join("signpost.db").display());
        let store = signpost_server::storage::connect(&url).await.expect("open the database");
        store.user_by_email("cko@example.org").await.expect("the user is stored")
    });
    use signpost_server::storage::Role;
    assert_eq!(user.roles, [Role::Staff, Role::ReferralsLead]);
    assert!(!user.disabled);
    let verified = runtime.block_on(signpost_server::auth::verify_password(
        "a brand new curator password".into(),
        Some(user.password_hash.clone()),
    ));
    assert!(verified, "the new password signs in");
}

#[test]
fn purge_says_what_it_removed() {
    let data = tempfile::tempdir().expect("tempdir");
    let file = data.path().join("feed.json");
    std::fs::write(
        &file,
        r#"[{"id": "0b9c8d7e-5555-4222-8333-944455556666", "name": "Chess Club", "status": "active"}]"#,
    )
    .expect("write feed");
    let (ok, _, stderr) = run(signpost(data.path()).arg("import").arg(&file));
    assert!(ok, "{stderr}");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let url = format!("sqlite://{}", data.path().join("signpost.db").display());
        let store = signpost_server::storage::connect(&url).await.expect("open the database");
        let service_id = uuid::Uuid::parse_str("0b9c8d7e-5555-4222-8333-944455556666").expect("uuid");
        for (days, details) in [(400, "an old report"), (10, "a recent report")] {
            let at = chrono::Utc::now() - chrono::Duration::days(days);
            let report = signpost_server::storage::ProblemReport {
                id: uuid::Uuid::new_v4(),
                service_id,
                reason: "other".into(),
                details: details.into(),
                status: "new".into(),
                created_at: signpost_server::storage::accounts::time_text(at),
            };
            store.add_problem_report(&report).await.expect("store a report");
        }
    });

    let (ok, stdout, stderr) = run(signpost(data.path()).arg("purge"));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("1 problem reports and suggestions deleted"), "{stdout}");
    assert!(stdout.contains("0 referral notes removed"), "{stdout}");
    let (ok, stdout, _) = run(signpost(data.path()).args(["purge"]).env("SIGNPOST_RETAIN_REPORTS_DAYS", "5"));
    assert!(ok);
    assert!(
        stdout.contains("1 problem reports and suggestions deleted"),
        "the shorter period reaches the recent one: {stdout}"
    );
    let (ok, stdout, _) = run(signpost(data.path()).args(["purge"]));
    assert!(ok);
    assert!(stdout.contains("0 problem reports and suggestions deleted"), "{stdout}");
}
