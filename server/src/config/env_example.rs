//! Holds `.env.example` to the configuration: every variable `signpost serve` reads is
//! listed there, and every `SIGNPOST_` variable listed there is one the binary reads.

use std::collections::BTreeSet;

use clap::CommandFactory;

use super::Cli;

/// Returns the environment variables of `command` and all its subcommands.
fn env_names(command: &clap::Command, out: &mut BTreeSet<String>) {
    for arg in command.get_arguments() {
        if let Some(name) = arg.get_env() {
            out.insert(name.to_string_lossy().into_owned());
        }
    }
    for sub in command.get_subcommands() {
        env_names(sub, out);
    }
}

/// Returns the `SIGNPOST_` variables named in `.env.example`, set or commented out.
fn listed() -> BTreeSet<String> {
    include_str!("../../../.env.example")
        .lines()
        .map(|line| line.trim_start_matches('#').trim())
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim()))
        .filter(|name| name.starts_with("SIGNPOST_") && !name.contains(' '))
        .map(str::to_owned)
        .collect()
}

#[test]
fn env_example_lists_every_variable_of_serve() {
    let cli = Cli::command();
    let serve = cli.find_subcommand("serve").expect("BUG: serve subcommand exists");
    let mut wanted = BTreeSet::new();
    env_names(serve, &mut wanted);
    let listed = listed();
    let missing: Vec<_> = wanted.difference(&listed).collect();
    assert!(missing.is_empty(), ".env.example lacks {missing:?}");
}

#[test]
fn env_example_names_only_variables_the_binary_reads() {
    let mut known = BTreeSet::new();
    env_names(&Cli::command(), &mut known);
    // Read by `signpost user add`, never a flag (so not a clap argument).
    known.insert("SIGNPOST_USER_PASSWORD".to_owned());
    let unknown: Vec<_> = listed().difference(&known).cloned().collect();
    assert!(unknown.is_empty(), ".env.example names variables nothing reads: {unknown:?}");
}
