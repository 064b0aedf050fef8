//! Writes the seed corpora under `fuzz/corpus/<target>/`: valid inputs made
//! with kafka_rs's own encoders, so that fuzzing starts from every format and
//! codec the decoders accept and mutates from there.
//!
//!     cargo run --manifest-path fuzz/Cargo.toml --example gen_corpus [DIR]
//!
//! DIR defaults to `fuzz/corpus`. Deterministic: the same code writes the
//! same bytes (no clock, no randomness), so regenerating gives no churn.

use std::fs;
use std::path::{Path, PathBuf};

use kafka_rs::protocol::compression::{self, Compression};
use kafka_rs::protocol::message_set::encode_message;
use kafka_rs::protocol::messages::consumer_protocol::{encode_assignment, encode_subscription};
use kafka_rs::protocol::primitives::Encoder;
use kafka_rs::protocol::record_batch::{encode_batch, Header, ProducerRecord, ProducerState};
use kafka_rs::protocol::records::legacy_wrapper;

const CODECS: [Compression; 5] = [
    Compression::None,
    Compression::Gzip,
    Compression::Snappy,
    Compression::Lz4,
    Compression::Zstd,
];

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let mut w = Writer { dir, total: 0 };

    let batches = batches();
    let legacy = legacy_entries();

    // records_reader: whole records sections.
    for (name, b) in &batches {
        w.put("records_reader", name, b);
    }
    for (name, e) in &legacy {
        w.put("records_reader", name, e);
    }
    let mut all: Vec<u8> = Vec::new();
    for (i, (_, b)) in batches.iter().enumerate() {
        all.extend_from_slice(&with_base_offset(b, 10 * i as i64));
    }
    w.put("records_reader", "all-codecs-in-sequence", &all);
    let mut cut = all.clone();
    cut.truncate(all.len() - 7);
    w.put("records_reader", "cut-by-fetch-size", &cut);
    let mut mixed: Vec<u8> = Vec::new();
    for (_, e) in &legacy {
        mixed.extend_from_slice(e);
    }
    w.put("records_reader", "legacy-in-sequence", &mixed);
    w.put(
        "records_reader",
        "transaction-aborted",
        &aborted_transaction(),
    );

    // record_batch: one batch each.
    for (name, b) in &batches {
        w.put("record_batch", name, b);
    }
    w.put(
        "record_batch",
        "control-abort-marker",
        &control_batch(0, 7, 0),
    );

    // message_set: one legacy message (plain or wrapper) each, and inner sets.
    for (name, e) in &legacy {
        w.put("message_set", name, e);
    }
    w.put("message_set", "inner-set-magic1", &inner_set(1, 0, 3));
    w.put("message_set", "inner-set-magic0", &inner_set(0, 5, 3));
    // The target's wrapper-building form: selector (codec + 3 * magic),
    // wrapper offset, inner set.
    for (c, codec) in ["gzip", "snappy", "lz4"].iter().enumerate() {
        for magic in 0..2u8 {
            let (first, wrapper_offset) = if magic == 0 { (40i64, 42i64) } else { (0, 42) };
            let mut v = vec![c as u8 + 3 * magic];
            v.extend_from_slice(&wrapper_offset.to_be_bytes());
            v.extend_from_slice(&inner_set(magic as i8, first, 3));
            w.put("message_set", &format!("wrapped-{codec}-magic{magic}"), &v);
        }
    }

    // Responses: the first byte picks the version.
    w.put("response_api_versions", "v0", &api_versions());
    for v in 1..=8i16 {
        w.put(
            "response_metadata",
            &format!("v{v}"),
            &versioned(v - 1, metadata(v)),
        );
    }
    for v in 3..=8i16 {
        w.put(
            "response_produce",
            &format!("v{v}"),
            &versioned(v - 3, produce(v)),
        );
    }
    for v in 1..=5i16 {
        w.put(
            "response_list_offsets",
            &format!("v{v}"),
            &versioned(v - 1, list_offsets(v)),
        );
    }
    for v in 0..=11i16 {
        w.put("response_fetch", &format!("v{v}"), &versioned(v, fetch(v)));
    }
    for (name, sel, body) in group_responses() {
        let mut v = vec![sel];
        v.extend_from_slice(&body);
        w.put("response_group", &name, &v);
    }

    // Decompressors: each codec's own output, plus the raw snappy block that
    // librdkafka sends and two gzip members back to back.
    let samples: [(&str, Vec<u8>); 4] = [
        ("empty", Vec::new()),
        ("text", b"Hello world! Hello world! Hello world!".to_vec()),
        ("records", records_section(20)),
        ("binary", (0..=255u8).cycle().take(70_000).collect()),
    ];
    for codec in &CODECS[1..] {
        let target = format!("decompress_{}", codec.name());
        for (name, data) in &samples {
            let mut out = Vec::new();
            compression::compress(*codec, data, &mut out).expect("compress");
            w.put(&target, name, &out);
        }
    }
    let raw = snap::raw::Encoder::new()
        .compress_vec(&records_section(20))
        .expect("snappy");
    w.put("decompress_snappy", "raw-unframed-block", &raw);
    let mut two = Vec::new();
    compression::compress(Compression::Gzip, b"first member ", &mut two).expect("gzip");
    compression::compress(Compression::Gzip, b"second member", &mut two).expect("gzip");
    w.put("decompress_gzip", "two-members", &two);

    // ZooKeeper registrations: first byte 0 = PLAINTEXT, 1 = SSL.
    let regs: [(&str, u8, &[u8]); 5] = [
        ("json-endpoints", 0, br#"{"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://127.0.0.1:9092"],"jmx_port":-1,"features":{},"host":"127.0.0.1","timestamp":"1700000000000","port":9092,"version":5}"#),
        ("json-ssl-only", 1, br#"{"endpoints":["SSL://broker1:9093"],"host":null,"port":-1,"version":4}"#),
        ("json-host-port", 0, br#"{"jmx_port":-1,"timestamp":"1","host":"b1","version":1,"port":9092}"#),
        ("kafka07", 0, b"10.0.0.5-1389367412345:10.0.0.5:9092"),
        ("json-ipv6", 0, br#"{"endpoints":["PLAINTEXT://[::1]:9092"],"host":"::1","port":9092,"version":5}"#),
    ];
    for (name, p, reg) in regs {
        let mut v = vec![p];
        v.extend_from_slice(reg);
        w.put("zk_registration", name, &v);
    }

    eprintln!("gen_corpus: {} bytes in {}", w.total, w.dir.display());
}

struct Writer {
    dir: PathBuf,
    total: usize,
}

impl Writer {
    fn put(&mut self, target: &str, name: &str, data: &[u8]) {
        let d = self.dir.join(target);
        fs::create_dir_all(&d).expect("create corpus dir");
        fs::write(d.join(format!("seed-{name}")), data).expect("write seed");
        self.total += data.len();
    }
}

fn versioned(selector: i16, body: Vec<u8>) -> Vec<u8> {
    let mut v = vec![selector as u8];
    v.extend_from_slice(&body);
    v
}

fn producer_records(n: usize) -> Vec<ProducerRecord> {
    (0..n)
        .map(|i| ProducerRecord {
            key: match i % 3 {
                0 => None,
                1 => Some(format!("key-{i}").into_bytes()),
                _ => Some(vec![0, 0xff, i as u8]),
            },
            value: if i == 4 {
                None // a tombstone
            } else {
                Some(format!("value {i} \u{e9}\0\u{1}").into_bytes())
            },
            headers: if i % 2 == 0 {
                vec![
                    Header {
                        key: "h".into(),
                        value: Some(b"v".to_vec()),
                    },
                    Header {
                        key: "null".into(),
                        value: None,
                    },
                ]
            } else {
                Vec::new()
            },
            timestamp: 1_700_000_000_000 + i as i64 * 7,
        })
        .collect()
}

fn batch(n: usize, codec: Compression, producer: ProducerState) -> Vec<u8> {
    let mut out = Vec::new();
    encode_batch(
        &producer_records(n),
        codec,
        producer,
        &mut out,
        &mut Vec::new(),
    )
    .expect("encode batch");
    out
}

/// The records of a batch, uncompressed (what the codecs compress).
fn records_section(n: usize) -> Vec<u8> {
    batch(n, Compression::None, ProducerState::NONE)[61..].to_vec()
}

fn batches() -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for codec in CODECS {
        v.push((
            format!("batch-{}", codec.name()),
            batch(6, codec, ProducerState::NONE),
        ));
    }
    let idem = ProducerState {
        producer_id: 42,
        producer_epoch: 3,
        base_sequence: 100,
    };
    v.push((
        "batch-idempotent-lz4".into(),
        batch(3, Compression::Lz4, idem),
    ));
    v.push(("batch-one-empty-record".into(), {
        let recs = [ProducerRecord::default()];
        let mut out = Vec::new();
        encode_batch(
            &recs,
            Compression::None,
            ProducerState::NONE,
            &mut out,
            &mut Vec::new(),
        )
        .expect("encode batch");
        out
    }));
    v
}

/// Sets the base offset; the CRC does not cover it.
fn with_base_offset(b: &[u8], offset: i64) -> Vec<u8> {
    let mut b = b.to_vec();
    b[..8].copy_from_slice(&offset.to_be_bytes());
    b
}

/// Rewrites attributes and producer id of a batch and fixes its CRC-32C.
fn restamp(b: &mut [u8], attributes: i16, producer_id: i64, epoch: i16) {
    b[21..23].copy_from_slice(&attributes.to_be_bytes());
    b[43..51].copy_from_slice(&producer_id.to_be_bytes());
    b[51..53].copy_from_slice(&epoch.to_be_bytes());
    let crc = crc32c::crc32c(&b[21..]);
    b[17..21].copy_from_slice(&crc.to_be_bytes());
}

/// A transaction marker batch: one control record whose key is version 0,
/// type `kind` (0 abort, 1 commit).
fn control_batch(offset: i64, producer_id: i64, kind: i16) -> Vec<u8> {
    let mut key = vec![0, 0];
    key.extend_from_slice(&kind.to_be_bytes());
    let recs = [ProducerRecord {
        key: Some(key),
        value: Some(vec![0, 0, 0, 0, 0, 0]),
        headers: Vec::new(),
        timestamp: 1,
    }];
    let mut out = Vec::new();
    encode_batch(
        &recs,
        Compression::None,
        ProducerState::NONE,
        &mut out,
        &mut Vec::new(),
    )
    .expect("encode batch");
    let mut out = with_base_offset(&out, offset);
    restamp(&mut out, 0x30, producer_id, 0);
    out
}

/// Plain batch, a transactional batch of producer 7 (even epoch, so the fuzz
/// target lists it as aborted), its abort marker, a committed transaction of
/// producer 8 (odd epoch) with its commit marker, and a plain batch after.
fn aborted_transaction() -> Vec<u8> {
    let mut out = with_base_offset(&batch(2, Compression::None, ProducerState::NONE), 0);
    let mut txn = with_base_offset(&batch(2, Compression::Gzip, ProducerState::NONE), 2);
    restamp(&mut txn, 0x10 | Compression::Gzip.id(), 7, 0);
    out.extend_from_slice(&txn);
    out.extend_from_slice(&control_batch(4, 7, 0));
    let mut ok = with_base_offset(&batch(2, Compression::Zstd, ProducerState::NONE), 5);
    restamp(&mut ok, 0x10 | Compression::Zstd.id(), 8, 1);
    out.extend_from_slice(&ok);
    out.extend_from_slice(&control_batch(7, 8, 1));
    out.extend_from_slice(&with_base_offset(
        &batch(1, Compression::Snappy, ProducerState::NONE),
        8,
    ));
    out
}

/// An uncompressed message set: `n` messages of `magic` from offset `first`.
fn inner_set(magic: i8, first: i64, n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let key = if i % 2 == 1 { Some(&b"k"[..]) } else { None };
        encode_message(
            &mut out,
            first + i as i64,
            magic,
            0,
            1_000 + i as i64,
            key,
            Some(format!("m{i}\0\u{ff}").as_bytes()),
        );
    }
    out
}

fn legacy_entries() -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut m0 = Vec::new();
    encode_message(&mut m0, 0, 0, 0, -1, None, Some(b"magic0"));
    v.push(("legacy-magic0-plain".to_string(), m0));
    let mut m1 = Vec::new();
    encode_message(&mut m1, 1, 1, 0, 77, Some(b"k"), Some(b"magic1"));
    v.push(("legacy-magic1-plain".to_string(), m1));
    let mut m1lat = Vec::new();
    encode_message(&mut m1lat, 2, 1, 0x08, 99, None, None);
    v.push(("legacy-magic1-log-append-null".to_string(), m1lat));
    for codec in [Compression::Gzip, Compression::Snappy, Compression::Lz4] {
        // magic 0: inner offsets absolute, wrapper at the last one.
        let w0 = legacy_wrapper(12, 0, codec, &inner_set(0, 10, 3), -1).expect("wrapper");
        v.push((format!("legacy-magic0-{}", codec.name()), w0));
        // magic 1: inner offsets relative, wrapper at the absolute last one.
        let w1 = legacy_wrapper(22, 1, codec, &inner_set(1, 0, 3), 500).expect("wrapper");
        v.push((format!("legacy-magic1-{}", codec.name()), w1));
    }
    v
}

