//! ApiVersions response body (v0), as read after the response header.
#![no_main]

use kafka_rs::protocol::frame::ApiKey;
use kafka_rs::protocol::messages::api_versions::ApiVersionsResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut r = data;
    let decoded = kafka_rs_fuzz::assert_bounded("ApiVersions", data.len(), || {
        ApiVersionsResponse::decode(&mut r, 0)
    });
    if let Ok(resp) = decoded {
        // Negotiation reads what was decoded; it must not trip on odd ranges.
        for api in [
            ApiKey::Produce,
            ApiKey::Fetch,
            ApiKey::Metadata,
            ApiKey::ListOffsets,
        ] {
            if let Some(v) = resp.negotiate(api, (0, 11)) {
                assert!((0..=11).contains(&v));
            }
        }
    }
});
