//! The mechanics of `hubscreen lists update` under stress (issue 15, items 6, 14 and 15):
//! updates of one source running at the same time, a `CURRENT` pointer left dangling, staging
//! folders left by a killed update, credentials in a source address, and a sources file whose
//! `file` would write outside the data directory.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::thread;

use chrono::{DateTime, Duration, Utc};
use common::fixture;
use hubscreen::lists::in_use::lists_in_use;
use hubscreen::lists::sources::{SourceFile, SourceSpec, UpdateDefaults};
use hubscreen::lists::update::{Fetcher, ListStore, UpdateError};
use serde_json::Value;

/// Serves the same bytes for every file.
struct Fixed(Vec<u8>);

impl Fetcher for Fixed {
    fn fetch(&self, _url: &str, _file: &str) -> Result<Vec<u8>, UpdateError> {
        Ok(self.0.clone())
    }

    fn origin(&self, url: &str, _file: &str) -> String {
        url.to_string()
    }
}

fn spec() -> SourceSpec {
    SourceSpec {
        name: "test-sdn".into(),
        enabled: true,
        files: vec![SourceFile {
            url: "https://example.invalid/sdn.csv".into(),
            file: "sdn.csv".into(),
        }],
        max_shrink: None,
    }
}

fn sdn() -> Vec<u8> {
    std::fs::read(fixture("ofac_delta/before/sdn.csv")).unwrap()
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::seconds(seconds)
}

fn hubscreen(data: &Path, args: &[&str]) -> Output {
    common::hubscreen_at(data)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("HUBSCREEN_STORE")
        .env("HOME", data)
        .env("XDG_CONFIG_HOME", data.join("config"))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The folder `CURRENT` names, after checking that it is an intact install: the folder is
/// there, its record reads and its list loads.
fn intact_current(source_dir: &Path) -> PathBuf {
    let name = std::fs::read_to_string(source_dir.join("CURRENT"))
        .unwrap_or_else(|e| panic!("CURRENT unreadable: {e}"));
    let dir = source_dir.join(name.trim());
    assert!(
        dir.is_dir(),
        "CURRENT names {}, which is not there; folders: {:?}",
        name.trim(),
        folders(source_dir)
    );
    let meta: Value = serde_json::from_slice(&std::fs::read(dir.join("meta.json")).unwrap())
        .expect("meta.json reads");
    assert_eq!(meta["entries"], 12);
    let lists = hubscreen::lists::load_path(&dir).expect("the version in use loads");
    assert_eq!(lists[0].entries.len(), 12);
    dir
}

fn folders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn parallel_updates_of_one_source_in_threads_leave_current_on_an_intact_version() {
    let data = tempfile::tempdir().unwrap();
    let store = Arc::new(ListStore::new(data.path()));
    let source_dir = data.path().join("lists/test-sdn");
    for round in 0..5 {
        let handles: Vec<_> = (0..6)
            .map(|t| {
                let store = Arc::clone(&store);
                // Half the threads share one clock reading, as two updates started in the
                // same instant would.
                let now = at(round * 100 + if t % 2 == 0 { 0 } else { t });
                thread::spawn(move || {
                    store.update(&spec(), &Fixed(sdn()), &UpdateDefaults::default(), now)
                })
            })
            .collect();
        for h in handles {
            let outcome = h.join().expect("no panic");
            assert!(outcome.is_ok(), "round {round}: {:?}", outcome.err());
        }
        intact_current(&source_dir);
        assert_eq!(store.installed().len(), 1, "round {round}");
        let stray: Vec<String> = folders(&source_dir)
            .into_iter()
            .filter(|n| n.starts_with("staging"))
            .collect();
        assert!(stray.is_empty(), "round {round}: staging left: {stray:?}");
    }
}

#[test]
fn parallel_update_processes_leave_current_on_an_intact_version() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    std::fs::write(usb.path().join("sdn.csv"), sdn()).unwrap();
    let sources = usb.path().join("sources.toml");
    std::fs::write(
        &sources,
        "[[source]]\nname = \"test-sdn\"\nfiles = [{ url = \"https://example.invalid/sdn.csv\", file = \"sdn.csv\" }]\n",
    )
    .unwrap();
    let args = [
        "lists",
        "update",
        "--sources",
        sources.to_str().unwrap(),
        "--from",
        usb.path().to_str().unwrap(),
        "--only",
        "test-sdn",
    ];
    for round in 0..3 {
        let children: Vec<_> = (0..6)
            .map(|_| {
                common::hubscreen_at(data.path())
                    .arg("--data-dir")
                    .arg(data.path())
                    .args(args)
                    .env("HOME", data.path())
                    .env("XDG_CONFIG_HOME", data.path().join("config"))
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                stderr(&out)
            );
        }
        intact_current(&data.path().join("lists/test-sdn"));
        let show = hubscreen(data.path(), &["lists", "show", "--format", "json"]);
        let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
        assert!(
            shown
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["source"] == "test-sdn"),
            "round {round}: the source must stay in use: {}",
            stderr(&show)
        );
    }
}

