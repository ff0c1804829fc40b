//! Goods reference tables a targeter reads beside a goods hit: the HS 2022 nomenclature (the
//! published text of the declared heading) and the EU dual-use list, Annex I (the heading,
//! regime and decontrol notes of the entry a hit points at).
//!
//! They are installed once per machine from the published files (`hubscreen goods install
//! FILE…`) into `<data dir>/reference/`, and read with every screener. They are not bundled:
//! the binary carries hubscreen's own goods lists, not third-party tables. A table that is
//! installed but cannot be read is said loudly and left out; screening goes on without the
//! text (the hits themselves do not depend on it).

pub mod annex;
pub mod hs;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::source::{ReadError, Source};

pub use annex::{AnnexEntry, AnnexI, DecontrolNote};
pub use hs::{HsNomenclature, HsText};

/// Why a reference table could not be read or installed.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{location}: {message}")]
    Row { location: String, message: String },
    #[error("{path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The words of a look-up query, folded; a text matches when it has every one, as a word or
/// the start of one (`lathe` finds `Lathes`).
pub(crate) struct QueryWords(Vec<String>);

impl QueryWords {
    /// `None` when the query has no word.
    pub(crate) fn new(query: &str) -> Option<Self> {
        let words: Vec<String> = crate::text::fold_text(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        (!words.is_empty()).then_some(QueryWords(words))
    }

    pub(crate) fn found_in(&self, text: &str) -> bool {
        let folded = crate::text::fold_text(text);
        let have: Vec<&str> = folded.split(' ').collect();
        self.0.iter().all(|w| {
            have.iter()
                .any(|h| h == w || (h.len() > w.len() && h.starts_with(w.as_str())))
        })
    }
}

/// The kinds of reference table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// The HS 2022 nomenclature, `section,hscode,description,parent,level`.
    Hs2022,
    /// The EU dual-use list, Annex I, as published text.
    AnnexI,
}

impl TableKind {
    pub const ALL: [TableKind; 2] = [TableKind::Hs2022, TableKind::AnnexI];

    /// The file name it is installed under.
    pub fn file_name(self) -> &'static str {
        match self {
            TableKind::Hs2022 => "hs2022.csv",
            TableKind::AnnexI => "annex-i.txt",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TableKind::Hs2022 => "HS 2022 nomenclature",
            TableKind::AnnexI => "EU dual-use list, Annex I",
        }
    }

    /// Which table a file is, by its content: an HS nomenclature starts with its CSV header.
    pub fn detect(source: &Source) -> TableKind {
        let head = String::from_utf8_lossy(&source.bytes[..source.bytes.len().min(200)])
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase();
        if head.lines().next().is_some_and(|l| l.contains("hscode")) {
            TableKind::Hs2022
        } else {
            TableKind::AnnexI
        }
    }
}

/// The reference tables in use.
#[derive(Debug, Clone, Default)]
pub struct GoodsReference {
    pub hs: Option<HsNomenclature>,
    pub annex: Option<AnnexI>,
}

/// One installed table, as `goods show` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstalledTable {
    pub kind: TableKind,
    pub path: PathBuf,
    /// Codes (HS) or entries (Annex I) read.
    pub count: usize,
    pub sha256: String,
}

/// The folder the tables are installed in.
pub fn reference_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("reference")
}

impl GoodsReference {
    /// Reads the tables installed under `data_dir`. A table that is absent is `None`; one that
    /// cannot be read is `None` with an error message naming the file.
    pub fn load_installed(data_dir: &Path) -> (GoodsReference, Vec<String>) {
        let dir = reference_dir(data_dir);
        let mut reference = GoodsReference::default();
        let mut errors = Vec::new();
        for kind in TableKind::ALL {
            let path = dir.join(kind.file_name());
            if !path.is_file() {
                continue;
            }
            match Source::read(&path)
                .map_err(ReferenceError::from)
                .and_then(|s| reference.set(kind, &s))
            {
                Ok(_) => {}
                Err(e) => errors.push(format!(
                    "error: {} not read, its text is not shown beside goods: {e}",
                    kind.title()
                )),
            }
        }
        (reference, errors)
    }

