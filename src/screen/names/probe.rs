//! Probe tables: the list vocabulary filed by initial and laid out in columns of character
//! counts, so that a query token the lists do not hold finds every list token that may reach
//! `MIN_PAIR_SIMILARITY` while reading only a byte or two per token. The tables only rule
//! tokens out by a bound on Jaro-Winkler; the similarity itself is the scorer's.

use super::super::normalize::{NameToken, TokenClass};
use super::score::SHORT_TOKEN;

/// The vocabulary tokens filed under one initial, laid out for the similar-token scan:
/// sorted by length, with one column of counts per character slot (see [`char_counts`]), so
/// that a query token streams only the columns of its own characters and the rest of a
/// token is read only for the few whose counts pass.
#[derive(Debug, Clone, Default)]
pub(super) struct ProbeTable {
    /// Tokens filed since the table was last laid out (by [`Self::seal`]).
    pending: Vec<(String, TokenClass, u32)>,
    /// Per slot, per token: how many of its characters fall in the slot. Slot `s` of token
    /// `i` is `columns[s * len + i]`.
    columns: Vec<u8>,
    /// Runs of tokens of one length, shortest first.
    runs: Vec<LengthRun>,
    /// Each token's first four bytes (see [`head`]).
    heads: Vec<u32>,
    /// Each token's vocabulary id and class.
    pub(super) vids: Vec<u32>,
    pub(super) classes: Vec<TokenClass>,
    /// Where each token's text starts in `texts`; one more entry marks the end.
    text_at: Vec<u32>,
    texts: String,
}

impl ProbeTable {
    /// Files a token, to be laid out by the next [`Self::seal`].
    pub(super) fn push(&mut self, t: &NameToken, vid: u32) {
        self.pending.push((t.text.clone(), t.class, vid));
    }

    /// Lays out every token filed so far, with the ones laid out before.
    pub(super) fn seal(&mut self) {
        let mut tokens = std::mem::take(&mut self.pending);
        tokens.extend(
            (0..self.vids.len()).map(|i| (self.text(i).to_string(), self.classes[i], self.vids[i])),
        );
        tokens.sort_by_key(|(text, _, vid)| (text.len(), head(text), *vid));
        let n = tokens.len();
        *self = ProbeTable {
            columns: vec![0; SLOTS * n],
            text_at: vec![0],
            ..Default::default()
        };
        for (i, (text, class, vid)) in tokens.into_iter().enumerate() {
            for (slot, count) in char_counts(&text).into_iter().enumerate() {
                self.columns[slot * n + i] = count;
            }
            let length = text.len() as u32;
            match self.runs.last_mut() {
                Some(run) if run.length == length => run.end += 1,
                _ => self.runs.push(LengthRun {
                    length,
                    end: i as u32 + 1,
                }),
            }
            self.heads.push(head(&text));
            self.vids.push(vid);
            self.classes.push(class);
            self.texts.push_str(&text);
            self.text_at.push(self.texts.len() as u32);
        }
    }

    /// The text of the `i`th token laid out.
    pub(super) fn text(&self, i: usize) -> &str {
        &self.texts[self.text_at[i] as usize..self.text_at[i + 1] as usize]
    }

    /// Calls `found` with every token that may reach `MIN_PAIR_SIMILARITY` with a query token
    /// of `counts` (see [`char_counts`]), `length` bytes long and with this [`head`]: those
    /// whose shared characters pass [`may_reach`].
    /// With `skip_first_letter`, tokens that begin with the query's first byte are skipped.
    pub(super) fn scan(
        &self,
        counts: &[u8; SLOTS],
        length: u32,
        head: u32,
        skip_first_letter: bool,
        mut found: impl FnMut(usize),
    ) {
        let shared = self.shared_characters(counts);
        let mut from = 0;
        for &LengthRun { length: b, end } in &self.runs {
            let run = from as usize..end as usize;
            from = end;
            if b >= 255 {
                // Counts saturate: no bound, every such token is compared.
                run.for_each(&mut found);
                continue;
            }
            let query = ProbeQuery { length, head };
            self.scan_run(run, b, &shared, query, skip_first_letter, &mut found);
        }
    }

