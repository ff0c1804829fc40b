//! `hubscreen lists update` against a local HTTP server started by the test on 127.0.0.1:
//! a good update, the delta of a real week of OFAC changes reproduced on small fixtures, and
//! every way a download goes wrong. Each failure must leave the previous copy in use, exit
//! non-zero and name the source.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::fixture;
use serde_json::Value;

/// How the test server answers one path.
#[derive(Clone)]
enum Reply {
    Body(Vec<u8>),
    Status(u16),
    /// Waits this long before answering (longer than the client's timeout).
    Slow(Duration),
    /// The body with a `Last-Modified` header.
    Dated {
        body: Vec<u8>,
        last_modified: &'static str,
    },
    /// Announces `claimed` bytes and sends `body`, then closes.
    Truncated {
        body: Vec<u8>,
        claimed: usize,
    },
}

struct Server {
    port: u16,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    stop: Arc<AtomicBool>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (routes.clone(), stop.clone());
        let handle = thread::spawn(move || {
            // Bounded: the server ends when the test drops it, or after 120 s at most.
            let deadline = std::time::Instant::now() + Duration::from_secs(120);
            while !s.load(Ordering::Relaxed) && std::time::Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let routes = r.clone();
                        thread::spawn(move || serve(stream, &routes));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Server {
            port,
            routes,
            stop,
            handle: Some(handle),
        }
    }

    fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn serve(mut stream: TcpStream, routes: &Mutex<HashMap<String, Reply>>) {
    stream.set_nonblocking(false).ok();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = routes
        .lock()
        .unwrap()
        .get(&path)
        .cloned()
        .unwrap_or(Reply::Status(404));
    let _ = match reply {
        Reply::Body(body) => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .and_then(|_| stream.write_all(&body)),
        Reply::Dated {
            body,
            last_modified,
        } => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nLast-Modified: {last_modified}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .and_then(|_| stream.write_all(&body)),
        Reply::Status(code) => write!(
            stream,
            "HTTP/1.1 {code} Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        Reply::Slow(wait) => {
            thread::sleep(wait);
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
        }
        Reply::Truncated { body, claimed } => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {claimed}\r\nConnection: close\r\n\r\n"
        )
        .and_then(|_| stream.write_all(&body)),
    };
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(fixture(path)).unwrap()
}

/// Writes a sources file naming one OFAC-style source at `path` on the server.
fn sources(dir: &Path, server: &Server, path: &str) -> String {
    let file = dir.join("sources.toml");
    std::fs::write(
        &file,
        format!(
            "[defaults]\ntimeout_secs = 1\nretries = 0\nmax_shrink = 0.5\n\n[[source]]\nname = \"test-sdn\"\nfiles = [{{ url = \"{}\", file = \"sdn.csv\" }}]\n",
            server.url(path)
        ),
    )
    .unwrap();
    file.display().to_string()
}

fn hubscreen(data: &Path, args: &[&str]) -> Output {
    common::hubscreen_at(data)
        .args(args)
        .env("HUBSCREEN_DATA_DIR", data)
        .output()
        .unwrap()
}

fn update(data: &Path, sources: &str) -> Output {
    hubscreen(
        data,
        &[
            "lists",
            "update",
            "--sources",
            sources,
            "--only",
            "test-sdn",
        ],
    )
}

/// Entry count and version of the installed test source, from `lists show`.
fn installed(data: &Path) -> (u64, String) {
    let out = hubscreen(data, &["lists", "show", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let l = v
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["source"] == "test-sdn")
        .expect("installed");
    (
        l["entries"].as_u64().unwrap(),
        l["fetched_at"].as_str().unwrap().to_string(),
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn update_installs_records_the_delta_and_survives_every_bad_download() {
    let server = Server::start();
    let data = tempfile::tempdir().unwrap();
    let conf = tempfile::tempdir().unwrap();
    let d = data.path();

    // A good first install.
    server.route(
        "/before/sdn.csv",
        Reply::Body(read("ofac_delta/before/sdn.csv")),
    );
    let out = update(d, &sources(conf.path(), &server, "/before/sdn.csv"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("test-sdn: installed 12 entries"), "{said}");
    assert!(said.contains("first install"), "{said}");
    assert_eq!(installed(d).0, 12);

    // The next publication: two delistings, six designations.
    server.route(
        "/after/sdn.csv",
        Reply::Body(read("ofac_delta/after/sdn.csv")),
    );
    let out = update(d, &sources(conf.path(), &server, "/after/sdn.csv"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("delta +6 -2 ~0"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (count, good_version) = installed(d);
    assert_eq!(count, 16);

    let diff = hubscreen(d, &["lists", "diff", "test-sdn", "--format", "json"]);
    let deltas: Value = serde_json::from_slice(&diff.stdout).unwrap();
    let added: Vec<&str> = deltas[0]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let removed: Vec<&str> = deltas[0]["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        added,
        vec!["47001", "47002", "47003", "47004", "47005", "47006"]
    );
    assert_eq!(removed, vec!["23771", "24430"]);

    // Screening now uses the installed copy: the new designation is found.
    let names = common::hubscreen_at(d)
        .args(["screen-names", "--format", "ndjson"])
        .env("HUBSCREEN_DATA_DIR", d)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .unwrap()
                .write_all(b"AL KHOR GENERAL TRADING FZE\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(String::from_utf8_lossy(&names.stdout).contains("\"entry_id\":\"47005\""));

    // Every bad download leaves the good copy in place, exits 2 and names the source.
    let html =
        b"<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>".to_vec();
    let after = read("ofac_delta/after/sdn.csv");
    let cases: Vec<(&str, Reply, &str)> = vec![
        ("/missing/sdn.csv", Reply::Status(404), "HTTP 404"),
        (
            "/slow/sdn.csv",
            Reply::Slow(Duration::from_secs(3)),
            "timed out",
        ),
        (
            "/truncated/sdn.csv",
            Reply::Truncated {
                body: after[..after.len() / 2].to_vec(),
                claimed: after.len(),
            },
            "",
        ),
        ("/empty/sdn.csv", Reply::Body(Vec::new()), "empty"),
        ("/html/sdn.csv", Reply::Body(html), "HTML page"),
        (
            "/shrunk/sdn.csv",
            Reply::Body(read("ofac_delta/shrunk/sdn.csv")),
            "entry count fell from 16 to 1",
        ),
    ];
    for (path, reply, why) in cases {
        server.route(path, reply);
        let out = update(d, &sources(conf.path(), &server, path));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{path}: {err}");
        assert!(
            err.contains("test-sdn: FAILED"),
            "{path}: source not named: {err}"
        );
        assert!(err.contains(why), "{path}: expected {why:?} in: {err}");
        assert!(err.contains("previous copy kept"), "{path}: {err}");
        assert_eq!(
            installed(d),
            (16, good_version.clone()),
            "{path}: the good copy must stay in use"
        );
    }
}

#[test]
fn from_folder_installs_files_carried_in_by_hand() {
    let data = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    std::fs::create_dir(usb.path().join("test-sdn")).unwrap();
    std::fs::copy(
        fixture("ofac_delta/before/sdn.csv"),
        usb.path().join("test-sdn/sdn.csv"),
    )
    .unwrap();
    let conf = tempfile::tempdir().unwrap();
    let sources = conf.path().join("sources.toml");
    std::fs::write(
        &sources,
        "[[source]]\nname = \"test-sdn\"\nfiles = [{ url = \"https://example.invalid/sdn.csv\", file = \"sdn.csv\" }]\n",
    )
    .unwrap();
    let out = hubscreen(
        data.path(),
        &[
            "lists",
            "update",
            "--sources",
            sources.to_str().unwrap(),
            "--from",
            usb.path().to_str().unwrap(),
            "--only",
            "test-sdn",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(installed(data.path()).0, 12);
    let show = hubscreen(data.path(), &["lists", "show"]);
    let table = String::from_utf8_lossy(&show.stdout);
    assert!(table.contains("source test-sdn, fetched"), "{table}");
    assert!(table.contains(" 0d "), "age is shown: {table}");
}

/// Copies `file` to `<usb>/<source>/<name>` (with `modified` as its file time when given) and
/// installs it with `lists update --from`, under a sources file naming that one source.
fn install_from(
    data: &Path,
    source: &str,
    name: &str,
    bytes: &[u8],
    modified: Option<std::time::SystemTime>,
) -> Output {
    let usb = tempfile::tempdir().unwrap();
    std::fs::create_dir(usb.path().join(source)).unwrap();
    let carried = usb.path().join(source).join(name);
    std::fs::write(&carried, bytes).unwrap();
    if let Some(t) = modified {
        std::fs::File::options()
            .write(true)
            .open(&carried)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }
    let sources = usb.path().join("sources.toml");
    std::fs::write(
        &sources,
        format!(
            "[[source]]\nname = \"{source}\"\nfiles = [{{ url = \"https://example.invalid/{name}\", file = \"{name}\" }}]\n"
        ),
    )
    .unwrap();
    hubscreen(
        data,
        &[
            "lists",
            "update",
            "--sources",
            sources.to_str().unwrap(),
            "--from",
            usb.path().to_str().unwrap(),
            "--only",
            source,
        ],
    )
}

/// The `lists show --format json` record of the list installed from `source`.
fn shown(data: &Path, source: &str) -> Option<Value> {
    let out = hubscreen(data, &["lists", "show", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .find(|l| l["source"] == source)
        .cloned()
}

fn days_since(date: &str) -> i64 {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    (chrono::Utc::now().date_naive() - d).num_days()
}

#[test]
fn uk_list_rows_without_a_name_are_reported_by_line_and_id_and_the_list_installs() {
    let data = tempfile::tempdir().unwrap();
    let out = install_from(
        data.path(),
        "test-uk",
        "UK-Sanctions-List.csv",
        &read("uk/UK-Sanctions-List.csv"),
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("test-uk: installed 4 entries"), "{said}");
    // Each row that cannot be screened is named: where it is and which designation it is.
    assert!(
        err.contains("UK-Sanctions-List.csv:12") && err.contains("RUS9005 has no name"),
        "{err}"
    );
    assert!(
        err.contains("UK-Sanctions-List.csv:13") && err.contains("no Unique ID"),
        "{err}"
    );
    assert!(
        !err.contains("(download)"),
        "staging paths never leak: {err}"
    );
    assert_eq!(shown(data.path(), "test-uk").unwrap()["entries"], 4);
}

#[test]
fn rows_of_an_installed_list_that_cannot_be_screened_are_said_on_each_run_without_hiding_fail_on() {
    let data = tempfile::tempdir().unwrap();
    let out = install_from(
        data.path(),
        "test-uk",
        "UK-Sanctions-List.csv",
        &read("uk/UK-Sanctions-List.csv"),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = hubscreen(
        data.path(),
        &[
            "screen",
            "sample-manifests/feeder_jebel_ali.csv",
            "--fail-on",
            "red",
        ],
    );
    let err = stderr(&out);
    // The agency sample list finds red shipments; the official list's nameless row is said
    // again, and does not turn the pipeline's answer (1: a red shipment) into 2.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("RUS9005 has no name"), "{err}");
}

#[test]
fn real_uk_sanctions_list_installs_with_its_two_nameless_rows_reported() {
    let Some(path) = common::shared("lists/uk/UK_Sanctions_List_2025-08-11.csv") else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let out = install_from(
        data.path(),
        "uk-sanctions-list",
        "UK_Sanctions_List.csv",
        &std::fs::read(path).unwrap(),
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for id in ["BEL0174", "RUS1467"] {
        assert!(err.contains(&format!("{id} has no name")), "{id}: {err}");
    }
    let entries = shown(data.path(), "uk-sanctions-list").unwrap()["entries"]
        .as_u64()
        .unwrap();
    assert!(entries > 3000, "{entries}");
}

/// The CSL fixture cut `keep` bytes into the last quoted field that has text in it.
fn csl_cut_inside_a_quote(keep: usize) -> Vec<u8> {
    let csl = read("csl/consolidated.csv");
    let open = (0..csl.len() - 2)
        .rev()
        .find(|&i| csl[i] == b',' && csl[i + 1] == b'"' && csl[i + 2] != b'"')
        .unwrap();
    let cut = open + 2 + keep;
    assert!(
        !csl[open + 2..cut].contains(&b'"'),
        "the cut is inside the quotes"
    );
    csl[..cut].to_vec()
}

#[test]
fn csv_cut_inside_a_quoted_field_is_refused_by_update_and_by_screen() {
    let data = tempfile::tempdir().unwrap();
    let cut = csl_cut_inside_a_quote(12);
    let out = install_from(data.path(), "test-csl", "consolidated.csv", &cut, None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("test-csl: FAILED"), "{err}");
    assert!(err.contains("ends inside a quoted field"), "{err}");
    assert!(err.contains("truncated"), "{err}");
    assert!(
        shown(data.path(), "test-csl").is_none(),
        "nothing installed"
    );

    // Loaded with --list, the cut file is a loud error naming it, not a shorter list.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("consolidated.csv");
    std::fs::write(&file, &cut).unwrap();
    let out = hubscreen(
        data.path(),
        &["lists", "show", "--list", file.to_str().unwrap()],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("consolidated.csv:") && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn real_csl_cut_at_97_percent_is_refused() {
    let Some(path) = common::shared("lists/csl_us/consolidated.csv") else {
        return;
    };
    let csl = std::fs::read(path).unwrap();
    let data = tempfile::tempdir().unwrap();
    let out = install_from(
        data.path(),
        "test-csl",
        "consolidated.csv",
        &csl[..csl.len() * 97 / 100],
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("truncated"), "{err}");
    assert!(
        shown(data.path(), "test-csl").is_none(),
        "nothing installed"
    );
}

#[test]
fn list_carried_in_is_dated_by_its_own_publication_date_and_warns_when_stale() {
    let data = tempfile::tempdir().unwrap();
    let out = install_from(
        data.path(),
        "test-uk",
        "UK-Sanctions-List.csv",
        &read("uk/UK-Sanctions-List.csv"),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // `Report Date: 11-Aug-2025`, whatever day the copy was made.
    let age = days_since("2025-08-11");
    let list = shown(data.path(), "test-uk").unwrap();
    assert_eq!(list["published"], "2025-08-11", "{list}");
    assert_eq!(list["age_days"], age, "{list}");
    assert_eq!(list["stale"], true, "{list}");

    let show = hubscreen(data.path(), &["lists", "show"]);
    let err = stderr(&show);
    assert!(
        err.contains(&format!("list test-uk is {age} days old")) && err.contains("2025-08-11"),
        "lists show warns: {err}"
    );
    let table = String::from_utf8_lossy(&show.stdout);
    assert!(table.contains(&format!(" {age}d ")), "{table}");

    let screen = hubscreen(
        data.path(),
        &[
            "screen",
            common::project("sample-manifests/small_manifest.json")
                .to_str()
                .unwrap(),
        ],
    );
    let err = stderr(&screen);
    assert!(
        err.contains(&format!("list test-uk is {age} days old")),
        "screen warns: {err}"
    );
}

#[test]
fn list_without_a_date_is_aged_from_its_file_time_as_carried_not_the_copy_time() {
    let data = tempfile::tempdir().unwrap();
    let forty_days_ago =
        std::time::SystemTime::now() - std::time::Duration::from_secs(40 * 86_400 + 3_600);
    let out = install_from(
        data.path(),
        "test-sdn",
        "sdn.csv",
        &read("ofac_delta/before/sdn.csv"),
        Some(forty_days_ago),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Ages count calendar days from the file's date (40 or 41, by the time of day).
    let file_day = chrono::DateTime::<chrono::Utc>::from(forty_days_ago).date_naive();
    let age = (chrono::Utc::now().date_naive() - file_day).num_days();
    assert!((40..=41).contains(&age));
    let list = shown(data.path(), "test-sdn").unwrap();
    assert_eq!(list["age_days"], age, "{list}");
    assert_eq!(list["published"], Value::Null, "{list}");
    assert_eq!(list["dated_by"], "file_time", "{list}");
    assert_eq!(list["stale"], true, "{list}");
    let copied_on = chrono::DateTime::<chrono::Utc>::from(forty_days_ago)
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(list["version"], format!("file date {copied_on}"), "{list}");

    let show = hubscreen(data.path(), &["lists", "show"]);
    let table = String::from_utf8_lossy(&show.stdout);
    assert!(table.contains("publication date unknown"), "{table}");
    assert!(table.contains(&format!(" {age}d ")), "{table}");
    assert!(
        stderr(&show).contains(&format!("list test-sdn is {age} days old")),
        "{}",
        stderr(&show)
    );
}

#[test]
fn download_without_a_date_is_aged_from_its_last_modified() {
    let server = Server::start();
    let data = tempfile::tempdir().unwrap();
    let conf = tempfile::tempdir().unwrap();
    server.route(
        "/dated/sdn.csv",
        Reply::Dated {
            body: read("ofac_delta/before/sdn.csv"),
            last_modified: "Tue, 01 Jul 2025 08:00:00 GMT",
        },
    );
    let out = update(
        data.path(),
        &sources(conf.path(), &server, "/dated/sdn.csv"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = shown(data.path(), "test-sdn").unwrap();
    assert_eq!(list["published"], "2025-07-01", "{list}");
    assert_eq!(list["dated_by"], "last_modified", "{list}");
    assert_eq!(list["version"], "file date 2025-07-01", "{list}");
    assert_eq!(list["age_days"], days_since("2025-07-01"), "{list}");
    assert_eq!(list["stale"], true, "{list}");
}
