//! The core against real Kafka: the 3.9 broker found through ZooKeeper and the
//! 4.x KRaft broker through a broker list. `tests/run` starts both and sets
//! KAFKA_RS_TEST_ZK and KAFKA_RS_TEST_KRAFT; without them these tests return
//! at once (a plain `cargo test` on a machine without brokers).

use std::time::{SystemTime, UNIX_EPOCH};

use kafka_rs::client::cluster::SharedCluster;
use kafka_rs::client::config::Config;
use kafka_rs::client::connector::Connector;
use kafka_rs::client::consumer::{PartitionStream, StartOffset};
use kafka_rs::client::producer::{Outgoing, Producer};
use kafka_rs::client::{pool, Error};
use kafka_rs::protocol::compression::Compression;
use kafka_rs::protocol::record_batch::{Header, ProducerRecord};

const CODECS: [Compression; 5] = [
    Compression::None,
    Compression::Gzip,
    Compression::Snappy,
    Compression::Lz4,
    Compression::Zstd,
];

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|s| !s.is_empty())
}

fn unique(name: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("core-{name}-{nanos}")
}

fn cluster(connector: &str, config: Config) -> SharedCluster {
    pool::private_cluster(Connector::parse(connector).expect("connector"), &config)
}

/// The settings a test cluster was made with, for its producers and streams.
fn cfg(cluster: &SharedCluster) -> Config {
    cluster.lock().config().clone()
}

fn record(i: usize) -> ProducerRecord {
    ProducerRecord {
        key: Some(format!("key-{i}").into_bytes()),
        value: Some(format!("value-{i}-{}", "x".repeat(i % 50)).into_bytes()),
        headers: vec![Header {
            key: "n".into(),
            value: Some(i.to_string().into_bytes()),
        }],
        timestamp: 1_700_000_000_000 + i as i64,
    }
}

fn produce(
    cluster: &SharedCluster,
    topic: &str,
    codec: Compression,
    range: std::ops::Range<usize>,
) {
    let mut producer = Producer::new(cluster.clone(), codec, cfg(cluster));
    let mut queue: Vec<Outgoing> = range
        .map(|i| Outgoing {
            topic: topic.to_string(),
            partition: 0,
            record: record(i),
        })
        .collect();
    producer.send(&mut queue).expect("produce");
    assert!(queue.is_empty(), "acknowledged messages leave the queue");
}

fn consume_all(
    cluster: &SharedCluster,
    topic: &str,
    max_bytes: i32,
) -> Vec<kafka_rs::protocol::record_batch::Record> {
    let mut stream = PartitionStream::new(
        cluster.clone(),
        cfg(cluster),
        topic,
        0,
        StartOffset::Earliest,
        max_bytes,
    );
    let mut out = Vec::new();
    while let Some(r) = stream.next_record().expect("consume") {
        out.push(r);
    }
    out
}

#[test]
fn every_codec_round_trips_on_both_clusters() {
    let (Some(zk), Some(kraft)) = (env("KAFKA_RS_TEST_ZK"), env("KAFKA_RS_TEST_KRAFT")) else {
        return;
    };
    for connector in [zk, format!("kafka://{kraft}")] {
        for codec in CODECS {
            let c = cluster(&connector, Config::default());
            let topic = unique(&format!("codec-{}", codec.name()));
            produce(&c, &topic, codec, 0..120);
            // A small fetch size forces many fetches and batches cut at the end.
            let got = consume_all(&c, &topic, 2048);
            assert_eq!(got.len(), 120, "{connector} {codec:?}");
            for (i, r) in got.iter().enumerate() {
                let want = record(i);
                assert_eq!(r.offset, i as i64);
                assert_eq!(r.key, want.key);
                assert_eq!(r.value, want.value);
                assert_eq!(r.headers, want.headers);
                assert_eq!(r.timestamp, want.timestamp);
                assert_eq!(r.compression, codec);
            }
        }
    }
}