    /// Per token, the characters it shares with a query token of `counts`, counted with
    /// repeats.
    fn shared_characters(&self, counts: &[u8; SLOTS]) -> Vec<u8> {
        let n = self.vids.len();
        // At most the shorter length, so a byte holds it for a list token under 255 bytes (a
        // query count saturated at 255 is still above any such token's).
        let mut shared = vec![0u8; n];
        for (slot, &q) in counts.iter().enumerate() {
            if q == 0 {
                continue;
            }
            let column = &self.columns[slot * n..(slot + 1) * n];
            for (m, &c) in shared.iter_mut().zip(column) {
                *m = m.wrapping_add(c.min(q));
            }
        }
        shared
    }

    /// [`Self::scan`] over one run of tokens `b` bytes long (under 255).
    fn scan_run<F: FnMut(usize)>(
        &self,
        run: std::ops::Range<usize>,
        b: u32,
        shared: &[u8],
        query: ProbeQuery,
        skip_first_letter: bool,
        found: &mut F,
    ) {
        let ProbeQuery { length, head } = query;
        let (heads, shared) = (&self.heads[run.clone()], &shared[run.clone()]);
        // A run is sorted by head: the tokens sharing the query's first byte are one
        // stretch of it, and those sharing two bytes a stretch of that.
        let stretch = |within: std::ops::Range<usize>, bytes: u32| {
            let shift = 32 - 8 * bytes;
            let key = head >> shift;
            let part = &heads[within.clone()];
            within.start + part.partition_point(|&h| h >> shift < key)
                ..within.start + part.partition_point(|&h| h >> shift <= key)
        };
        let one = stretch(0..heads.len(), 1);
        let two = stretch(one.clone(), 2);
        let mut pass = |range: std::ops::Range<usize>, prefix: usize| {
            // A pair with a short token and no more than one letter of prefix is no
            // abbreviation: it needs `SHORT_TOKEN_MIN_SIMILARITY`.
            let least = if length.min(b) as usize <= SHORT_TOKEN {
                least_shared_for(&REACH_SHORT, length, b, prefix)
            } else {
                least_shared(length, b, prefix)
            };
            // Two tokens share at most the shorter one's length.
            if u32::from(least) > length.min(b) {
                return;
            }
            // Sixteen at a time: most stretches hold no token that passes.
            for (k, chunk) in shared[range.clone()].chunks(16).enumerate() {
                if chunk.iter().fold(0, |most, &m| most.max(m)) < least {
                    continue;
                }
                for (i, &m) in chunk.iter().enumerate() {
                    if m >= least {
                        found(run.start + range.start + 16 * k + i);
                    }
                }
            }
        };
        // Outside those stretches the common prefix is known: none, or one byte.
        pass(0..one.start, 0);
        pass(one.end..heads.len(), 0);
        if skip_first_letter {
            return;
        }
        pass(one.start..two.start, 1);
        pass(two.end..one.end, 1);
        // Inside, it is two bytes or more: measured per token.
        let least = least_shared(length, b, 4);
        for i in two {
            if shared[i] >= least {
                let x = head ^ heads[i];
                let prefix = if x == 0 {
                    4
                } else {
                    (x.leading_zeros() / 8) as usize
                };
                if may_reach(u32::from(shared[i]), length, b, prefix) {
                    found(run.start + i);
                }
            }
        }
    }
}

/// What a scan reads of the query token besides its character counts.
#[derive(Debug, Clone, Copy)]
struct ProbeQuery {
    /// Its length in bytes.
    length: u32,
    /// Its [`head`].
    head: u32,
}

/// A run of tokens of one length in a [`ProbeTable`].
#[derive(Debug, Clone, Copy)]
struct LengthRun {
    /// The tokens' length in bytes.
    length: u32,
    /// One past the run's last token.
    end: u32,
}

/// The least count of shared characters with which tokens of lengths `a` and `b` and a
/// common prefix of `prefix` bytes pass [`may_reach`], as a byte (255: none can, since a
/// token under 255 bytes shares at most 254).
pub(super) fn least_shared(a: u32, b: u32, prefix: usize) -> u8 {
    least_shared_for(&REACH, a, b, prefix)
}