fn api_versions() -> Vec<u8> {
    let mut b = Vec::new();
    b.put_i16(0);
    let keys: [(i16, i16, i16); 5] = [(0, 3, 11), (1, 4, 17), (2, 1, 9), (3, 0, 12), (18, 0, 4)];
    b.put_array_len(keys.len());
    for (k, lo, hi) in keys {
        b.put_i16(k);
        b.put_i16(lo);
        b.put_i16(hi);
    }
    b
}

fn metadata(version: i16) -> Vec<u8> {
    let mut b = Vec::new();
    if version >= 3 {
        b.put_i32(0); // throttle_time_ms
    }
    b.put_array_len(2);
    for (id, port) in [(1, 9092), (2, 9093)] {
        b.put_i32(id);
        b.put_string("127.0.0.1");
        b.put_i32(port);
        b.put_nullable_string(if id == 1 { None } else { Some("rack-a") });
    }
    if version >= 2 {
        b.put_nullable_string(Some("cluster-id"));
    }
    b.put_i32(1); // controller
    b.put_array_len(2);
    for (name, err) in [("events", 0i16), ("missing", 3)] {
        b.put_i16(err);
        b.put_string(name);
        b.put_i8(0); // is_internal
        let np = if err == 0 { 2 } else { 0 };
        b.put_array_len(np);
        for p in [1, 0].iter().take(np) {
            b.put_i16(0);
            b.put_i32(*p);
            b.put_i32(1); // leader
            if version >= 7 {
                b.put_i32(5); // leader epoch
            }
            b.put_array_len(2);
            b.put_i32(1);
            b.put_i32(2);
            b.put_array_len(1);
            b.put_i32(1);
            if version >= 5 {
                b.put_array_len(1);
                b.put_i32(2); // offline
            }
        }
        if version >= 8 {
            b.put_i32(-2147483648); // topic_authorized_operations
        }
    }
    if version >= 8 {
        b.put_i32(-2147483648); // cluster_authorized_operations
    }
    b
}

