//! Helpers shared by the fuzz targets in `fuzz_targets/`.
//!
//! The decoders check a CRC before they trust anything in a batch or legacy
//! message, so random bytes almost never get past the checksum. The targets
//! therefore decode each input twice: as it is (the CRC check itself is fuzzed)
//! and after [`fix_crcs`] has rewritten every checksum it can find, so that
//! the fuzzer reaches the record parsers and decompressors behind it.
//!
//! Properties every target checks, besides "no panic" (libFuzzer) and
//! "no allocation above the limit" (`-malloc_limit_mb`, `-rss_limit_mb`):
//! - a records section that decodes to its end has been consumed exactly;
//! - no record comes out below the fetch offset;
//! - a decompressor never yields more than its cap without an error;
//! - a response decoder holds at most [`ALLOC_PER_INPUT_BYTE`] heap bytes per
//!   input byte (plus [`ALLOC_SLACK`]) at any time ([`measure`]): a decoder
//!   that, say, copies a long string once per element of an array that costs
//!   a few bytes each turns a small response into gigabytes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};

use kafka_rs::protocol::compression::{self, Compression};
use kafka_rs::protocol::records::{AbortedTransaction, RecordsReader};

/// Most records a target pulls out of one input: a bound on time, not on
/// memory (memory is bounded by one record, which is what is being tested).
pub const MAX_RECORDS: usize = 200_000;

/// Most decompressed bytes a target reads from one decompressor.
pub const MAX_DECOMPRESSED: u64 = 64 << 20;

/// Heap bytes a decoder may hold per byte of its input, at its peak.
pub const ALLOC_PER_INPUT_BYTE: usize = 64;
/// Heap bytes a decoder may hold whatever its input: reading ahead of a
/// length (64 KiB per field) and capacity hints (1024 elements) fit in it.
pub const ALLOC_SLACK: usize = 1 << 20;

/// The system allocator, counting the bytes in use and their peak, so that
/// [`measure`] can tell what one decode cost.
struct Counted;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = IN_USE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counted = Counted;

/// Runs `f` and returns its result with the most heap bytes (Rust
/// allocations) held at once while it ran, beyond what was held before.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

/// Decodes with `f` and asserts that it kept its allocations in proportion to
/// `input_len` (see [`ALLOC_PER_INPUT_BYTE`]).
pub fn assert_bounded<T>(what: &str, input_len: usize, f: impl FnOnce() -> T) -> T {
    let (out, peak) = measure(f);
    let budget = input_len * ALLOC_PER_INPUT_BYTE + ALLOC_SLACK;
    assert!(
        peak <= budget,
        "{what}: decoding {input_len} bytes held {peak} heap bytes at once (budget {budget})"
    );
    out
}

/// Rewrites the checksum of every complete entry of a records section in
/// place: CRC-32C over attributes..end for a v2 batch, CRC-32 over magic..end
/// for a legacy message. Entries are `offset: i64, length: i32, length bytes`.
pub fn fix_crcs(section: &mut [u8]) {
    let mut pos = 0usize;
    while section.len() - pos >= 12 {
        let len = i32::from_be_bytes(be4(&section[pos + 8..pos + 12]));
        if len < 0 {
            return;
        }
        let end = match pos.checked_add(12 + len as usize) {
            Some(end) if end <= section.len() => end,
            _ => return,
        };
        let entry = &mut section[pos..end];
        fix_entry_crc(entry);
        pos = end;
    }
}

/// Rewrites the checksum of one whole entry (batch or legacy message).
pub fn fix_entry_crc(entry: &mut [u8]) {
    if entry.len() < 17 {
        return;
    }
    match entry[16] {
        2 if entry.len() >= 21 => {
            let crc = crc32c(&entry[21..]);
            entry[17..21].copy_from_slice(&crc.to_be_bytes());
        }
        0 | 1 => {
            let crc = crc32(&entry[16..]);
            entry[12..16].copy_from_slice(&crc.to_be_bytes());
        }
        _ => {}
    }
}

/// Aborted transactions derived from the input itself, so that read_committed
/// filtering has something to act on: every transactional v2 batch (attribute
/// bit 4) whose producer epoch is even is listed as the start of an aborted
/// transaction of its producer.
pub fn aborted_from(section: &[u8]) -> Vec<AbortedTransaction> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while section.len() - pos >= 12 {
        let len = i32::from_be_bytes(be4(&section[pos + 8..pos + 12]));
        if len < 0 {
            break;
        }
        let end = match pos.checked_add(12 + len as usize) {
            Some(end) if end <= section.len() => end,
            _ => break,
        };
        let e = &section[pos..end];
        if e.len() >= 53 && e[16] == 2 {
            let attributes = i16::from_be_bytes([e[21], e[22]]);
            let epoch = i16::from_be_bytes([e[51], e[52]]);
            if attributes & 0x10 != 0 && epoch % 2 == 0 {
                out.push(AbortedTransaction {
                    producer_id: i64::from_be_bytes(be8(&e[43..51])),
                    first_offset: i64::from_be_bytes(be8(&e[0..8])),
                });
            }
        }
        pos = end;
    }
    out
}