/// Kafka 3.9 answers Fetch v0-v3 with legacy message sets (magic 0 and 1,
/// compressed wrappers), converted from the batches stored.
#[test]
fn legacy_message_formats_from_the_39_broker() {
    let Some(zk) = env("KAFKA_RS_TEST_ZK") else {
        return;
    };
    let writer = cluster(&zk, Config::default());
    let topic = unique("legacy");
    produce(&writer, &topic, Compression::None, 0..5);
    produce(&writer, &topic, Compression::Gzip, 5..12);
    produce(&writer, &topic, Compression::Snappy, 12..20);
    for version in 0..=3i16 {
        let config = Config {
            fetch_max_version: version,
            ..Config::default()
        };
        let c = cluster(&zk, config);
        let got = consume_all(&c, &topic, 1 << 20);
        let offsets: Vec<i64> = got.iter().map(|r| r.offset).collect();
        assert_eq!(offsets, (0..20).collect::<Vec<i64>>(), "fetch v{version}");
        for (i, r) in got.iter().enumerate() {
            assert_eq!(r.value, record(i).value, "fetch v{version} offset {i}");
            assert_eq!(r.key, record(i).key);
            // Magic 0 (Fetch v0, v1) has no timestamps; magic 1 does.
            let want_ts = if version >= 2 {
                record(i).timestamp
            } else {
                -1
            };
            assert_eq!(r.timestamp, want_ts, "fetch v{version}");
        }
        assert_eq!(got[7].compression, Compression::Gzip);
        // Starting in the middle of a compressed wrapper skips its earlier messages.
        let mut s =
            PartitionStream::new(c.clone(), cfg(&c), &topic, 0, StartOffset::At(14), 1 << 20);
        assert_eq!(
            s.next_record().expect("next").map(|r| r.offset),
            Some(14),
            "fetch v{version}"
        );
    }
}

#[test]
fn start_offsets_and_polling_after_catch_up() {
    let Some(kraft) = env("KAFKA_RS_TEST_KRAFT") else {
        return;
    };
    let c = cluster(&format!("kafka://{kraft}"), Config::default());
    let topic = unique("offsets");
    produce(&c, &topic, Compression::None, 0..3);
    let mut latest =
        PartitionStream::new(c.clone(), cfg(&c), &topic, 0, StartOffset::Latest, 65535);
    assert_eq!(latest.offset().expect("offset"), 3);
    assert!(
        latest.next_record().expect("next").is_none(),
        "caught up at the end"
    );
    produce(&c, &topic, Compression::Lz4, 3..5);
    let r = latest
        .next_record()
        .expect("next")
        .expect("a new message after polling again");
    assert_eq!(r.offset, 3);
    let mut by_time = PartitionStream::new(
        c.clone(),
        cfg(&c),
        &topic,
        0,
        StartOffset::Timestamp(record(2).timestamp),
        65535,
    );
    assert_eq!(
        by_time.next_record().expect("next").map(|r| r.offset),
        Some(2)
    );
}

#[test]
fn failures_name_what_failed() {
    let (Some(zk), Some(kraft)) = (env("KAFKA_RS_TEST_ZK"), env("KAFKA_RS_TEST_KRAFT")) else {
        return;
    };
    let c = cluster(&zk, Config::default());
    let topic = unique("missing");
    let mut s = PartitionStream::new(c.clone(), cfg(&c), &topic, 0, StartOffset::Earliest, 65535);
    match s.next_record() {
        Err(Error::TopicUnavailable { topic: t, .. }) => assert_eq!(t, topic),
        other => panic!("expected TopicUnavailable, got {other:?}"),
    }
    // Nothing listens on port 1.
    let c = cluster("kafka://127.0.0.1:1", Config::default());
    let err = Producer::new(c.clone(), Compression::None, cfg(&c))
        .partition_count("t")
        .unwrap_err()
        .to_string();
    assert!(err.contains("127.0.0.1:1"), "{err}");
    // A Kafka broker given as ZooKeeper, and ZooKeeper given as a broker.
    let quick = Config {
        connect_timeout: std::time::Duration::from_millis(1500),
        ..Config::default()
    };
    let c = cluster(&kraft, quick.clone());
    let err = Producer::new(c.clone(), Compression::None, cfg(&c))
        .partition_count("t")
        .unwrap_err()
        .to_string();
    assert!(err.contains("ZooKeeper") && err.contains(&kraft), "{err}");
    let zk_host = zk.split('/').next().unwrap_or(&zk).to_string();
    let c = cluster(&format!("kafka://{zk_host}"), quick);
    let err = Producer::new(c.clone(), Compression::None, cfg(&c))
        .partition_count("t")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Kafka broker") && err.contains(&zk_host),
        "{err}"
    );
}

