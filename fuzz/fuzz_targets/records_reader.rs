//! The streaming records reader over an arbitrary records section (the
//! `records` field of a Fetch partition): record batch v2 and legacy message
//! sets, every codec, read_committed filtering, fetch-offset skipping, a batch
//! cut off by the fetch size, and a source that delivers a few bytes at a time.
#![no_main]

use kafka_rs::protocol::records::AbortedTransaction;
use kafka_rs::protocol::records::RecordsReader;
use kafka_rs_fuzz::{aborted_from, drain, entry_offset, fix_crcs, Counting, Trickle};
use libfuzzer_sys::fuzz_target;

fn run(
    section: &[u8],
    fetch_offset: i64,
    committed: bool,
    aborted: Vec<AbortedTransaction>,
    step: usize,
) {
    let mut reader = RecordsReader::new(section.len() as u64, fetch_offset, committed, aborted);
    let mut src = Counting::new(Trickle::new(section, step));
    if drain(&mut reader, &mut src, fetch_offset) {
        // A clean end leaves the source just after the section.
        assert_eq!(src.count, section.len() as u64);
    }
}

fuzz_target!(|data: &[u8]| {
    // As received: checksums are checked, read_uncommitted, from offset 0.
    run(data, 0, false, Vec::new(), usize::MAX);

    // Checksums rewritten so the fuzzer reaches the record parsers and
    // decompressors: read_committed with aborted transactions taken from the
    // input, starting inside the first entry, trickled like a socket.
    let mut fixed = data.to_vec();
    fix_crcs(&mut fixed);
    let aborted = aborted_from(&fixed);
    let skip = (data.len() % 3) as i64;
    let fetch_offset = entry_offset(&fixed, 0).map_or(0, |o| o.saturating_add(skip));
    run(&fixed, fetch_offset, true, aborted, 1 + data.len() % 17);

    // The same, read_uncommitted from the start, in one piece.
    run(&fixed, 0, false, Vec::new(), usize::MAX);
});
