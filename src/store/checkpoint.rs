//! Anchoring the audit log's head, so that cutting records off its end, or rewriting it with
//! recomputed hashes, shows.
//!
//! The hash chain alone proves only that the records agree with each other: anyone who can
//! edit the file can delete the last records, or recompute every hash after a change, and
//! the chain still holds. So every write transaction also writes a **checkpoint**: the last
//! record's `seq` and hash, signed with HMAC-SHA256 under a key kept outside the database
//! (`audit.key` in the data directory, created readable by its owner only). Someone with the
//! database but not the key cannot move the checkpoint to a shorter or rewritten chain.
//!
//! What it cannot catch: an older copy of the whole store (or of its checkpoint row) put
//! back, since that checkpoint is genuine; and anyone who also holds the key. An **anchor**
//! kept elsewhere (`audit anchor --out FILE`, or the head echoed into every export and
//! referral package) catches the first: the chain must still hold the anchor's record.
//!
//! This module holds the key, the signature and the anchor file format; the store writes the
//! checkpoint row in the same transaction as the records it covers.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::audit::{AuditHead, hex};

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "audit.key";

/// The key file of the store at `store`: `configured` (`[audit] key_file`), else `audit.key`
/// beside the store, so that everyone who shares a store signs with one key.
pub fn key_path(store: &Path, configured: Option<&Path>) -> PathBuf {
    match configured {
        Some(p) => p.to_path_buf(),
        None => store.parent().unwrap_or(Path::new("")).join(KEY_FILE),
    }
}

/// `format` of an anchor file.
pub const ANCHOR_FORMAT: &str = "hubscreen-audit-anchor/1";

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    outer.into()
}

/// The secret that signs checkpoints: 32 random bytes, as hex, in a file only its owner reads.
#[derive(Clone)]
pub struct AuditKey {
    bytes: Vec<u8>,
    path: PathBuf,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey({}, id {})", self.path.display(), self.id())
    }
}

