//! Jaro-Winkler similarity of two tokens, bit-parallel and without allocating: the inner
//! loop of the similar-token scan. It knows nothing of names or classes; the rules that
//! raise or cap a similarity are the scorer's (`score`).

/// Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters) of two ASCII tokens, without
/// allocating: this runs thousands of times per query. It matches characters as
/// `strsim::jaro_winkler` does, but counts half transpositions without rounding down and
/// always adds the prefix bonus (strsim adds it above 0.7 only); on names the two agree (a
/// test checks both). Longer tokens fall back to strsim.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    const MAX: usize = 64;
    if a.len() > MAX || b.len() > MAX || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
    }
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    // Bit-parallel: for each character of `a`, the positions of `b` holding it, found by
    // comparing it with all of `b` at once (a vector compare). Each takes the first free one
    // inside its window, as in the textbook loop.
    let mut padded = [0u8; MAX];
    padded[..b.len()].copy_from_slice(b);
    let chunks = b.len().div_ceil(16);
    let positions = |c: u8| byte_positions(&padded, chunks, c);
    let mut a_matched = 0u64;
    let mut b_matched = 0u64;
    for (i, &c) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        if lo >= hi {
            continue;
        }
        // Bits lo..hi (past `b`'s end, the padding, never).
        let in_window = (u64::MAX >> (64 - (hi - lo))) << lo;
        let free = positions(c) & !b_matched & in_window;
        if free != 0 {
            b_matched |= free & free.wrapping_neg();
            a_matched |= 1 << i;
        }
    }
    let matches = a_matched.count_ones() as usize;
    if matches == 0 {
        return 0.0;
    }
    // Matched characters of each side, in order, compared pairwise.
    let mut transpositions = 0usize;
    let (mut left, mut right) = (a_matched, b_matched);
    while left != 0 {
        let (i, j) = (
            left.trailing_zeros() as usize,
            right.trailing_zeros() as usize,
        );
        if a[i] != b[j] {
            transpositions += 1;
        }
        left &= left - 1;
        right &= right - 1;
    }
    let m = matches as f64;
    let jaro =
        (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
    let mut prefix = 0;
    while prefix < 4 && prefix < a.len().min(b.len()) && a[prefix] == b[prefix] {
        prefix += 1;
    }
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// One bit per byte of the first `chunks` 16-byte chunks of `haystack` that equals `c`.
fn byte_positions(haystack: &[u8; 64], chunks: usize, c: u8) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let mut found = 0u64;
        for (k, chunk) in haystack.chunks_exact(16).take(chunks).enumerate() {
            // SAFETY: SSE2 is part of every x86_64 processor; `chunk` is 16 readable bytes
            // and the load is unaligned.
            let hits = unsafe {
                let bytes = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(c as i8))) as u16
            };
            found |= u64::from(hits) << (16 * k);
        }
        found
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        haystack[..16 * chunks]
            .iter()
            .enumerate()
            .fold(0, |m, (j, &x)| m | (u64::from(x == c) << j))
    }
}