/// Installs the test source twice and returns the folders of the first and second versions.
fn two_versions(data: &Path) -> (PathBuf, PathBuf) {
    let store = ListStore::new(data);
    let d = UpdateDefaults::default();
    store.update(&spec(), &Fixed(sdn()), &d, at(0)).unwrap();
    let first = intact_current(&data.join("lists/test-sdn"));
    store.update(&spec(), &Fixed(sdn()), &d, at(60)).unwrap();
    let second = intact_current(&data.join("lists/test-sdn"));
    assert_ne!(first, second);
    (first, second)
}

#[test]
fn dangling_current_is_said_loudly_and_the_newest_intact_version_is_used() {
    let data = tempfile::tempdir().unwrap();
    let (first, second) = two_versions(data.path());
    std::fs::remove_dir_all(&second).unwrap();
    let gone = second.file_name().unwrap().to_string_lossy().into_owned();
    let kept = first.file_name().unwrap().to_string_lossy().into_owned();

    // The engine: the source stays installed, from the newest intact version, with a note.
    let store = ListStore::new(data.path());
    let installed = store.installed();
    assert_eq!(installed.len(), 1);
    assert_eq!(installed[0].dir, first);
    let in_use = lists_in_use(&store, &[], &[]);
    assert!(in_use.unreadable.is_empty(), "{:?}", in_use.unreadable);
    assert!(
        in_use
            .lists
            .iter()
            .any(|l| l.entries.iter().any(|e| e.id == "9519")),
        "the source is still screened"
    );
    let note = in_use.notes.join("\n");
    assert!(
        note.contains("test-sdn") && note.contains(&gone) && note.contains(&kept),
        "notes: {note}"
    );

    // The command line says so on every run.
    let show = hubscreen(data.path(), &["lists", "show", "--format", "json"]);
    let err = stderr(&show);
    assert!(
        err.contains("CURRENT") && err.contains(&gone) && err.contains(&kept),
        "{err}"
    );
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert!(
        shown
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["source"] == "test-sdn" && l["entries"] == 12),
        "{shown}"
    );

    // The next update repairs it.
    store
        .update(&spec(), &Fixed(sdn()), &UpdateDefaults::default(), at(120))
        .unwrap();
    intact_current(&data.path().join("lists/test-sdn"));
    assert!(lists_in_use(&store, &[], &[]).notes.is_empty());
}

