//! Record batch v2: the header parser (with its CRC-32C check) and the record
//! parser over the batch's records section, decompressed for every codec.
#![no_main]

use std::io::{BufReader, Cursor};

use kafka_rs::protocol::compression::{self, Compression};
use kafka_rs::protocol::record_batch::{self, BATCH_HEADER_LEN};
use kafka_rs_fuzz::{fix_entry_crc, MAX_RECORDS};
use libfuzzer_sys::fuzz_target;

fn run(batch: &[u8]) {
    let Ok(header) = record_batch::parse_batch_header(batch) else {
        return;
    };
    let _ = (header.is_control(), header.is_transactional());
    let Ok(codec) = header.compression() else {
        return;
    };
    let records = &batch[BATCH_HEADER_LEN..];
    let source: Box<dyn std::io::Read> = if codec == Compression::None {
        Box::new(Cursor::new(records))
    } else {
        match compression::decompressor(codec, records) {
            Ok(d) => d,
            Err(_) => return,
        }
    };
    let mut source = BufReader::new(source);
    let n = (header.records_count as usize).min(MAX_RECORDS);
    for _ in 0..n {
        match record_batch::read_record(&mut source, &header) {
            Ok(rec) => {
                assert_eq!(rec.compression, codec);
                let _ = record_batch::control_type(&rec);
            }
            Err(_) => return,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    run(data);
    let mut fixed = data.to_vec();
    fix_entry_crc(&mut fixed);
    run(&fixed);
});
