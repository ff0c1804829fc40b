//! The SQLite schema, as migrations versioned in code. Each migration runs once, in order, in
//! one transaction with the `PRAGMA user_version` that records it, so that a store is always at
//! exactly one version. Never edit a released migration: add the next one.

/// `(version, sql)`, in order. The store's `user_version` is the last one applied.
pub const MIGRATIONS: &[(&str, &str)] = &[("1", V1), ("2", V2)];

/// Schema 2: the audit log's signed checkpoint (one row: the head as of the last write). From
/// this version on, audit records also carry the content of the rows they wrote (see
/// `store::rows`); the store writes a `store.migrate` record naming the rows written before.
const V2: &str = r#"
CREATE TABLE audit_checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    key_id TEXT NOT NULL,
    mac TEXT NOT NULL
);
"#;

const V1: &str = r#"
CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    shipments INTEGER NOT NULL,
    new_versions INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    problems TEXT NOT NULL
);

CREATE TABLE manifests (
    id INTEGER PRIMARY KEY,
    ingest_run INTEGER NOT NULL REFERENCES ingest_runs(id),
    reference TEXT,
    conveyance TEXT
);

-- One row per version of a bill. An amended bill adds a row; the old one stays.
CREATE TABLE shipments (
    id INTEGER PRIMARY KEY,
    bill_of_lading TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    manifest INTEGER NOT NULL REFERENCES manifests(id),
    created_at TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (bill_of_lading, version),
    UNIQUE (bill_of_lading, content_hash)
);

CREATE TABLE list_versions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    UNIQUE (name, version, sha256)
);

-- The set of list versions one screening run used, shared by all its assessments.
CREATE TABLE list_sets (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);

CREATE TABLE list_set_members (
    list_set INTEGER NOT NULL REFERENCES list_sets(id),
    list_version INTEGER NOT NULL REFERENCES list_versions(id),
    PRIMARY KEY (list_set, list_version)
) WITHOUT ROWID;

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    shipment INTEGER NOT NULL REFERENCES shipments(id),
    at TEXT NOT NULL,
    trigger TEXT NOT NULL,
    lane TEXT NOT NULL,
    score INTEGER NOT NULL,
    list_set INTEGER NOT NULL REFERENCES list_sets(id),
    body TEXT NOT NULL
);
CREATE INDEX assessments_shipment ON assessments(shipment);
CREATE INDEX assessments_at ON assessments(at);

-- The list entries an assessment hit, as they were: a suppression lapses when its entry changes.
CREATE TABLE hit_entries (
    assessment INTEGER NOT NULL REFERENCES assessments(id),
    list TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (assessment, list, entry_id)
) WITHOUT ROWID;

CREATE TABLE queue_items (
    id INTEGER PRIMARY KEY,
    bill_of_lading TEXT NOT NULL UNIQUE,
    shipment INTEGER NOT NULL REFERENCES shipments(id),
    assessment INTEGER NOT NULL REFERENCES assessments(id),
    lane TEXT NOT NULL,
    score INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL,
    claimed_by TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX queue_items_state ON queue_items(state);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    item INTEGER NOT NULL REFERENCES queue_items(id),
    assessment INTEGER NOT NULL REFERENCES assessments(id),
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    reason_code TEXT,
    note TEXT,
    hit INTEGER,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    item_version INTEGER NOT NULL
);
CREATE INDEX decisions_item ON decisions(item);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    item INTEGER NOT NULL REFERENCES queue_items(id),
    decision INTEGER REFERENCES decisions(id),
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    text TEXT NOT NULL
);

-- One row per rule and per list that an examined shipment's assessment named.
CREATE TABLE exam_results (
    id INTEGER PRIMARY KEY,
    decision INTEGER NOT NULL REFERENCES decisions(id),
    item INTEGER NOT NULL REFERENCES queue_items(id),
    result TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL
);

CREATE TABLE suppressions (
    id INTEGER PRIMARY KEY,
    party_name TEXT NOT NULL,
    list TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    fingerprint TEXT,
    expires TEXT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    reason_code TEXT NOT NULL,
    note TEXT,
    decision INTEGER NOT NULL REFERENCES decisions(id)
);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    item TEXT NOT NULL,
    old TEXT,
    new TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"#;