#[test]
fn a_source_with_no_intact_version_left_refuses_screening_instead_of_vanishing() {
    let data = tempfile::tempdir().unwrap();
    let (first, second) = two_versions(data.path());
    std::fs::remove_dir_all(&second).unwrap();
    // The older copy is there but its record is gone: not intact.
    std::fs::remove_file(first.join("meta.json")).unwrap();
    let store = ListStore::new(data.path());
    let in_use = lists_in_use(&store, &[], &[]);
    let refusal = in_use.refusal().expect("screening is refused");
    assert!(refusal.contains("test-sdn"), "{refusal}");
    let out = hubscreen(data.path(), &["screen-names", "--format", "ndjson"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("test-sdn"), "{}", stderr(&out));
}

#[test]
fn staging_folder_of_a_killed_update_is_removed_by_the_next_update() {
    let data = tempfile::tempdir().unwrap();
    let source_dir = data.path().join("lists/test-sdn");
    // What a killed update leaves: a half-written staging folder (pid 4000000 does not run:
    // Linux pids stop at 4194304 and this one is never used by a test).
    let stale = source_dir.join("staging-4000000-1");
    std::fs::create_dir_all(&stale).unwrap();
    std::fs::write(stale.join("sdn.csv"), &sdn()[..100]).unwrap();
    ListStore::new(data.path())
        .update(&spec(), &Fixed(sdn()), &UpdateDefaults::default(), at(0))
        .unwrap();
    intact_current(&source_dir);
    let left: Vec<String> = folders(&source_dir)
        .into_iter()
        .filter(|n| n.starts_with("staging"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A sources file naming one source `test-sdn` with `file` as the name to save under, fetched
/// from the fixture.
fn sources_saving_as(dir: &Path, file: &str) -> PathBuf {
    let path = dir.join("sources.toml");
    let url = format!("file://{}", fixture("ofac_delta/before/sdn.csv").display());
    std::fs::write(
        &path,
        format!(
            "[[source]]\nname = \"test-sdn\"\nfiles = [{{ url = \"{url}\", file = {file:?} }}]\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_file_name_that_leaves_the_source_folder_is_refused_when_the_sources_file_is_read() {
    let work = tempfile::tempdir().unwrap();
    // lists/test-sdn/staging-*/../../../../escaped.csv is work/escaped.csv.
    let data = work.path().join("data");
    let absolute = work.path().join("absolute.csv");
    let absolute = absolute.to_str().unwrap();
    for file in [
        "../../../../escaped.csv",
        absolute,
        "sub/sdn.csv",
        "..",
        "meta.json",
        "",
    ] {
        let sources = sources_saving_as(work.path(), file);
        let loaded = hubscreen::lists::sources::Sources::load(&sources);
        let err = loaded.expect_err(file).to_string();
        assert!(
            err.contains("sources.toml") && err.contains("test-sdn") && err.contains(file),
            "{file}: {err}"
        );
        let out = hubscreen(
            &data,
            &["lists", "update", "--sources", sources.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("test-sdn"),
            "{file}: {}",
            stderr(&out)
        );
    }
    assert!(!work.path().join("escaped.csv").exists());
    assert!(!Path::new(absolute).exists());
    assert!(!data.join("lists/test-sdn").exists());
}

#[test]
fn the_engine_refuses_a_file_name_that_leaves_the_source_folder_before_writing_it() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let mut bad = spec();
    bad.files[0].file = "../../../../escaped.csv".into();
    let err = ListStore::new(&data)
        .update(&bad, &Fixed(sdn()), &UpdateDefaults::default(), at(0))
        .expect_err("refused");
    assert!(err.to_string().contains("escaped.csv"), "{err}");
    assert!(!work.path().join("escaped.csv").exists());
}

/// A one-route HTTP server on 127.0.0.1: `/ok/sdn.csv` gives the fixture, anything else 404.
/// Ends when the test ends (the thread is detached and the listener dropped with the process).
fn serve_sdn() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let _ = if path.starts_with("/ok/sdn.csv") {
                let body = sdn();
                write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .and_then(|_| stream.write_all(&body))
            } else {
                write!(
                    stream,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
            };
        }
    });
    port
}

const SECRETS: [&str; 4] = ["s3cr3tpw", "KEY123456", "TOK789", "PRIVATE-TOKEN-VALUE"];

fn sources_at(dir: &Path, url: &str) -> PathBuf {
    let path = dir.join("sources.toml");
    std::fs::write(
        &path,
        format!(
            "[defaults]\ntimeout_secs = 2\nretries = 0\n\n[[source]]\nname = \"test-sdn\"\nfiles = [{{ url = \"{url}\", file = \"sdn.csv\" }}]\n"
        ),
    )
    .unwrap();
    path
}

fn assert_no_secret(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} shows the secret {s}: {text}");
    }
}

#[test]
fn credentials_in_a_source_address_are_never_printed_or_stored() {
    let port = serve_sdn();
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let secret_query = "api_key=KEY123456&format=csv&token=TOK789";
    // A failing download, a refused connection, and a good one.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    for (url, ok) in [
        (
            format!("http://user:s3cr3tpw@127.0.0.1:{port}/missing/sdn.csv?{secret_query}"),
            false,
        ),
        (
            format!("http://user:s3cr3tpw@127.0.0.1:{closed_port}/sdn.csv?{secret_query}"),
            false,
        ),
        (
            format!("http://user:s3cr3tpw@127.0.0.1:{port}/ok/sdn.csv?{secret_query}"),
            true,
        ),
    ] {
        let sources = sources_at(work.path(), &url);
        let out = hubscreen(
            &data,
            &[
                "lists",
                "update",
                "--sources",
                sources.to_str().unwrap(),
                "--only",
                "test-sdn",
            ],
        );
        let said = format!("{}{}", stderr(&out), String::from_utf8_lossy(&out.stdout));
        assert_eq!(out.status.code(), Some(if ok { 0 } else { 2 }), "{said}");
        assert_no_secret(&url, &said);
        assert!(said.contains("test-sdn"), "{said}");
        if !ok {
            // Still says where: the host and the path, without the secrets.
            assert!(
                said.contains("127.0.0.1") && said.contains("sdn.csv"),
                "{said}"
            );
        }
    }
    let current = intact_current(&data.join("lists/test-sdn"));
    let meta = std::fs::read_to_string(current.join("meta.json")).unwrap();
    assert_no_secret("meta.json", &meta);
    assert!(
        meta.contains("format=csv"),
        "the rest of the address is kept: {meta}"
    );
    let show = hubscreen(&data, &["lists", "show", "--format", "json"]);
    assert_no_secret("lists show", &String::from_utf8_lossy(&show.stdout));

    // A sources file that does not parse quotes the line: not the secret in it.
    let bad = work.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[source]]\nname = \"x\"\nfiles = [{ url = \"https://u:PRIVATE-TOKEN-VALUE@example.invalid/a.csv\", file = \"a.csv\", extra = 1 }]\n",
    )
    .unwrap();
    let out = hubscreen(
        &data,
        &["lists", "update", "--sources", bad.to_str().unwrap()],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("bad.toml"), "{}", stderr(&out));
    assert_no_secret("sources error", &stderr(&out));
}

