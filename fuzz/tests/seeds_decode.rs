//! The committed seeds are what fuzzing starts from, so they must be valid:
//! every seed of the records and fetch targets decodes to its end without an
//! error (a seed that fails early only fuzzes the first few bytes of a format).
//!
//!     cargo test --manifest-path fuzz/Cargo.toml

use std::fs;
use std::io::Cursor;
use std::path::Path;

use kafka_rs::protocol::messages::fetch::{
    read_partition_head, read_response_head, read_topic_head,
};
use kafka_rs::protocol::records::RecordsReader;
use kafka_rs_fuzz::{aborted_from, drain, Counting};

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let mut out: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
        })
        .map(|p| (p.display().to_string(), fs::read(&p).expect("read seed")))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds for {target}");
    out
}

fn count_records(section: &[u8], committed: bool) -> Option<usize> {
    let aborted = if committed {
        aborted_from(section)
    } else {
        Vec::new()
    };
    let mut reader = RecordsReader::new(section.len() as u64, 0, committed, aborted);
    let mut src = Counting::new(section);
    let mut n = 0;
    while let Some(_rec) = reader.next_record(&mut src).ok()? {
        n += 1;
    }
    Some(n)
}

#[test]
fn records_reader_seeds_decode_to_the_end() {
    for (name, data) in seeds("records_reader") {
        let n = count_records(&data, false).unwrap_or_else(|| panic!("{name} does not decode"));
        assert!(n > 0, "{name} holds no record");
        // And the target's read_committed pass agrees on clean ends too.
        let mut reader = RecordsReader::new(data.len() as u64, 0, true, aborted_from(&data));
        assert!(
            drain(&mut reader, &mut Counting::new(&data[..]), 0),
            "{name}"
        );
    }
}

#[test]
fn the_transaction_seed_drops_the_aborted_batch() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/records_reader/seed-transaction-aborted");
    let data = fs::read(path).expect("seed");
    // 2 plain, 2 of an aborted transaction, its marker, 2 of a committed
    // one, its marker, 1 plain: markers never come out, aborted data only
    // without read_committed.
    assert_eq!(count_records(&data, false), Some(2 + 2 + 2 + 1));
    assert_eq!(count_records(&data, true), Some(2 + 2 + 1));
}

#[test]
fn fetch_seeds_decode_to_the_end() {
    for (name, data) in seeds("response_fetch") {
        let version = (data[0] % 12) as i16;
        let mut src = Counting::new(Cursor::new(&data[1..]));
        let head = read_response_head(&mut src, version).expect(&name);
        let mut records = 0;
        for _ in 0..head.topics {
            let (_, parts) = read_topic_head(&mut src).expect(&name);
            for _ in 0..parts {
                let p = read_partition_head(&mut src, version).expect(&name);
                let mut r = RecordsReader::new(p.records_len, 0, version >= 4, p.aborted);
                while r.next_record(&mut src).expect(&name).is_some() {
                    records += 1;
                }
            }
        }
        assert_eq!(src.count as usize, data.len() - 1, "{name} read to its end");
        assert!(records > 0, "{name} holds no record");
    }
}
