//! Legacy message sets (magic 0 and 1): one message as it sits in a records
//! section (offset, size, crc, ...), the compressed inner set of a wrapper,
//! an uncompressed inner set read message by message, and (so that the
//! fuzzer controls what is inside a compressed wrapper, checksums included)
//! a wrapper built from the input and read by the streaming RecordsReader.
#![no_main]

use kafka_rs::protocol::compression::{self, Compression};
use kafka_rs::protocol::message_set;
use kafka_rs::protocol::records::{legacy_wrapper, RecordsReader};
use kafka_rs_fuzz::{drain, fix_crcs, fix_entry_crc, Counting, MAX_RECORDS};
use libfuzzer_sys::fuzz_target;

fn read_inner_set(mut r: impl std::io::Read) {
    for _ in 0..MAX_RECORDS {
        match message_set::read_inner_message(&mut r) {
            Ok(Some(m)) => {
                let _ = (m.compression(), m.log_append_time());
            }
            Ok(None) | Err(_) => return,
        }
    }
}

fn run(entry: &[u8]) {
    if entry.len() < 12 {
        return;
    }
    let offset = i64::from_be_bytes(entry[..8].try_into().expect("8 bytes"));
    let Ok(msg) = message_set::parse_message(offset, &entry[12..]) else {
        return;
    };
    assert!(msg.magic == 0 || msg.magic == 1);
    let Ok(codec) = msg.compression() else {
        return;
    };
    if codec == Compression::None {
        return;
    }
    let value = msg.value.unwrap_or_default();
    if let Ok(d) = compression::decompressor(codec, &value[..]) {
        read_inner_set(d);
    };
}

/// Input read as: a selector byte (codec, magic, fetch offset), the wrapper's
/// offset (8 bytes), then the inner set, whose checksums are rewritten.
fn wrapped(data: &[u8]) {
    if data.len() < 9 {
        return;
    }
    let sel = data[0];
    let codec = [Compression::Gzip, Compression::Snappy, Compression::Lz4][sel as usize % 3];
    let magic = (sel / 3 % 2) as i8;
    let offset = i64::from_be_bytes(data[1..9].try_into().expect("8 bytes"));
    let mut inner = data[9..].to_vec();
    fix_crcs(&mut inner);
    let Ok(entry) = legacy_wrapper(offset, magic, codec, &inner, 1_000) else {
        return;
    };
    for fetch_offset in [0, offset.saturating_sub((sel / 6 % 4) as i64)] {
        let mut reader = RecordsReader::new(entry.len() as u64, fetch_offset, false, Vec::new());
        drain(&mut reader, &mut Counting::new(&entry[..]), fetch_offset);
    }
}

fuzz_target!(|data: &[u8]| {
    wrapped(data);
    run(data);
    let mut fixed = data.to_vec();
    fix_entry_crc(&mut fixed);
    run(&fixed);
    // The input as an uncompressed inner set, every checksum rewritten.
    let mut set = data.to_vec();
    fix_crcs(&mut set);
    read_inner_set(&set[..]);
});
