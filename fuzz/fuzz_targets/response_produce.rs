//! Produce response body, v3 to v8; the first input byte picks the version.
#![no_main]

use kafka_rs::protocol::messages::produce::ProduceResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&v, mut body)) = data.split_first() else {
        return;
    };
    let version = 3 + (v % 6) as i16;
    let _ = kafka_rs_fuzz::assert_bounded("Produce", data.len(), || {
        ProduceResponse::decode(&mut body, version)
    });
});
