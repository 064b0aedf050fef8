//! Fetch response body, v0 to v11 (the first input byte picks the version),
//! walked the way the consumer streams it: response head, topic heads,
//! partition heads, and each partition's records through a RecordsReader
//! over the rest of the same source.
#![no_main]

use std::io::Cursor;

use kafka_rs::protocol::messages::fetch::{
    read_partition_head, read_response_head, read_topic_head,
};
use kafka_rs::protocol::records::RecordsReader;
use kafka_rs_fuzz::{drain, fix_crcs, Counting};
use libfuzzer_sys::fuzz_target;

fn run(body: &[u8], version: i16, fix: bool) {
    let mut src = Counting::new(Cursor::new(body.to_vec()));
    let Ok(head) = read_response_head(&mut src, version) else {
        return;
    };
    for _ in 0..head.topics {
        let Ok((_name, partitions)) = read_topic_head(&mut src) else {
            return;
        };
        for _ in 0..partitions {
            let Ok(p) = read_partition_head(&mut src, version) else {
                return;
            };
            if fix {
                // Rewrite the checksums of this partition's records so the
                // fuzzer reaches the records behind them.
                let at = src.count as usize;
                let buf = src_buf(&mut src);
                let end = at.saturating_add(p.records_len as usize).min(buf.len());
                fix_crcs(&mut buf[at.min(end)..end]);
            }
            let mut records = RecordsReader::new(p.records_len, 0, version >= 4, p.aborted);
            if !drain(&mut records, &mut src, 0) {
                return;
            }
        }
    }
}

fn src_buf(src: &mut Counting<Cursor<Vec<u8>>>) -> &mut Vec<u8> {
    src.inner_mut().get_mut()
}

fuzz_target!(|data: &[u8]| {
    let Some((&v, body)) = data.split_first() else {
        return;
    };
    let version = (v % 12) as i16;
    run(body, version, false);
    run(body, version, true);
});
