//! What every CLI test file shares: running the built `authlens`, the core's fixtures, temporary
//! files. Each test file is its own crate and uses only part of this.
#![allow(dead_code, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The raw outputs of a failed HTTP action, as Power Automate shows them.
pub const RAW_OUTPUTS: &str = r#"{"statusCode":401,"headers":{"WWW-Authenticate":"Bearer error=\"invalid_token\""},"body":{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}}"#;

/// Runs `authlens ARGS` with `stdin` on its standard input.
pub fn authlens(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn authlens");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// Runs `authlens ARGS` with nothing on its standard input.
pub fn run(args: &[&str]) -> Output {
    authlens(args, b"")
}

/// What `authlens ARGS` prints with `stdin` on its standard input (exit 0 asserted).
pub fn stdout_of(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let out = authlens(args, stdin);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    out.stdout
}

/// The core's test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../authlens-core/tests/fixtures")
}

/// A fixture's path (relative to the core's fixtures) as a string, for the command line.
pub fn fixture(path: &str) -> String {
    fixtures().join(path).display().to_string()
}

/// Writes `bytes` to a file of this test process's temporary folder.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("authlens-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}