    /// Reads `source` as a table of `kind` into this reference; returns how many codes or
    /// entries it holds.
    pub fn set(&mut self, kind: TableKind, source: &Source) -> Result<usize, ReferenceError> {
        Ok(match kind {
            TableKind::Hs2022 => {
                let hs = HsNomenclature::read(source)?;
                let n = hs.len();
                self.hs = Some(hs);
                n
            }
            TableKind::AnnexI => {
                let annex = AnnexI::read(source)?;
                let n = annex.len();
                self.annex = Some(annex);
                n
            }
        })
    }

    /// True when no table is loaded.
    pub fn is_empty(&self) -> bool {
        self.hs.is_none() && self.annex.is_none()
    }

    /// What is loaded, for `goods show`.
    pub fn tables(&self) -> Vec<InstalledTable> {
        let mut out = Vec::new();
        if let Some(hs) = &self.hs {
            out.push(InstalledTable {
                kind: TableKind::Hs2022,
                path: PathBuf::from(&hs.file.0),
                count: hs.len(),
                sha256: hs.file.1.clone(),
            });
        }
        if let Some(annex) = &self.annex {
            out.push(InstalledTable {
                kind: TableKind::AnnexI,
                path: PathBuf::from(&annex.file.0),
                count: annex.len(),
                sha256: annex.file.1.clone(),
            });
        }
        out
    }
}

/// Checks a published table and installs it under `data_dir`, replacing the previous copy
/// only once the new one has been read whole. Returns what was installed.
pub fn install(data_dir: &Path, file: &Path) -> Result<InstalledTable, ReferenceError> {
    let source = Source::read(file)?;
    let kind = TableKind::detect(&source);
    let count = GoodsReference::default().set(kind, &source)?;
    let dir = reference_dir(data_dir);
    let write_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| ReferenceError::Write { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    let target = dir.join(kind.file_name());
    let tmp = dir.join(format!(".{}.new", kind.file_name()));
    std::fs::write(&tmp, &source.bytes).map_err(write_err(&tmp))?;
    std::fs::rename(&tmp, &target).map_err(write_err(&target))?;
    Ok(InstalledTable {
        kind,
        path: target,
        count,
        sha256: source.sha256(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_installed_table_is_read_back_and_a_broken_one_is_refused_before_it_replaces_anything() {
        let data = tempfile::tempdir().unwrap();
        let good = data.path().join("hs.csv");
        std::fs::write(
            &good,
            "section,hscode,description,parent,level\nXVI,84,Machinery,TOTAL,2\n\
             XVI,8458,Lathes for removing metal,84,4\n",
        )
        .unwrap();
        let installed = install(data.path(), &good).unwrap();
        assert_eq!((installed.kind, installed.count), (TableKind::Hs2022, 2));
        let broken = data.path().join("broken.csv");
        std::fs::write(
            &broken,
            "section,hscode,description,parent,level\nXVI,8458,Lathes,84,4\n",
        )
        .unwrap();
        let e = install(data.path(), &broken).unwrap_err().to_string();
        assert!(e.contains("broken.csv:2:"), "{e}");
        let (reference, errors) = GoodsReference::load_installed(data.path());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(reference.hs.as_ref().map(HsNomenclature::len), Some(2));
        assert!(reference.annex.is_none());

        std::fs::write(
            reference_dir(data.path()).join(TableKind::AnnexI.file_name()),
            "not the list\n",
        )
        .unwrap();
        let (reference, errors) = GoodsReference::load_installed(data.path());
        assert!(reference.annex.is_none());
        assert!(
            errors.len() == 1 && errors[0].contains("annex-i.txt:1:"),
            "{errors:?}"
        );
    }
}