/// A connection whose peer closed it while idle (a broker restart, an idle
/// timeout) is seen as dead before the next request is written into it. The
/// peer here answers the ApiVersions handshake byte for byte, then closes.
#[test]
fn an_idle_connection_closed_by_the_peer_is_seen_as_dead() {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let (close_tx, close_rx) = std::sync::mpsc::channel::<()>();
    let peer = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        let mut size = [0u8; 4];
        s.read_exact(&mut size).expect("size");
        let mut req = vec![0u8; u32::from_be_bytes(size) as usize];
        s.read_exact(&mut req).expect("request");
        // ApiVersions v0 answer: correlation id, error 0, no api keys.
        let mut resp = vec![0, 0, 0, 10];
        resp.extend_from_slice(&req[4..8]);
        resp.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        s.write_all(&resp).expect("answer");
        close_rx.recv().expect("told to close");
        drop(s);
    });
    let mut conn = kafka_rs::client::connection::Connection::open(&addr, &Config::default())
        .expect("handshake");
    assert!(conn.is_alive(), "open and idle");
    close_tx.send(()).expect("close");
    peer.join().expect("peer");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while conn.is_alive() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!conn.is_alive(), "closed by the peer");
}

/// How the fake coordinator below answers OffsetCommit.
#[derive(Clone, Copy, PartialEq, Debug)]
enum FakeCommit {
    /// NOT_COORDINATOR the first time (the group moved), then success.
    MovedOnce,
    /// The first connection is closed instead of answering, then success.
    ClosedOnce,
    /// NOT_COORDINATOR every time.
    AlwaysMoved,
}

/// A one-broker "cluster" on loopback that is its own group coordinator:
/// answers ApiVersions v0 (FindCoordinator v1, OffsetCommit v2 only),
/// FindCoordinator (itself) and OffsetCommit as `mode` says. Returns its
/// address and the number of FindCoordinator and OffsetCommit requests seen.
fn fake_coordinator(
    mode: FakeCommit,
) -> (
    String,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let finds = Arc::new(AtomicUsize::new(0));
    let commits = Arc::new(AtomicUsize::new(0));
    let (f, c) = (finds.clone(), commits.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let (finds, commits) = (f.clone(), c.clone());
            std::thread::spawn(move || loop {
                let mut size = [0u8; 4];
                if s.read_exact(&mut size).is_err() {
                    return;
                }
                let mut req = vec![0u8; u32::from_be_bytes(size) as usize];
                if s.read_exact(&mut req).is_err() {
                    return;
                }
                let api_key = i16::from_be_bytes([req[0], req[1]]);
                let mut body = req[4..8].to_vec(); // correlation id
                match api_key {
                    18 => {
                        body.extend_from_slice(&[0, 0, 0, 0, 0, 3]);
                        for (key, min, max) in [(18i16, 0i16, 0i16), (10, 1, 1), (8, 2, 2)] {
                            for v in [key, min, max] {
                                body.extend_from_slice(&v.to_be_bytes());
                            }
                        }
                    }
                    10 => {
                        finds.fetch_add(1, Ordering::SeqCst);
                        body.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 1]);
                        body.extend_from_slice(&9i16.to_be_bytes());
                        body.extend_from_slice(b"127.0.0.1");
                        body.extend_from_slice(&i32::from(port).to_be_bytes());
                    }
                    8 => {
                        let n = commits.fetch_add(1, Ordering::SeqCst);
                        if mode == FakeCommit::ClosedOnce && n == 0 {
                            return;
                        }
                        let moved = mode == FakeCommit::AlwaysMoved
                            || (mode == FakeCommit::MovedOnce && n == 0);
                        // One topic "t", one partition 0.
                        body.extend_from_slice(&[0, 0, 0, 1, 0, 1, b't', 0, 0, 0, 1, 0, 0, 0, 0]);
                        body.extend_from_slice(&(if moved { 16i16 } else { 0 }).to_be_bytes());
                    }
                    _ => return,
                }
                let mut frame = (body.len() as u32).to_be_bytes().to_vec();
                frame.extend_from_slice(&body);
                if s.write_all(&frame).is_err() {
                    return;
                }
            });
        }
    });
    (format!("127.0.0.1:{port}"), finds, commits)
}

