//! The name index, kept on disk per set of list versions, so that a start-up with the same
//! lists reads it back instead of normalising every name again.
//!
//! A cache file is named after a key over the format version, the source of the normaliser
//! and of the index (so that a changed rule never reads yesterday's tokens), the locked crate
//! versions (so that an upgraded dependency never does either), a canary (a few names run
//! through today's normaliser), and every loaded list's name, version, content hash, entry
//! count and names as read (ids, kinds, names and aliases). The file ends with a SHA-256 of its body: a truncated or altered file is rebuilt,
//! never trusted.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::names::NameIndex;
use super::normalize::tokenize_name;
use crate::lists::WatchList;
use crate::model::EntityKind;

/// Bump when the index's layout or the scorer's weights change.
const FORMAT: &str = "hubscreen-name-index-7";

/// The code that decides what the cached tokens, weights and similarities are, and the
/// versions of the crates it calls (transliteration, `strsim` for long tokens).
const SOURCES: [&str; 18] = [
    include_str!("normalize.rs"),
    include_str!("sound_key.rs"),
    include_str!("name_words.rs"),
    include_str!("translit.rs"),
    include_str!("../text/fold.rs"),
    include_str!("../text/abjad.rs"),
    include_str!("../text/hidden.rs"),
    include_str!("../text/legal_forms.rs"),
    include_str!("names/mod.rs"),
    include_str!("names/build.rs"),
    include_str!("names/codec.rs"),
    include_str!("names/explain.rs"),
    include_str!("names/jaro.rs"),
    include_str!("names/probe.rs"),
    include_str!("names/score.rs"),
    include_str!("names/search.rs"),
    include_str!("names/similar.rs"),
    include_str!("../../Cargo.lock"),
];

/// Names whose tokens stand in for the normaliser's behaviour in the cache key.
const CANARY: &[(&str, EntityKind)] = &[
    ("MADURO MOROS, Nicolas", EntityKind::Person),
    ("OOO Sokhra Trading L.L.C. Dubai", EntityKind::Organization),
    ("ШАНХАЙ ТОРГОВАЯ КОМПАНИЯ 11420", EntityKind::Unknown),
    ("عبد الله حسين الطائي", EntityKind::Person),
    (
        "Al-Hiyari Group Co., Ltd P.O. BOX 1234",
        EntityKind::Unknown,
    ),
    (
        "Beratex Korporation LTDD S..A.S. UIT 5 Jebell Ali",
        EntityKind::Organization,
    ),
    (
        "Djoint Stock Comaapny Grop Dbai Uaae Hong Cong Rading Dubaiuae",
        EntityKind::Organization,
    ),
];

/// What happened to the cache on a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheUse {
    /// No cache directory was given.
    Off,
    /// Read from this file.
    Loaded(PathBuf),
    /// Built and written to this file.
    Saved(PathBuf),
    /// Built; the cache could not be written (the index is still right, only not kept).
    NotSaved(String),
}

/// The cache key for these lists.
pub fn key(lists: &[WatchList]) -> String {
    let mut h = Sha256::new();
    h.update(FORMAT.as_bytes());
    for source in SOURCES {
        h.update(source.as_bytes());
    }
    for (name, kind) in CANARY {
        for t in tokenize_name(name, *kind) {
            h.update(format!("{}|{:?}|{}|{};", t.text, t.class, t.key, t.abjad).as_bytes());
        }
    }
    for l in lists {
        h.update(
            format!(
                "\n{}|{}|{}|{}",
                l.name,
                l.version,
                l.content_hash,
                l.entries.len()
            )
            .as_bytes(),
        );
        // The names as read, not only the file: a reader that reads the same file
        // differently (a packed alias split into its spellings) must not get yesterday's
        // index, whose name numbers would point at other names.
        for e in &l.entries {
            h.update(e.id.as_bytes());
            h.update([0x1f]);
            h.update(e.kind.as_str().as_bytes());
            for name in std::iter::once(&e.name)
                .chain(e.aliases.iter().map(|a| &a.name))
                .chain(&e.weak_aliases)
            {
                h.update([0x1e]);
                h.update(name.as_bytes());
            }
        }
    }
    crate::source::hex(&h.finalize())
}

fn file_for(dir: &Path, lists: &[WatchList]) -> PathBuf {
    dir.join(format!("names-{}.idx", &key(lists)[..32]))
}

/// Reads the index for `lists` from `dir` if a good copy is there, else builds it and writes
/// it there (older cache files are removed).
pub fn load_or_build(lists: &[WatchList], dir: Option<&Path>) -> (NameIndex, CacheUse) {
    let Some(dir) = dir else {
        return (NameIndex::build(lists), CacheUse::Off);
    };
    let path = file_for(dir, lists);
    if let Some(index) = std::fs::read(&path)
        .ok()
        .and_then(|b| decode(&b))
        .filter(|index| index.refers_within(lists))
    {
        return (index, CacheUse::Loaded(path));
    }
    let index = NameIndex::build(lists);
    let outcome = match save(dir, &path, &index) {
        Ok(()) => CacheUse::Saved(path),
        Err(e) => CacheUse::NotSaved(format!("{}: {e}", path.display())),
    };
    (index, outcome)
}

/// A file writer that hashes what passes through it.
struct Summed<W> {
    file: W,
    sum: Sha256,
}

impl<W: std::io::Write> std::io::Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.sum.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn decode(bytes: &[u8]) -> Option<NameIndex> {
    let body_len = bytes.len().checked_sub(32)?;
    let (body, sum) = bytes.split_at(body_len);
    // The checksum and the decoding side by side: decoding checks every read and every id,
    // so bytes that fail the checksum are only read, never trusted.
    let (intact, index) = rayon::join(
        || Sha256::digest(body).as_slice() == sum,
        || NameIndex::from_bytes(body),
    );
    index.filter(|_| intact)
}

fn save(dir: &Path, path: &Path, index: &NameIndex) -> std::io::Result<()> {
    use std::io::Write;
    crate::owner_only::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    // Streamed through the hash to the file: the bytes (tens of MB for the real lists) are
    // never held in memory beside the index.
    let written = (|| {
        // Buffered in front of the hash, so that it is fed blocks, not single fields.
        let mut out = std::io::BufWriter::new(Summed {
            file: std::fs::File::create(&tmp)?,
            sum: Sha256::new(),
        });
        index.write_to(&mut out)?;
        let Summed { mut file, sum } = out.into_inner().map_err(|e| e.into_error())?;
        file.write_all(&sum.finalize())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path)?;
    // One set of lists is current at a time: drop the caches of older ones, and what a
    // process that stopped while writing left behind (an hour old: not one being written).
    for old in std::fs::read_dir(dir)?.flatten() {
        let p = old.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let is_index = name.starts_with("names-") && name.ends_with(".idx");
        let is_stale_tmp = name.starts_with("names-")
            && name.contains(".tmp")
            && old
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if (is_index && p != path) || is_stale_tmp {
            let _ = std::fs::remove_file(p);
        }
    }
    Ok(())
}