fn produce(version: i16) -> Vec<u8> {
    let mut b = Vec::new();
    b.put_array_len(1);
    b.put_string("events");
    b.put_array_len(2);
    for (p, err) in [(0, 0i16), (1, 10)] {
        b.put_i32(p);
        b.put_i16(err);
        b.put_i64(if err == 0 { 41 } else { -1 });
        b.put_i64(-1); // log_append_time_ms
        if version >= 5 {
            b.put_i64(0); // log_start_offset
        }
        if version >= 8 {
            b.put_array_len(if err == 0 { 0 } else { 1 });
            if err != 0 {
                b.put_i32(0);
                b.put_nullable_string(Some("record too large"));
            }
            b.put_nullable_string(if err == 0 {
                None
            } else {
                Some("MESSAGE_TOO_LARGE")
            });
        }
    }
    b.put_i32(0); // throttle_time_ms
    b
}

fn list_offsets(version: i16) -> Vec<u8> {
    let mut b = Vec::new();
    if version >= 2 {
        b.put_i32(0);
    }
    b.put_array_len(1);
    b.put_string("events");
    b.put_array_len(2);
    for (p, off) in [(0, 9_007_199_254_740_993i64), (1, 0)] {
        b.put_i32(p);
        b.put_i16(0);
        b.put_i64(-1);
        b.put_i64(off);
        if version >= 4 {
            b.put_i32(3);
        }
    }
    b
}