/// A commit whose coordinator moved (NOT_COORDINATOR) or whose connection
/// broke is sent again to the coordinator found anew; a coordinator that
/// keeps refusing ends, after a few attempts, in the broker's error.
#[test]
fn a_commit_follows_a_coordinator_that_moved() {
    use kafka_rs::client::group::{Assignor, GroupMember};
    use std::sync::atomic::Ordering;
    for (mode, finds_expected, commits_expected) in [
        (FakeCommit::MovedOnce, 2, 2),
        (FakeCommit::ClosedOnce, 2, 2),
        (FakeCommit::AlwaysMoved, 4, 4),
    ] {
        let (addr, finds, commits) = fake_coordinator(mode);
        let connector = format!("kafka://{addr}");
        let mut m = GroupMember::new(
            cluster(&connector, Config::default()),
            Config::default(),
            "g",
            vec!["t".into()],
            vec![Assignor::Range],
        );
        let result = m.commit(&[("t".into(), 0, 5)]);
        match mode {
            FakeCommit::AlwaysMoved => {
                let e = result.expect_err("refused every time");
                assert!(
                    e.to_string()
                        .contains("NOT_COORDINATOR (16) for OffsetCommit of t/0"),
                    "{e}"
                );
            }
            _ => result.unwrap_or_else(|e| panic!("{mode:?}: {e}")),
        }
        assert_eq!(finds.load(Ordering::SeqCst), finds_expected, "{mode:?}");
        assert_eq!(commits.load(Ordering::SeqCst), commits_expected, "{mode:?}");
    }
}

fn create_topic(name: &str, partitions: u32, bed: &str) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/broker/kafka");
    let status = std::process::Command::new(script)
        .args(["topic", "create", name, &partitions.to_string(), bed])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run tests/broker/kafka");
    assert!(status.success(), "topic create {name}");
}

fn group_config() -> Config {
    Config {
        heartbeat_interval: std::time::Duration::from_millis(200),
        session_timeout: std::time::Duration::from_secs(10),
        rebalance_timeout: std::time::Duration::from_secs(10),
        ..Config::default()
    }
}

fn owned(m: &kafka_rs::client::group::GroupMember, topic: &str) -> Vec<i32> {
    m.assignment().get(topic).cloned().unwrap_or_default()
}

