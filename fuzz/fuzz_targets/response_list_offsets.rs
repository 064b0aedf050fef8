//! ListOffsets response body, v1 to v5; the first input byte picks the version.
#![no_main]

use kafka_rs::protocol::messages::list_offsets::ListOffsetsResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&v, mut body)) = data.split_first() else {
        return;
    };
    let version = 1 + (v % 5) as i16;
    let _ = kafka_rs_fuzz::assert_bounded("ListOffsets", data.len(), || {
        ListOffsetsResponse::decode(&mut body, version)
    });
});
