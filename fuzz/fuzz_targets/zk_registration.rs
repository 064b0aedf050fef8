//! What kafka_rs reads out of ZooKeeper nodes: a broker registration under
//! /brokers/ids/<id> (JSON of Kafka 0.8+, or Kafka 0.7's `creator:host:port`)
//! and a legacy consumer offset under /consumers/<group>/offsets/ (decimal or
//! 16 hex digits). The first input byte picks the security protocol looked
//! for in `endpoints`.
#![no_main]

use kafka_rs::client::zookeeper::{parse_legacy_offset, parse_registration};
use libfuzzer_sys::fuzz_target;

const PROTOCOLS: [&str; 4] = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"];

fuzz_target!(|data: &[u8]| {
    let Some((&p, node)) = data.split_first() else {
        return;
    };
    let protocol = PROTOCOLS[p as usize % PROTOCOLS.len()];
    if let Some(addr) = parse_registration(node, protocol) {
        // Whatever comes out was in the registration, in some form.
        assert!(addr.len() <= node.len() + 24);
    }
    if let Some(offset) = parse_legacy_offset(node) {
        assert!(offset >= 0, "a stored offset is never negative");
    }
});
