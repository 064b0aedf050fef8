//! A stream over one partition: fetches from the leader and hands out one
//! record at a time, decoding the response straight off the socket.
//!
//! Each stream owns its connection, because a response that is only partly
//! read occupies the connection until the last record is taken. The stream
//! returns `None` when it has caught up with the partition's end (the high
//! watermark, or the last stable offset under read_committed); the next call
//! fetches again, which is how a PHP loop polls for new messages.

use std::time::Duration;

use super::cluster::SharedCluster;
use super::config::Config;
use super::connection::{drain, Connection};
use super::error::{Error, Result};
use crate::protocol::messages::fetch::{self, FetchPartition, FetchRequest, FetchTopic};
use crate::protocol::messages::list_offsets::{EARLIEST_TIMESTAMP, LATEST_TIMESTAMP};
use crate::protocol::record_batch::Record;
use crate::protocol::records::RecordsReader;
use crate::protocol::{KafkaCode, ProtocolError};

/// Where a stream starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartOffset {
    /// The partition's first available offset.
    Earliest,
    /// The end: only messages produced from now on.
    Latest,
    /// A given offset.
    At(i64),
    /// The first offset whose timestamp is at or after these milliseconds.
    Timestamp(i64),
}

/// A response being read.
#[derive(Debug)]
struct Inflight {
    /// Bytes of the response frame not yet read.
    frame_left: u64,
    records: RecordsReader,
    /// The partition's end as the broker reported it.
    end_offset: i64,
    /// The stream's position when the fetch was sent.
    fetched_at: i64,
    /// Fetch version of the response.
    version: i16,
    /// True when the response carried no records at all.
    empty: bool,
}

/// Consumes one partition.
#[derive(Debug)]
pub struct PartitionStream {
    cluster: SharedCluster,
    config: Config,
    topic: String,
    partition: i32,
    start: Option<StartOffset>,
    next_offset: i64,
    max_bytes: i32,
    conn: Option<Connection>,
    inflight: Option<Inflight>,
}

/// Metadata errors after which the stream looks up the leader again.
const MAX_LEADER_RETRIES: u32 = 5;

impl PartitionStream {
    /// A stream over `topic`/`partition` from `start`, fetching at most
    /// `max_bytes` per request. Nothing is sent until the first [`next`](Self::next).
    pub fn new(
        cluster: SharedCluster,
        config: Config,
        topic: &str,
        partition: i32,
        start: StartOffset,
        max_bytes: i32,
    ) -> PartitionStream {
        PartitionStream {
            cluster,
            config,
            topic: topic.to_string(),
            partition,
            start: Some(start),
            next_offset: -1,
            max_bytes: max_bytes.max(1),
            conn: None,
            inflight: None,
        }
    }

    /// Topic.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Partition.
    pub fn partition(&self) -> i32 {
        self.partition
    }

    /// The offset of the next record this stream will return (resolving
    /// earliest/latest on first use).
    pub fn offset(&mut self) -> Result<i64> {
        self.resolve_start()?;
        Ok(self.next_offset)
    }

    /// Moves the stream to `start`, abandoning any response in progress.
    pub fn seek(&mut self, start: StartOffset) {
        if self.inflight.take().is_some() {
            self.conn = None;
        }
        self.start = Some(start);
    }

    fn resolve_start(&mut self) -> Result<()> {
        let Some(start) = self.start else {
            return Ok(());
        };
        let ts = match start {
            StartOffset::At(o) if o >= 0 => {
                self.next_offset = o;
                self.start = None;
                return Ok(());
            }
            StartOffset::At(_) => {
                return Err(Error::InvalidArgument(format!(
                    "offset {start:?} is negative"
                )));
            }
            StartOffset::Earliest => EARLIEST_TIMESTAMP,
            StartOffset::Latest => LATEST_TIMESTAMP,
            StartOffset::Timestamp(ms) => ms,
        };
        let mut c = self.cluster.lock();
        let committed = self.config.read_committed;
        let mut offset = c.list_offset(&self.topic, self.partition, ts, committed)?;
        if offset < 0 {
            // No message at or after the timestamp: start at the end.
            offset = c.list_offset(&self.topic, self.partition, LATEST_TIMESTAMP, committed)?;
        }
        self.next_offset = offset;
        self.start = None;
        Ok(())
    }