/// [`least_shared`], by another reach table.
pub(super) fn least_shared_for(reach: &[(u32, u32); 5], a: u32, b: u32, prefix: usize) -> u8 {
    let (num, den) = reach[prefix.min(4)];
    let (a, b) = (u64::from(a), u64::from(b));
    (u64::from(num) * a * b)
        .div_ceil(u64::from(den) * (a + b))
        .clamp(1, 255) as u8
}

/// Character slots counted per token: A-Z, then everything else.
pub(super) const SLOTS: usize = 27;

/// How many of each letter (A-Z) and of other characters a token holds, saturating at 255.
pub(super) fn char_counts(text: &str) -> [u8; SLOTS] {
    let mut counts = [0u8; SLOTS];
    for b in text.bytes() {
        let slot = initial_slot(b);
        counts[slot] = counts[slot].saturating_add(1);
    }
    counts
}

/// A token's first four bytes, zero-padded, big-endian: heads sort as the texts do, and two
/// tokens' common prefix is the leading zero bytes of their heads' xor.
pub(super) fn head(text: &str) -> u32 {
    let mut bytes = [0u8; 4];
    for (b, c) in bytes.iter_mut().zip(text.bytes()) {
        *b = c;
    }
    u32::from_be_bytes(bytes)
}

/// Jaro-Winkler of two tokens of lengths `a` and `b` that share `m` characters (with
/// repeats) and a prefix of `prefix` bytes can reach `MIN_PAIR_SIMILARITY` (0.80) only if
/// `m (a + b) den >= num a b`, with `(num, den)` from this table by prefix. Jaro's matches
/// cannot exceed `m`, so Jaro <= (m/a + m/b + 1) / 3, and the Winkler bonus adds 0.1 of the
/// rest per prefix byte: the bound is Jaro >= (0.8 - 0.1 p) / (1 - 0.1 p), that is
/// m (1/a + 1/b) >= 3 (0.8 - 0.1 p) / (1 - 0.1 p) - 1 = 7/5, 4/3, 5/4, 8/7, 1.
/// A test checks the table against that formula.
pub(super) const REACH: [(u32, u32); 5] = [(7, 5), (4, 3), (5, 4), (8, 7), (1, 1)];

/// [`REACH`] for `SHORT_TOKEN_MIN_SIMILARITY` (0.90), which a pair with a token of
/// `SHORT_TOKEN` bytes or fewer needs unless one is an abbreviation of the other: Jaro >=
/// (0.9 - 0.1 p) / (1 - 0.1 p), that is m (1/a + 1/b) >= 17/10, 5/3, 13/8, 11/7, 3/2.
pub(super) const REACH_SHORT: [(u32, u32); 5] = [(17, 10), (5, 3), (13, 8), (11, 7), (3, 2)];

/// Whether tokens of lengths `a` and `b` sharing `m` characters and `prefix` bytes of prefix
/// may reach `MIN_PAIR_SIMILARITY` (see [`REACH`]).
pub(super) fn may_reach(m: u32, a: u32, b: u32, prefix: usize) -> bool {
    let (num, den) = REACH[prefix.min(4)];
    m > 0
        && u64::from(m) * u64::from(a + b) * u64::from(den)
            >= u64::from(num) * u64::from(a) * u64::from(b)
}

/// The probe table a token beginning with `c` is filed in: A-Z, then every other byte.
pub(super) fn initial_slot(c: u8) -> usize {
    match c {
        b'A'..=b'Z' => (c - b'A') as usize,
        _ => 26,
    }
}

/// The initials under which a token is filed and looked up: its text's and its key's.
pub(super) fn initial_slots(t: &NameToken) -> impl Iterator<Item = usize> + '_ {
    let a = t.text.as_bytes().first().map(|&c| initial_slot(c));
    let b = t
        .key
        .as_bytes()
        .first()
        .map(|&c| initial_slot(c))
        .filter(|&b| Some(b) != a);
    a.into_iter().chain(b)
}