impl AuditKey {
    /// Reads the key at `path`; `Ok(None)` when there is no file.
    pub fn read(path: &Path) -> Result<Option<Self>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let bytes = unhex(text.trim())
            .filter(|b| b.len() == 32)
            .ok_or_else(|| {
                format!(
                    "{}: not a hubscreen audit key (64 hex digits expected)",
                    path.display()
                )
            })?;
        Ok(Some(AuditKey {
            bytes,
            path: path.to_path_buf(),
        }))
    }

    /// Reads the key at `path`, creating it (mode 0600) when there is none. Two processes
    /// creating it at once end up with the same key: the file appears whole or not at all.
    pub fn read_or_create(path: &Path) -> Result<Self, String> {
        if let Some(key) = Self::read(path)? {
            return Ok(key);
        }
        let at = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::owner_only::create_dir_all(dir).map_err(|e| at(&e))?;
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| at(&e))?;
        let tmp = dir.join(format!(
            ".{KEY_FILE}.{}.{}",
            std::process::id(),
            hex(&bytes[..4])
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let written = options.open(&tmp).and_then(|mut f| {
            f.write_all(format!("{}\n", hex(&bytes)).as_bytes())?;
            f.sync_all()
        });
        // A hard link never replaces an existing file: the first key written wins.
        let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(at(&e)),
        }
        Self::read(path)?.ok_or_else(|| at(&"key file vanished after it was written"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A short public name for the key, stored with each checkpoint, so that a wrong key file
    /// is told apart from a forged signature.
    pub fn id(&self) -> String {
        hex(&hmac_sha256(&self.bytes, b"hubscreen audit key id")[..8])
    }

    /// The signature of a checkpoint: HMAC-SHA256 over the canonical JSON array
    /// `["hubscreen-audit-checkpoint/1", seq, hash, at]`.
    pub fn sign(&self, head: &AuditHead, at: &str) -> String {
        let message = serde_json::json!(["hubscreen-audit-checkpoint/1", head.seq, head.hash, at]);
        hex(&hmac_sha256(&self.bytes, message.to_string().as_bytes()))
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The checkpoint row: the head as of the last write, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: String,
    pub key_id: String,
    pub mac: String,
}

impl Checkpoint {
    pub fn new(key: &AuditKey, head: &AuditHead, at: &str) -> Self {
        Checkpoint {
            seq: head.seq,
            hash: head.hash.clone(),
            at: at.to_string(),
            key_id: key.id(),
            mac: key.sign(head, at),
        }
    }

    pub fn head(&self) -> AuditHead {
        AuditHead {
            seq: self.seq,
            hash: self.hash.clone(),
        }
    }

    /// Why this checkpoint does not vouch for a log whose last record is `head`, if it does
    /// not. Without a key only the head is compared, and that proves nothing against someone
    /// who edits the file; the caller says so.
    pub fn problem(&self, key: Option<&AuditKey>, head: &AuditHead) -> Option<String> {
        if let Some(key) = key {
            if self.key_id != key.id() {
                return Some(format!(
                    "the checkpoint was signed with key {}, but {} is key {} (another data directory's key? pass the --data-dir the store was written with)",
                    self.key_id,
                    key.path().display(),
                    key.id()
                ));
            }
            if self.mac != key.sign(&self.head(), &self.at) {
                return Some(format!(
                    "the checkpoint's MAC does not match its fields under {}: the checkpoint was edited",
                    key.path().display()
                ));
            }
        }
        if self.seq != head.seq {
            let cut = if head.seq < self.seq {
                format!(": records {} to {} were removed", head.seq + 1, self.seq)
            } else {
                ": records were added outside hubscreen".to_string()
            };
            return Some(format!(
                "the checkpoint names record {} as the last, the log ends at record {}{cut}",
                self.seq, head.seq
            ));
        }
        if self.hash != head.hash {
            return Some(format!(
                "the checkpoint names record {} with hash {}, the log's record {} has {}: the log was rewritten",
                self.seq,
                &self.hash[..12.min(self.hash.len())],
                head.seq,
                &head.hash[..12.min(head.hash.len())]
            ));
        }
        None
    }
}

/// An anchor file: the head, written down outside the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub format: String,
    pub store: String,
    pub written_at: String,
    pub audit_head: AuditHead,
}

/// The head an anchor names. Accepts an anchor file, a JSON referral package, or an audit
/// export (its last line): each carries an `audit_head` object with `seq` and `hash`.
pub fn read_anchor(text: &str) -> Result<AuditHead, String> {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => {
            let last = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            serde_json::from_str(last).map_err(|e| format!("not JSON: {e}"))?
        }
    };
    let head = value
        .get("audit_head")
        .ok_or("no `audit_head` object (expected an anchor file, a JSON referral package or an audit export)")?;
    let head: AuditHead = serde_json::from_value(head.clone())
        .map_err(|e| format!("`audit_head`: {e} (expected {{\"seq\": N, \"hash\": \"...\"}})"))?;
    if head.hash.len() != 64 || unhex(&head.hash).is_none() {
        return Err(format!(
            "`audit_head.hash` {:?} is not a SHA-256 in hex",
            head.hash
        ));
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_matches_rfc_4231_case_6_long_key() {
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex(&mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_key_is_created_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(KEY_FILE);
        let a = AuditKey::read_or_create(&path).unwrap();
        let b = AuditKey::read_or_create(&path).unwrap();
        assert_eq!(a.id(), b.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left");
    }

    #[test]
    fn a_checkpoint_names_a_cut_tail_and_a_forged_signature() {
        let dir = tempfile::tempdir().unwrap();
        let key = AuditKey::read_or_create(&dir.path().join(KEY_FILE)).unwrap();
        let head = AuditHead {
            seq: 15,
            hash: "a".repeat(64),
        };
        let c = Checkpoint::new(&key, &head, "t");
        assert_eq!(c.problem(Some(&key), &head), None);
        let cut = AuditHead {
            seq: 5,
            hash: "b".repeat(64),
        };
        let why = c.problem(Some(&key), &cut).unwrap();
        assert!(why.contains("records 6 to 15 were removed"), "{why}");
        let mut forged = c.clone();
        forged.seq = 5;
        forged.hash = cut.hash.clone();
        let why = forged.problem(Some(&key), &cut).unwrap();
        assert!(why.contains("MAC"), "{why}");
    }

    #[test]
    fn an_anchor_is_read_from_any_file_carrying_audit_head() {
        let hash = "c".repeat(64);
        let anchor =
            format!("{{\"format\":\"x\",\"audit_head\":{{\"seq\":3,\"hash\":\"{hash}\"}}}}");
        assert_eq!(read_anchor(&anchor).unwrap().seq, 3);
        let export = format!("{{\"seq\":1}}\n{anchor}\n");
        assert_eq!(read_anchor(&export).unwrap().seq, 3);
        assert!(
            read_anchor("{\"seq\": 3}")
                .unwrap_err()
                .contains("audit_head")
        );
    }
}
