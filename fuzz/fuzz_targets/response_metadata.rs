//! Metadata response body, v1 to v8; the first input byte picks the version.
#![no_main]

use kafka_rs::protocol::messages::metadata::MetadataResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&v, mut body)) = data.split_first() else {
        return;
    };
    let version = 1 + (v % 8) as i16;
    let decoded = kafka_rs_fuzz::assert_bounded("Metadata", data.len(), || {
        MetadataResponse::decode(&mut body, version)
    });
    if let Ok(resp) = decoded {
        for t in &resp.topics {
            assert!(t
                .partitions
                .windows(2)
                .all(|w| w[0].partition_index <= w[1].partition_index));
        }
    }
});
