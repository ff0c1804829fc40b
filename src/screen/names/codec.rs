//! The index as bytes, for the on-disk cache (`screen::index_cache` names, checks and keeps
//! the files): the vocabulary, the names, the similar-token table and the forms, little-endian.
//! Lookup tables are not written; a read rebuilds them. Every read is checked: bytes that are
//! not a whole, self-consistent index read as `None`, never as a panic.

use crate::lists::WatchList;
use crate::model::{EntityKind, NameKind};

use super::super::normalize::{NameToken, TokenClass};
use super::{IndexedName, NameIndex};

impl NameIndex {
    /// Writes the index as bytes, for the on-disk cache (see `index_cache`). The lookup
    /// tables are not written: [`Self::from_bytes`] rebuilds them.
    pub(crate) fn write_to(&self, out: impl std::io::Write) -> std::io::Result<()> {
        let mut w = Writer(out);
        w.u32(self.vocab.len() as u32)?;
        for v in &self.vocab {
            w.str(&v.token.text)?;
            w.str(&v.token.key)?;
            w.u8(class_code(v.token.class))?;
            w.u8(u8::from(v.token.abjad))?;
            w.f64(v.idf)?;
            w.u32s(&v.postings)?;
        }
        w.u32(self.names.len() as u32)?;
        for n in &self.names {
            w.u32(n.list as u32)?;
            w.u32(n.entry as u32)?;
            w.u8(n.kind as u8)?;
            w.u8(entity_code(n.entity))?;
            w.str(&n.text)?;
            w.u32s(&n.tokens)?;
            w.u8(n.surname)?;
        }
        w.u32s(&self.similar_at)?;
        w.u32(self.similar.len() as u32)?;
        for &(v, sim) in &self.similar {
            w.u32(v)?;
            w.f64(sim)?;
        }
        w.u32s(&self.form_of)
    }

    /// [`Self::write_to`] into memory.
    #[cfg(test)]
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes).expect("writing to memory");
        bytes
    }

    /// Reads what [`Self::write_to`] wrote; `None` if the bytes are not a whole index.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        let mut index = NameIndex::empty();
        // Reservations are capped by the input's size: a count read from a bad file must not
        // allocate more than the file could hold.
        index.read_vocab(&mut r, bytes.len())?;
        index.read_names(&mut r, bytes.len())?;
        let names_len = index.names.len();
        let postings_ok = index
            .vocab
            .iter()
            .all(|v| v.postings.iter().all(|&id| (id as usize) < names_len));
        let similar_ok = index.read_similar(&mut r, bytes.len())?;
        index.form_of = r.u32s()?;
        if !(r.0.is_empty() && postings_ok && similar_ok && index.forms_ok()) {
            return None;
        }
        index.pack();
        Some(index)
    }

    /// Reads the vocabulary and files each token for lookup.
    fn read_vocab(&mut self, r: &mut Reader, most: usize) -> Option<()> {
        let vocab_len = r.u32()? as usize;
        self.vocab.reserve(vocab_len.min(most));
        for _ in 0..vocab_len {
            let token = NameToken {
                text: r.str()?,
                key: r.str()?,
                class: class_from(r.u8()?)?,
                abjad: match r.u8()? {
                    0 => false,
                    1 => true,
                    _ => return None,
                },
            };
            let idf = r.f64()?;
            let postings = r.u32s()?;
            self.file_token(token, idf, postings);
        }
        Some(())
    }

    /// Reads the names; `None` if one refers past the vocabulary.
    fn read_names(&mut self, r: &mut Reader, most: usize) -> Option<()> {
        let vocab_len = self.vocab.len();
        let names_len = r.u32()? as usize;
        self.names.reserve(names_len.min(most));
        for _ in 0..names_len {
            let name = IndexedName {
                list: r.u32()? as usize,
                entry: r.u32()? as usize,
                kind: [
                    NameKind::Primary,
                    NameKind::StrongAlias,
                    NameKind::WeakAlias,
                ]
                .get(usize::from(r.u8()?))
                .copied()?,
                entity: entity_from(r.u8()?)?,
                text: r.str()?,
                tokens: r.u32s()?,
                surname: r.u8()?,
            };
            if name.tokens.iter().any(|&v| v as usize >= vocab_len) {
                return None;
            }
            self.names.push(name);
        }
        Some(())
    }

    /// Reads the similar-token table; `None` if it refers past the vocabulary, else whether
    /// its offsets are whole.
    fn read_similar(&mut self, r: &mut Reader, most: usize) -> Option<bool> {
        let vocab_len = self.vocab.len();
        self.similar_at = r.u32s()?;
        let similar_len = r.u32()? as usize;
        self.similar.reserve(similar_len.min(most));
        for _ in 0..similar_len {
            let v = r.u32()?;
            if v as usize >= vocab_len {
                return None;
            }
            self.similar.push((v, r.f64()?));
        }
        Some(
            self.similar_at.len() == vocab_len + 1
                && self.similar_at.first() == Some(&0)
                && self.similar_at.last() == Some(&(similar_len as u32))
                && self.similar_at.is_sorted(),
        )
    }

    /// Whether every name refers to an entry of `lists`: a cache read back for these lists
    /// must not point past them.
    pub(crate) fn refers_within(&self, lists: &[WatchList]) -> bool {
        self.names.iter().all(|n| {
            lists
                .get(n.list)
                .is_some_and(|list| n.entry < list.entries.len())
        })
    }
}

/// Token classes by their code in the cache (and in the similar-token cache's shards).
pub(super) const CLASSES: [TokenClass; 7] = [
    TokenClass::Word,
    TokenClass::Generic,
    TokenClass::Decoration,
    TokenClass::LegalForm,
    TokenClass::Number,
    TokenClass::Stopword,
    TokenClass::Address,
];
/// Entity kinds by their code in the cache.
const ENTITIES: [EntityKind; 5] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Vessel,
    EntityKind::Aircraft,
    EntityKind::Unknown,
];

/// A token class's code.
pub(super) fn class_code(c: TokenClass) -> u8 {
    CLASSES.iter().position(|&x| x == c).unwrap_or(0) as u8
}

/// The token class of a code; `None` for no class.
fn class_from(code: u8) -> Option<TokenClass> {
    CLASSES.get(usize::from(code)).copied()
}

/// An entity kind's code.
fn entity_code(e: EntityKind) -> u8 {
    ENTITIES.iter().position(|&x| x == e).unwrap_or(4) as u8
}

/// The entity kind of a code; `None` for no kind.
fn entity_from(code: u8) -> Option<EntityKind> {
    ENTITIES.get(usize::from(code)).copied()
}

/// Little-endian writer for the index cache.
struct Writer<W>(W);

impl<W: std::io::Write> Writer<W> {
    fn u8(&mut self, v: u8) -> std::io::Result<()> {
        self.0.write_all(&[v])
    }
    fn u32(&mut self, v: u32) -> std::io::Result<()> {
        self.0.write_all(&v.to_le_bytes())
    }
    fn f64(&mut self, v: f64) -> std::io::Result<()> {
        self.0.write_all(&v.to_le_bytes())
    }
    fn str(&mut self, v: &str) -> std::io::Result<()> {
        self.u32(v.len() as u32)?;
        self.0.write_all(v.as_bytes())
    }
    fn u32s(&mut self, v: &[u32]) -> std::io::Result<()> {
        self.u32(v.len() as u32)?;
        v.iter().try_for_each(|&x| self.u32(x))
    }
}

/// Reader for what [`Writer`] wrote: every read is checked, a short or bad input is `None`.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
}