fn fetch(version: i16) -> Vec<u8> {
    let mut b = Vec::new();
    if version >= 1 {
        b.put_i32(0); // throttle_time_ms
    }
    if version >= 7 {
        b.put_i16(0);
        b.put_i32(0); // session_id
    }
    b.put_array_len(1);
    b.put_string("events");
    b.put_array_len(2);
    for p in 0..2i32 {
        b.put_i32(p);
        b.put_i16(0);
        b.put_i64(10); // high watermark
        if version >= 4 {
            b.put_i64(10); // last stable offset
            if version >= 5 {
                b.put_i64(0); // log start offset
            }
            if p == 1 {
                b.put_array_len(1);
                b.put_i64(7);
                b.put_i64(2);
            } else {
                b.put_array_len(0);
            }
        }
        if version >= 11 {
            b.put_i32(-1); // preferred read replica
        }
        let records = if version >= 4 {
            if p == 1 {
                aborted_transaction()
            } else {
                batch(3, Compression::Snappy, ProducerState::NONE)
            }
        } else {
            let mut s = Vec::new();
            encode_message(&mut s, 0, 1, 0, 5, None, Some(b"plain"));
            s.extend_from_slice(
                &legacy_wrapper(3, 1, Compression::Gzip, &inner_set(1, 0, 2), 6).expect("wrapper"),
            );
            s
        };
        b.put_bytes(&records);
    }
    b
}