/// The offset of the `n`th complete entry of a section, if there is one.
pub fn entry_offset(section: &[u8], n: usize) -> Option<i64> {
    let mut pos = 0usize;
    for i in 0.. {
        if section.len() - pos < 12 {
            return None;
        }
        if i == n {
            return Some(i64::from_be_bytes(be8(&section[pos..pos + 8])));
        }
        let len = i32::from_be_bytes(be4(&section[pos + 8..pos + 12]));
        if len < 0 {
            return None;
        }
        pos = pos.checked_add(12 + len as usize)?;
        if pos > section.len() {
            return None;
        }
    }
    None
}

/// A reader that hands out at most `step` bytes per `read`, as a socket does.
pub struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl<'a> Trickle<'a> {
    /// Reads `data`, `step` bytes (at least 1) at a time.
    pub fn new(data: &'a [u8], step: usize) -> Self {
        Trickle {
            data,
            step: step.max(1),
        }
    }
    /// Bytes not read yet.
    pub fn left(&self) -> usize {
        self.data.len()
    }
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.step).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Bytes consumed from a reader, to check that a section is read exactly.
pub struct Counting<R> {
    inner: R,
    /// Bytes read so far.
    pub count: u64,
}

impl<R> Counting<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Counting { inner, count: 0 }
    }
    /// The wrapped reader.
    pub fn inner_mut(&mut self) -> &mut R {
        &mut self.inner
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Pulls records out of `reader` until the end, an error or [`MAX_RECORDS`],
/// checking the reader's promises. Returns whether the section ended cleanly.
pub fn drain<R: Read>(
    reader: &mut RecordsReader,
    src: &mut Counting<R>,
    fetch_offset: i64,
) -> bool {
    let start = src.count;
    let len = reader.remaining();
    for _ in 0..MAX_RECORDS {
        match reader.next_record(src) {
            Ok(Some(rec)) => {
                assert!(
                    rec.offset >= fetch_offset,
                    "record at offset {} handed out below fetch offset {fetch_offset}",
                    rec.offset
                );
                // Headers and payloads are handed to PHP as they are; touch
                // them so a lazily wrong length would show.
                let _ = rec.key.as_ref().map(Vec::len);
                let _ = rec.value.as_ref().map(Vec::len);
            }
            Ok(None) => {
                assert_eq!(
                    src.count - start,
                    len,
                    "a records section that ended cleanly must be consumed exactly"
                );
                assert_eq!(reader.remaining(), 0);
                return true;
            }
            Err(_) => return false,
        }
    }
    false
}

/// Reads `r` to its end or to `cap` bytes, discarding the data. Returns the
/// number of bytes read, or `None` on an error.
pub fn read_capped<R: Read>(mut r: R, cap: u64) -> Option<u64> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Some(total),
            Ok(n) => {
                assert!(
                    n <= buf.len(),
                    "read() claimed more bytes than the buffer holds"
                );
                total += n as u64;
                if total >= cap {
                    return Some(total);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        }
    }
}

/// The body of every decompressor target: `data` read as `codec`'s framing to
/// its end (capped), then `data` compressed with `codec` must come back unchanged.
pub fn check_codec(codec: Compression, data: &[u8]) {
    if let Ok(reader) = compression::decompressor(codec, data) {
        if let Some(n) = read_capped(reader, MAX_DECOMPRESSED) {
            assert!(n <= MAX_DECOMPRESSED + 64 * 1024);
        }
    }
    // Owned input takes another path through the decompressor.
    if let Ok(reader) = compression::decompressor(codec, std::io::Cursor::new(data.to_vec())) {
        let _ = read_capped(reader, MAX_DECOMPRESSED);
    }
    let mut packed = b"prefix".to_vec();
    compression::compress(codec, data, &mut packed).expect("compressing in memory cannot fail");
    assert_eq!(
        &packed[..6],
        b"prefix",
        "compress() must leave what was in `out` alone"
    );
    let reader = compression::decompressor(codec, &packed[6..]);
    // Empty input compresses to a header only, which every codec accepts.
    let mut reader = reader.unwrap_or_else(|e| panic!("{codec} refuses its own output: {e}"));
    let mut back = Vec::new();
    reader
        .read_to_end(&mut back)
        .unwrap_or_else(|e| panic!("{codec} cannot read its own output: {e}"));
    assert!(back == data, "{codec} round trip changed the data");
}

fn be4(b: &[u8]) -> [u8; 4] {
    [b[0], b[1], b[2], b[3]]
}

fn be8(b: &[u8]) -> [u8; 8] {
    [b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]
}

/// CRC-32C (Castagnoli), as record batch v2 uses.
pub fn crc32c(data: &[u8]) -> u32 {
    crc32c::crc32c(data)
}

/// CRC-32 (IEEE), as legacy messages use.
pub fn crc32(data: &[u8]) -> u32 {
    crc32fast::hash(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crcs_match_the_check_values() {
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
