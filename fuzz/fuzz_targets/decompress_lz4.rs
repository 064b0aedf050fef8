//! Decompressor for LZ4 frame format, with Kafka's KAFKA-3160 header checksum accepted: arbitrary input read to its end with
//! a cap, and a compress/decompress round trip of the input.
#![no_main]

use kafka_rs::protocol::compression::Compression;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kafka_rs_fuzz::check_codec(Compression::Lz4, data);
});