/// Two members of one group split a topic's partitions, see each other's
/// commits, and the one left after the other leaves gets every partition.
#[test]
fn group_members_split_partitions_and_rebalance() {
    use kafka_rs::client::group::{Assignor, GroupMember};
    let (Some(zk), Some(kraft)) = (env("KAFKA_RS_TEST_ZK"), env("KAFKA_RS_TEST_KRAFT")) else {
        return;
    };
    for (connector, bed) in [(zk, "zk"), (format!("kafka://{kraft}"), "kraft")] {
        let topic = unique("group");
        create_topic(&topic, 4, bed);
        let group = unique("g");
        let mut a = GroupMember::new(
            cluster(&connector, group_config()),
            group_config(),
            &group,
            vec![topic.clone()],
            vec![Assignor::Range],
        );
        assert!(
            a.poll(&mut |_| Ok(())).expect("a joins"),
            "first join changes the assignment"
        );
        assert_eq!(
            owned(&a, &topic),
            vec![0, 1, 2, 3],
            "{bed}: alone, a owns everything"
        );

        let (b_topic, b_group, b_connector) = (topic.clone(), group.clone(), connector.clone());
        let b = std::thread::spawn(move || {
            let mut b = GroupMember::new(
                cluster(&b_connector, group_config()),
                group_config(),
                &b_group,
                vec![b_topic],
                vec![Assignor::Range],
            );
            b.poll(&mut |_| Ok(())).expect("b joins");
            b
        });
        // a keeps heartbeating; the coordinator tells it to rejoin, and it does.
        let mut committed_before_rejoin = false;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !b.is_finished() && std::time::Instant::now() < deadline {
            let mut commit = |m: &mut GroupMember| {
                committed_before_rejoin = true;
                m.commit(&[(
                    m.assignment().keys().next().cloned().unwrap_or_default(),
                    0,
                    5,
                )])
            };
            a.poll(&mut commit).expect("a polls");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let mut b = b.join().expect("b thread");
        assert!(
            committed_before_rejoin,
            "{bed}: a committed before giving partitions away"
        );
        let (pa, pb) = (owned(&a, &topic), owned(&b, &topic));
        let mut all: Vec<i32> = pa.iter().chain(pb.iter()).copied().collect();
        all.sort_unstable();
        assert_eq!(
            all,
            vec![0, 1, 2, 3],
            "{bed}: a {pa:?} + b {pb:?} cover every partition once"
        );
        assert_eq!(pa.len(), 2, "{bed}: range splits 4 partitions 2 and 2");
        assert_eq!(a.generation(), b.generation());

        // a's commit is the group's: b sees it.
        let seen = b.committed(&topic, &[0, 1]).expect("committed");
        assert_eq!(seen.get(&0), Some(&Some(5)), "{bed}");
        assert_eq!(seen.get(&1), Some(&None), "{bed}");

        b.leave().expect("b leaves");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while owned(&a, &topic).len() < 4 && std::time::Instant::now() < deadline {
            a.poll(&mut |_| Ok(())).expect("a polls");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(
            owned(&a, &topic),
            vec![0, 1, 2, 3],
            "{bed}: after b left, a owns everything"
        );
        a.leave().expect("a leaves");
    }
}

/// Offsets left in ZooKeeper by kafka-php (0.7 layout, hex) and by 0.8
/// consumers (decimal) are read back per partition.
#[test]
fn offsets_left_in_zookeeper_by_the_original_library() {
    use kafka_rs::client::zookeeper::{legacy_offsets, ZooKeeper};
    let Some(zk) = env("KAFKA_RS_TEST_ZK") else {
        return;
    };
    let hosts = vec![zk.clone()];
    let timeout = std::time::Duration::from_secs(5);
    let group = unique("legacy-group");
    let mut z = ZooKeeper::connect(&hosts, None, timeout).expect("zk");
    z.put(
        &format!("/consumers/{group}/offsets/t/0-0"),
        b"000000000000000a",
    )
    .expect("put");
    z.put(&format!("/consumers/{group}/offsets/t/1-0"), b"12")
        .expect("put");
    z.put(&format!("/consumers/{group}/offsets/t/2"), b"30")
        .expect("put");
    drop(z);
    let got = legacy_offsets(&hosts, None, timeout, &group, "t").expect("read");
    assert_eq!(got.into_iter().collect::<Vec<_>>(), vec![(0, 12), (2, 30)]);
    assert!(legacy_offsets(&hosts, None, timeout, &group, "other")
        .expect("read")
        .is_empty());
}

/// Three members of one group consume a 6-partition topic: every message is
/// read exactly once across them; a member restarted with the same group
/// continues after the last commit.
#[test]
fn group_consumers_read_each_message_once_and_resume_after_commit() {
    use kafka_rs::client::group::Assignor;
    use kafka_rs::client::group_consumer::{GroupConsumer, GroupStream};
    let Some(kraft) = env("KAFKA_RS_TEST_KRAFT") else {
        return;
    };
    let connector = format!("kafka://{kraft}");
    let topic = unique("gc");
    create_topic(&topic, 6, "kraft");
    let producer_cluster = cluster(&connector, Config::default());
    let mut producer = Producer::new(producer_cluster, Compression::Lz4, Config::default());
    let mut queue: Vec<Outgoing> = (0..600)
        .map(|i| Outgoing {
            topic: topic.clone(),
            partition: (i % 6) as i32,
            record: record(i),
        })
        .collect();
    producer.send(&mut queue).expect("produce");
    let group = unique("gc-group");

    let consumers: Vec<_> = (0..3)
        .map(|_| {
            let (connector, topic, group) = (connector.clone(), topic.clone(), group.clone());
            std::thread::spawn(move || {
                let c = cluster(&connector, group_config());
                let g = GroupConsumer::new(
                    c.clone(),
                    group_config(),
                    &group,
                    vec![topic.clone()],
                    vec![Assignor::RoundRobin],
                );
                let mut streams: Vec<GroupStream> = (0..6)
                    .map(|p| {
                        GroupStream::new(
                            PartitionStream::new(
                                c.clone(),
                                group_config(),
                                &topic,
                                p,
                                StartOffset::Earliest,
                                65536,
                            ),
                            g.clone(),
                            StartOffset::Earliest,
                        )
                    })
                    .collect();
                let mut seen = Vec::new();
                let mut idle_rounds = 0;
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(40);
                // Keep polling until the group has settled and nothing new came for a while.
                while idle_rounds < 40 && std::time::Instant::now() < deadline {
                    let mut got = 0;
                    for s in streams.iter_mut() {
                        while let Some(r) = s.next_record().expect("next") {
                            seen.push(r.offset * 10 + s.stream().partition() as i64);
                            got += 1;
                        }
                    }
                    idle_rounds = if got == 0 { idle_rounds + 1 } else { 0 };
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                g.lock().close().expect("close");
                seen
            })
        })
        .collect();
    let mut all: Vec<i64> = consumers
        .into_iter()
        .flat_map(|h| h.join().expect("consumer"))
        .collect();
    let total = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 600, "every message read");
    assert_eq!(
        total,
        600,
        "no message read twice ({} duplicates)",
        total - 600
    );

    // A new member of the same group starts after the commits: nothing left to read.
    produce(
        &cluster(&connector, Config::default()),
        &topic,
        Compression::None,
        0..1,
    );
    let c = cluster(&connector, group_config());
    let g = GroupConsumer::new(
        c.clone(),
        group_config(),
        &group,
        vec![topic.clone()],
        vec![Assignor::Range],
    );
    let mut s0 = GroupStream::new(
        PartitionStream::new(c.clone(), cfg(&c), &topic, 0, StartOffset::Earliest, 65536),
        g.clone(),
        StartOffset::Earliest,
    );
    let first = s0
        .next_record()
        .expect("next")
        .expect("the one new message on partition 0");
    assert_eq!(
        first.offset, 100,
        "resumed after the committed 100 messages of partition 0"
    );
}

/// A member's subscription grows: it rejoins with the new topic (committing
/// first), the group rebalances, the leader assigns the new topic's
/// partitions to the only member subscribed to it, and both still split the
/// first topic. Both clusters.
#[test]
fn group_subscription_grows_with_a_rejoin() {
    use kafka_rs::client::group::{Assignor, GroupMember};
    let (Some(zk), Some(kraft)) = (env("KAFKA_RS_TEST_ZK"), env("KAFKA_RS_TEST_KRAFT")) else {
        return;
    };
    for (connector, bed) in [(zk, "zk"), (format!("kafka://{kraft}"), "kraft")] {
        let first = unique("sub-a");
        let second = unique("sub-b");
        create_topic(&first, 2, bed);
        create_topic(&second, 3, bed);
        let group = unique("sub-g");
        let member = |topics: Vec<String>| {
            GroupMember::new(
                cluster(&connector, group_config()),
                group_config(),
                &group,
                topics,
                vec![Assignor::Range],
            )
        };
        let mut a = member(vec![first.clone()]);
        a.poll(&mut |_| Ok(())).expect("a joins");
        let (b_first, b) = (first.clone(), member(Vec::new()));
        let b = std::thread::spawn(move || {
            let mut b = b;
            b.subscribe(std::slice::from_ref(&b_first));
            b.poll(&mut |_| Ok(())).expect("b joins");
            // Keep b in the group (heartbeats) until it sees the next rebalance through.
            let generation = b.generation();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while b.generation() == generation && std::time::Instant::now() < deadline {
                b.poll(&mut |_| Ok(())).expect("b polls");
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            b
        });
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while owned(&a, &first).len() != 1 && std::time::Instant::now() < deadline {
            a.poll(&mut |_| Ok(())).expect("a polls");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(owned(&a, &first).len(), 1, "{bed}: a and b split {first}");

        let generation = a.generation();
        assert!(a.subscribe(std::slice::from_ref(&second)), "{bed}: grew");
        assert!(
            !a.subscribe(std::slice::from_ref(&second)),
            "{bed}: already there"
        );
        assert!(a.needs_join(), "{bed}: a new subscription needs a rejoin");
        let mut committed_first = false;
        a.poll(&mut |_| {
            committed_first = true;
            Ok(())
        })
        .expect("a rejoins");
        assert!(committed_first, "{bed}: a may commit before the rejoin");
        assert!(a.generation() > generation, "{bed}: the group rebalanced");
        let b = b.join().expect("b thread");
        assert_eq!(a.topics(), [first.clone(), second.clone()]);
        assert_eq!(
            owned(&a, &second),
            vec![0, 1, 2],
            "{bed}: only a subscribes to {second}"
        );
        let mut split: Vec<i32> = owned(&a, &first)
            .into_iter()
            .chain(owned(&b, &first))
            .collect();
        split.sort_unstable();
        assert_eq!(
            split,
            vec![0, 1],
            "{bed}: {first} still split between a and b"
        );
        assert!(
            owned(&b, &second).is_empty(),
            "{bed}: b did not subscribe to {second}"
        );
        a.leave().expect("a leaves");
    }
}

/// acks=all is idempotent by default: batches carry a producer id and
/// sequence numbers (read back from the stored batch), and a batch sent twice,
/// as a retry after a lost answer would, is written once.
#[test]
fn idempotent_producer_writes_a_resent_batch_once() {
    use kafka_rs::client::connection::Connection;
    use kafka_rs::protocol::messages::produce::{
        ProducePartition, ProduceRequest, ProduceResponse, ProduceTopic,
    };
    use kafka_rs::protocol::record_batch::{encode_batch, ProducerState};
    let (Some(zk), Some(kraft)) = (env("KAFKA_RS_TEST_ZK"), env("KAFKA_RS_TEST_KRAFT")) else {
        return;
    };
    for (connector, broker) in [
        (zk, "127.0.0.1:9092".to_string()),
        (format!("kafka://{kraft}"), kraft.clone()),
    ] {
        let config = Config {
            acks: -1,
            ..Config::default()
        };
        let c = cluster(&connector, config.clone());
        let topic = unique("idem");
        produce(&c, &topic, Compression::None, 0..3);
        produce(&c, &topic, Compression::Gzip, 3..5);
        let got = consume_all(&c, &topic, 65536);
        assert_eq!(got.len(), 5);
        let (id, seq) = {
            let mut cl = c.lock();
            let ident = cl.producer_identity().expect("identity").clone();
            (ident.clone(), ident.next_sequence(&topic, 0))
        };
        assert!(id.id >= 0, "a producer id was assigned");
        assert_eq!(seq, 5, "sequence advanced by the 5 records acknowledged");

        // The same batch (same producer id, epoch and base sequence) twice.
        let mut conn = Connection::open(&broker, &config).expect("connect");
        let recs = [record(100)];
        let mut batch = Vec::new();
        let state = ProducerState {
            producer_id: id.id,
            producer_epoch: id.epoch,
            base_sequence: 5,
        };
        encode_batch(&recs, Compression::None, state, &mut batch, &mut Vec::new()).expect("encode");
        for attempt in 0..2 {
            let req = ProduceRequest {
                transactional_id: None,
                acks: -1,
                timeout_ms: 10_000,
                topics: vec![ProduceTopic {
                    name: &topic,
                    partitions: vec![ProducePartition {
                        index: 0,
                        records: &batch,
                    }],
                }],
            };
            let resp = conn
                .call(&req, |r, v| ProduceResponse::decode(r, v))
                .expect("produce");
            let p = &resp.topics[0].partitions[0];
            assert!(p.error_code.is_ok(), "attempt {attempt}: {}", p.error_code);
            assert_eq!(
                p.base_offset, 5,
                "attempt {attempt}: the duplicate reports the first write's offset"
            );
        }
        let got = consume_all(&c, &topic, 65536);
        assert_eq!(
            got.len(),
            6,
            "{connector}: the resent batch was written once"
        );
    }
}

/// A broker registered the way Kafka 0.7 did (`creator:host:port` under
/// `/brokers/ids/<id>`) is found through a real ZooKeeper; here the 3.9
/// broker is registered so under a chroot, and a producer reaches it.
#[test]
fn kafka_07_broker_registration_in_zookeeper() {
    use kafka_rs::client::zookeeper::ZooKeeper;
    let (Some(zk), Some(broker)) = (env("KAFKA_RS_TEST_ZK"), env("KAFKA_RS_TEST_BROKER39")) else {
        return;
    };
    let chroot = format!("/{}", unique("kafka07"));
    let mut z = ZooKeeper::connect(
        std::slice::from_ref(&zk),
        None,
        std::time::Duration::from_secs(5),
    )
    .expect("zk");
    z.put(
        &format!("{chroot}/brokers/ids/0"),
        format!("10.0.0.1-1389367412345:{broker}").as_bytes(),
    )
    .expect("register");
    drop(z);
    let c = cluster(&format!("{zk}{chroot}"), Config::default());
    let topic = unique("seven");
    produce(&c, &topic, Compression::Gzip, 0..3);
    assert_eq!(consume_all(&c, &topic, 65536).len(), 3);
}