    /// The next record, or `None` when the partition is caught up.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        self.resolve_start()?;
        let mut leader_retries = 0;
        loop {
            if let Some(rec) = self.next_in_flight()? {
                return Ok(Some(rec));
            }
            // The response (if any) is used up. Caught up, or fetch again?
            match self.fetch(&mut leader_retries)? {
                FetchOutcome::Data => continue,
                FetchOutcome::CaughtUp => return Ok(None),
                FetchOutcome::Retry => continue,
            }
        }
    }

    /// Takes the next record from the response being read; `None` when the
    /// response is used up (the connection is then ready for the next request).
    fn next_in_flight(&mut self) -> Result<Option<Record>> {
        let (Some(inflight), Some(conn)) = (self.inflight.as_mut(), self.conn.as_mut()) else {
            return Ok(None);
        };
        let addr = conn.addr().to_string();
        let mut body = conn.body(inflight.frame_left);
        let result = inflight.records.next_record(&mut body);
        inflight.frame_left = body.limit();
        match result {
            Ok(Some(rec)) => {
                self.next_offset = rec.offset.saturating_add(1);
                Ok(Some(rec))
            }
            Ok(None) => {
                // Fields after the records (none in the versions used) are skipped.
                let left = inflight.frame_left;
                let mut rest = conn.body(left);
                if let Err(e) = drain(&mut rest) {
                    self.conn = None;
                    self.inflight = None;
                    return Err(Error::from_io(&addr, "Fetch", e, self.config.request_ms()));
                }
                if let Some(end) = inflight.records.end_offset() {
                    self.next_offset = self.next_offset.max(end);
                }
                Ok(None)
            }
            Err(e) => {
                self.conn = None;
                self.inflight = None;
                Err(self.decode_error(&addr, e))
            }
        }
    }

    fn decode_error(&self, addr: &str, e: ProtocolError) -> Error {
        match e {
            ProtocolError::Io(_) | ProtocolError::Truncated { .. } => {
                Error::from_protocol(addr, "Fetch", e, self.config.request_ms())
            }
            ProtocolError::BadCrc { offset, .. } | ProtocolError::UnknownMagic { offset, .. } => {
                Error::Corrupt {
                    topic: self.topic.clone(),
                    partition: self.partition,
                    offset,
                    source: e,
                }
            }
            other => Error::Corrupt {
                topic: self.topic.clone(),
                partition: self.partition,
                offset: self.next_offset,
                source: other,
            },
        }
    }

    /// Decides what follows a used-up response, and sends the next fetch.
    fn fetch(&mut self, leader_retries: &mut u32) -> Result<FetchOutcome> {
        if let Some(done) = self.inflight.take() {
            let progressed = self.next_offset > done.fetched_at;
            // Only old Fetch versions (0-2) cannot hand over a batch larger than
            // the fetch size: they cut it, or (brokers converting down) send nothing
            // although the partition has more.
            let oversized = done.records.was_cut_off()
                || done.version < 3 && done.empty && self.next_offset < done.end_offset;
            if !progressed && oversized {
                return Err(Error::MessageTooLarge {
                    topic: self.topic.clone(),
                    partition: self.partition,
                    offset: self.next_offset,
                    max_bytes: self.max_bytes,
                });
            }
            if self.next_offset >= done.end_offset || !progressed {
                // Nothing more now: the caller polls again later.
                return Ok(FetchOutcome::CaughtUp);
            }
        }
        let addr = {
            let mut c = self.cluster.lock();
            c.leader_addr(&self.topic, self.partition, false)?
        };
        if self
            .conn
            .as_ref()
            .is_some_and(|c| c.addr() != addr || !c.is_usable())
        {
            self.conn = None;
        }
        if self.conn.is_none() {
            let mut conn = match Connection::open(&addr, &self.config) {
                Ok(c) => c,
                Err(e) => return self.retry_leader(leader_retries, e),
            };
            conn.set_read_timeout(self.config.request_timeout + self.config.fetch_wait)?;
            self.conn = Some(conn);
        }
        let Some(conn) = self.conn.as_mut() else {
            return Ok(FetchOutcome::Retry);
        };
        let version = conn.version_for::<FetchRequest>(self.config.fetch_max_version)?;
        let req = FetchRequest {
            max_wait_ms: self.config.fetch_wait.as_millis().min(i32::MAX as u128) as i32,
            min_bytes: 1,
            max_bytes: self.max_bytes,
            isolation_level: self.config.read_committed as i8,
            topics: vec![FetchTopic {
                topic: self.topic.clone(),
                partitions: vec![FetchPartition {
                    partition: self.partition,
                    fetch_offset: self.next_offset,
                    partition_max_bytes: self.max_bytes,
                }],
            }],
        };
        let sent = conn.send(&req, version).and_then(|id| {
            let ms = self.config.request_ms();
            let mut body = conn.read_response(id, "Fetch")?;
            let head = read_heads(&mut body, version, &self.topic, self.partition)
                .map_err(|e| Error::from_protocol(&addr, "Fetch", e, ms))?;
            Ok((head, body.limit()))
        });
        let (head, frame_left) = match sent {
            Ok(v) => v,
            Err(e) => {
                self.conn = None;
                return self.retry_leader(leader_retries, e);
            }
        };
        let (top_error, part) = head;
        let code = if !top_error.is_ok() {
            top_error
        } else {
            part.as_ref().map_or(KafkaCode::NONE, |p| p.error_code)
        };
        if !code.is_ok() {
            // Read the rest so the connection stays usable.
            if let Some(c) = self.conn.as_mut() {
                let mut rest = c.body(frame_left);
                if drain(&mut rest).is_err() {
                    self.conn = None;
                }
            }
            let err = Error::Broker {
                addr: addr.clone(),
                code,
                context: format!(
                    "fetch {}/{} at offset {}",
                    self.topic, self.partition, self.next_offset
                ),
                message: None,
            };
            if code.needs_metadata_refresh() {
                return self.retry_leader(leader_retries, err);
            }
            return Err(err);
        }
        let Some(part) = part else {
            self.conn = None;
            return Err(Error::Protocol {
                addr,
                what: "Fetch",
                source: ProtocolError::Malformed {
                    what: "Fetch response",
                    reason: format!("no answer for {}/{}", self.topic, self.partition),
                },
            });
        };
        let end_offset = if self.config.read_committed && part.last_stable_offset >= 0 {
            part.last_stable_offset
        } else {
            part.high_watermark
        };
        if part.records_len > frame_left {
            self.conn = None;
            return Err(Error::Protocol {
                addr,
                what: "Fetch",
                source: ProtocolError::Malformed {
                    what: "Fetch response",
                    reason: format!(
                        "records length {} exceeds the {} bytes left in the frame",
                        part.records_len, frame_left
                    ),
                },
            });
        }
        let records = RecordsReader::new(
            part.records_len,
            self.next_offset,
            self.config.read_committed,
            part.aborted,
        );
        self.inflight = Some(Inflight {
            frame_left,
            records,
            end_offset,
            fetched_at: self.next_offset,
            version,
            empty: part.records_len == 0,
        });
        *leader_retries = 0;
        Ok(FetchOutcome::Data)
    }

    fn retry_leader(&mut self, retries: &mut u32, err: Error) -> Result<FetchOutcome> {
        *retries += 1;
        if !err.is_retriable() || *retries > MAX_LEADER_RETRIES {
            return Err(err);
        }
        self.conn = None;
        self.cluster.lock().invalidate(&self.topic);
        std::thread::sleep(Duration::from_millis(100 * *retries as u64));
        Ok(FetchOutcome::Retry)
    }
}

enum FetchOutcome {
    Data,
    CaughtUp,
    Retry,
}

/// Reads a Fetch response down to our partition's records. Other topics or
/// partitions (none are asked for) would be an error.
fn read_heads<R: std::io::Read>(
    body: &mut R,
    version: i16,
    topic: &str,
    partition: i32,
) -> std::result::Result<(KafkaCode, Option<fetch::FetchPartitionHead>), ProtocolError> {
    let head = fetch::read_response_head(body, version)?;
    if head.topics == 0 {
        return Ok((head.error_code, None));
    }
    let (name, partitions) = fetch::read_topic_head(body)?;
    if name != topic || partitions != 1 || head.topics != 1 {
        return Err(ProtocolError::Malformed {
            what: "Fetch response",
            reason: format!(
                "answer for {name} ({partitions} partitions) when {topic}/{partition} was asked"
            ),
        });
    }
    let p = fetch::read_partition_head(body, version)?;
    if p.partition != partition {
        return Err(ProtocolError::Malformed {
            what: "Fetch response",
            reason: format!(
                "answer for partition {} when {partition} was asked",
                p.partition
            ),
        });
    }
    Ok((head.error_code, Some(p)))
}
