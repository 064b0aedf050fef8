//! Choosing a partition for a message, the way PHP users of kafka_rs expect
//! and the way other Kafka clients place keyed messages.
//!
//! - no key: a random partition;
//! - an integer key: key mod partition count;
//! - a string key: murmur2 of its bytes, as the Java client and librdkafka's
//!   `murmur2_random` partitioner compute it, so a key lands on the same
//!   partition whichever client produced it.

use std::cell::Cell;

/// Java's `Utils.murmur2` (seed 0x9747b28c).
pub fn murmur2(data: &[u8]) -> i32 {
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let mut h: u32 = 0x9747_b28c ^ data.len() as u32;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let tail = chunks.remainder();
    if tail.len() >= 3 {
        h ^= (tail[2] as u32) << 16;
    }
    if tail.len() >= 2 {
        h ^= (tail[1] as u32) << 8;
    }
    if !tail.is_empty() {
        h ^= tail[0] as u32;
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// The partition Java's default partitioner picks for a key.
pub fn for_bytes(key: &[u8], partitions: usize) -> i32 {
    ((murmur2(key) & 0x7fff_ffff) as usize % partitions.max(1)) as i32
}

/// Key mod partitions, never negative.
pub fn for_int(key: i64, partitions: usize) -> i32 {
    key.rem_euclid(partitions.max(1) as i64) as i32
}

thread_local! {
    static RNG: Cell<u64> = const { Cell::new(0) };
}

/// A uniformly random partition (xorshift64*, seeded per thread from the clock and pid).
pub fn random(partitions: usize) -> i32 {
    RNG.with(|state| {
        let mut x = state.get();
        if x == 0 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x9e37_79b9);
            x = nanos ^ ((std::process::id() as u64) << 32) | 1;
        }
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % partitions.max(1)
    }) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from the Java client's own murmur2 test cases.
    #[test]
    fn murmur2_matches_java() {
        assert_eq!(murmur2(b"21"), -973932308);
        assert_eq!(murmur2(b"foobar"), -790332482);
        assert_eq!(murmur2(b"a-little-bit-long-string"), -985981536);
        assert_eq!(murmur2(b"a-little-bit-longer-string"), -1486304829);
        assert_eq!(
            murmur2(b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"),
            -58897971
        );
        assert_eq!(murmur2(b"abc"), 479470107);
    }

    #[test]
    fn int_keys_and_random_stay_in_range() {
        assert_eq!(for_int(7, 3), 1);
        assert_eq!(for_int(-7, 3), 2);
        for _ in 0..1000 {
            let p = random(6);
            assert!((0..6).contains(&p));
        }
    }
}