/// Seeds of the response_group target: (name, selector, body). The selector
/// is `kind + 9 * (version - lowest version of that kind)`.
fn group_responses() -> Vec<(String, u8, Vec<u8>)> {
    let mut out = Vec::new();
    let sel = |kind: u8, step: i16| kind + 9 * step as u8;
    let subscription = encode_subscription(&["events".to_string(), "audit".to_string()]);
    let mut assignment = std::collections::BTreeMap::new();
    assignment.insert("events".to_string(), vec![0, 2, 4]);
    assignment.insert("audit".to_string(), vec![1]);
    let assignment = encode_assignment(&assignment);
    for v in 1..=2i16 {
        let mut b = Vec::new();
        b.put_i32(0);
        b.put_i16(0);
        b.put_nullable_string(if v == 2 { Some("ok") } else { None });
        b.put_i32(1);
        b.put_string("127.0.0.1");
        b.put_i32(9092);
        out.push((format!("find-coordinator-v{v}"), sel(0, v - 1), b));
    }
    for v in 2..=5i16 {
        let mut b = Vec::new();
        b.put_i32(0);
        b.put_i16(0);
        b.put_i32(3); // generation
        b.put_string("range");
        b.put_string("member-1");
        b.put_string("member-1");
        b.put_array_len(2);
        for m in ["member-1", "member-2"] {
            b.put_string(m);
            if v >= 5 {
                b.put_nullable_string(None);
            }
            b.put_nullable_bytes(Some(&subscription));
        }
        out.push((format!("join-group-v{v}"), sel(1, v - 2), b));
    }
    for v in 0..=3i16 {
        let mut b = Vec::new();
        if v >= 1 {
            b.put_i32(0);
        }
        b.put_i16(0);
        b.put_nullable_bytes(Some(&assignment));
        out.push((format!("sync-group-v{v}"), sel(2, v), b));
    }
    for v in 0..=3i16 {
        let mut b = Vec::new();
        if v >= 1 {
            b.put_i32(0);
        }
        b.put_i16(27); // REBALANCE_IN_PROGRESS
        out.push((format!("heartbeat-v{v}"), sel(3, v), b));
    }
    for v in 0..=1i16 {
        let mut b = Vec::new();
        b.put_i32(0);
        b.put_i16(0);
        b.put_i64(4000);
        b.put_i16(0);
        out.push((format!("init-producer-id-v{v}"), sel(4, v), b));
    }
    for v in 2..=7i16 {
        let mut b = Vec::new();
        if v >= 3 {
            b.put_i32(0);
        }
        b.put_array_len(1);
        b.put_string("events");
        b.put_array_len(2);
        for p in 0..2 {
            b.put_i32(p);
            b.put_i16(0);
        }
        out.push((format!("offset-commit-v{v}"), sel(5, v - 2), b));
    }
    for v in 1..=5i16 {
        let mut b = Vec::new();
        if v >= 3 {
            b.put_i32(0);
        }
        b.put_array_len(1);
        b.put_string("events");
        b.put_array_len(2);
        for p in 0..2 {
            b.put_i32(p);
            b.put_i64(if p == 0 { 42 } else { -1 });
            if v >= 5 {
                b.put_i32(-1);
            }
            b.put_nullable_string(Some(""));
            b.put_i16(0);
        }
        if v >= 2 {
            b.put_i16(0);
        }
        out.push((format!("offset-fetch-v{v}"), sel(6, v - 1), b));
    }
    out.push(("subscription".into(), 7, subscription));
    out.push(("assignment".into(), 8, assignment));
    out
}