#[cfg(unix)]
#[test]
fn data_directory_store_and_install_records_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("fresh/data");
    let usb = work.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    std::fs::write(usb.join("sdn.csv"), sdn()).unwrap();
    let sources = sources_at(work.path(), "https://example.invalid/sdn.csv");
    let out = hubscreen(
        &data,
        &[
            "lists",
            "update",
            "--sources",
            sources.to_str().unwrap(),
            "--from",
            usb.to_str().unwrap(),
            "--only",
            "test-sdn",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let manifest = common::project("sample-manifests/small_manifest.json");
    let out = hubscreen(&data, &["ingest", manifest.to_str().unwrap()]);
    assert!(data.join("hubscreen.db").is_file(), "{}", stderr(&out));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let current = intact_current(&data.join("lists/test-sdn"));
    for dir in [
        data.clone(),
        data.join("lists"),
        data.join("lists/test-sdn"),
        current.clone(),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    for file in [
        current.join("meta.json"),
        current.join("delta.json"),
        current.join("sdn.csv"),
        data.join("lists/test-sdn/CURRENT"),
        data.join("hubscreen.db"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }

    // A store made first makes the data directory the same way.
    let other = work.path().join("other/data");
    let out = hubscreen(&other, &["ingest", manifest.to_str().unwrap()]);
    assert!(other.join("hubscreen.db").is_file(), "{}", stderr(&out));
    assert_eq!(mode(&other), 0o700);
    assert_eq!(mode(&other.join("hubscreen.db")), 0o600);
}
