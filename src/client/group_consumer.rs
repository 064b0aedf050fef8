//! Consuming as a member of a group: which partitions a process reads, where
//! each starts, and when positions are committed.
//!
//! - A stream reads its partition only while the group assigns it to this
//!   member; otherwise it reports "caught up", so a PHP loop over all
//!   partitions' streams works unchanged through rebalances.
//! - A partition starts at the group's committed offset; without one, at the
//!   offset kafka-php left in ZooKeeper (ZooKeeper connectors), else at the
//!   start offset the caller gave.
//! - Positions are committed on an interval, before partitions move in a
//!   rebalance, on demand, and when the consumer is closed or dropped (which
//!   also leaves the group, so others take its partitions at once).
//! - The subscription can grow: streams over another topic make the member
//!   rejoin with it, and the group rebalances.
//!
//! A position is the offset after the last record handed out; it is committed
//! on a later call, when the caller has come back for more, so every record is
//! processed at least once. Where a partition starts without any record read
//! yet, that start is its position, so the next owner continues from there
//! rather than from wherever the partition's end is by then.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use super::cluster::SharedCluster;
use super::config::Config;
use super::connector::Connector;
use super::consumer::{PartitionStream, StartOffset};
use super::error::{Error, Result};
use super::group::{Assignor, GroupMember};
use super::zookeeper;
use crate::protocol::record_batch::Record;

/// Group state shared by all streams of one consumer connector.
#[derive(Debug)]
pub struct GroupConsumer {
    cluster: SharedCluster,
    config: Config,
    member: GroupMember,
    /// Next offset to consume, per partition consumed while owned.
    positions: BTreeMap<(String, i32), i64>,
    /// What was last committed, to commit only what moved.
    committed: BTreeMap<(String, i32), i64>,
    /// Offsets kafka-php left in ZooKeeper, read once per topic.
    legacy: BTreeMap<String, BTreeMap<i32, i64>>,
    last_commit: Instant,
    /// Set by `close()`/`leave()`: the member left and does not rejoin.
    closed: bool,
}

/// A group consumer shared by its streams.
pub type SharedGroup = Arc<Mutex<GroupConsumer>>;

impl GroupConsumer {
    /// A consumer in `group_id` for `topics`; joins on first use.
    pub fn new(
        cluster: SharedCluster,
        config: Config,
        group_id: &str,
        topics: Vec<String>,
        assignors: Vec<Assignor>,
    ) -> SharedGroup {
        let member = GroupMember::new(cluster.clone(), config.clone(), group_id, topics, assignors);
        Arc::new(Mutex::new(GroupConsumer {
            cluster,
            config,
            member,
            positions: BTreeMap::new(),
            committed: BTreeMap::new(),
            legacy: BTreeMap::new(),
            last_commit: Instant::now(),
            closed: false,
        }))
    }

    /// Adds `topics` to the group subscription (see [`GroupMember::subscribe`]).
    pub fn subscribe(&mut self, topics: &[String]) -> bool {
        self.member.subscribe(topics)
    }

    /// True once `close()` or `leave()` ran: the member is out of the group for good.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The membership (assignment, generation, member id).
    pub fn member(&self) -> &GroupMember {
        &self.member
    }

    /// Heartbeats, rejoins when the group rebalances (committing first), and
    /// commits when the auto-commit interval has passed (never when it is 0).
    /// An automatic commit that fails because the group is rebalancing or the
    /// coordinator is out of reach is not an error: the positions stay and
    /// are committed by a later try, and until then the group would read those
    /// records again, never skip them.
    pub fn poll(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        let before = (
            self.member.member_id().to_string(),
            self.member.generation(),
        );
        let positions = &mut self.positions;
        let committed = &mut self.committed;
        let mut before_rejoin = |m: &mut GroupMember| commit_owned(m, positions, committed);
        if self.member.poll(&mut before_rejoin)? {
            let member = &self.member;
            let continued = !before.0.is_empty()
                && before.0 == member.member_id()
                && member.generation() == before.1.saturating_add(1);
            if continued {
                // Positions of partitions no longer ours belong to their new owner now.
                self.positions.retain(|(t, p), _| member.owns(t, *p));
            } else {
                // Rejoined as a new member, or generations went by without us:
                // others may have read on and committed; start from the commits.
                self.positions.clear();
                self.committed.clear();
            }
        }
        let interval = self.config.auto_commit_interval;
        if !interval.is_zero() && self.last_commit.elapsed() >= interval {
            match self.commit() {
                Err(e) if !e.is_retriable() && !is_group_moving_on(&e) => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    /// Commits the positions of owned partitions that moved since the last commit.
    pub fn commit(&mut self) -> Result<()> {
        self.last_commit = Instant::now();
        commit_owned(&mut self.member, &mut self.positions, &mut self.committed)
    }

    /// Where `topic`/`partition` starts for this member: committed offset,
    /// else kafka-php's ZooKeeper offset, else `default`.
    pub fn start_offset(
        &mut self,
        topic: &str,
        partition: i32,
        default: StartOffset,
    ) -> Result<StartOffset> {
        if let Some(pos) = self.positions.get(&(topic.to_string(), partition)) {
            return Ok(StartOffset::At(*pos));
        }
        if let Some(Some(o)) = self.member.committed(topic, &[partition])?.get(&partition) {
            self.committed.insert((topic.to_string(), partition), *o);
            return Ok(StartOffset::At(*o));
        }
        if !self.legacy.contains_key(topic) {
            let connector = self.cluster.lock().connector().clone();
            let timeout = self.config.connect_timeout;
            let found = match connector {
                Connector::ZooKeeper { hosts, chroot } => zookeeper::legacy_offsets(
                    &hosts,
                    chroot.as_deref(),
                    timeout,
                    self.member.group_id(),
                    topic,
                )?,
                Connector::Brokers(_) => BTreeMap::new(),
            };
            self.legacy.insert(topic.to_string(), found);
        }
        Ok(
            match self.legacy.get(topic).and_then(|l| l.get(&partition)) {
                Some(o) => StartOffset::At(*o),
                None => default,
            },
        )
    }

    /// Records that `topic`/`partition` was consumed up to `next_offset`.
    pub fn consumed(&mut self, topic: &str, partition: i32, next_offset: i64) {
        self.positions
            .insert((topic.to_string(), partition), next_offset);
    }

    /// The group's committed offsets of `topic`'s `partitions` (OffsetFetch;
    /// no membership needed): `None` where the group has none.
    pub fn fetch_committed(
        &mut self,
        topic: &str,
        partitions: &[i32],
    ) -> Result<BTreeMap<i32, Option<i64>>> {
        self.member.committed(topic, partitions)
    }

    /// Commits and leaves the group, for good (later polls do nothing).
    /// Both are tried; the commit's failure is reported first.
    pub fn close(&mut self) -> Result<()> {
        let committed = self.commit();
        let left = self.leave();
        committed.and(left)
    }

    /// Leaves the group without committing, for good.
    pub fn leave(&mut self) -> Result<()> {
        self.closed = true;
        self.positions.clear();
        self.member.leave()
    }
}

/// A commit refused because the group moved on (ILLEGAL_GENERATION,
/// UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID): the member
/// rejoins and the partitions' next owner reads from the last commit.
fn is_group_moving_on(e: &Error) -> bool {
    matches!(e, Error::Broker { code, .. } if matches!(code.0, 22 | 25 | 27 | 82))
}

fn commit_owned(
    member: &mut GroupMember,
    positions: &mut BTreeMap<(String, i32), i64>,
    committed: &mut BTreeMap<(String, i32), i64>,
) -> Result<()> {
    let due: Vec<(String, i32, i64)> = positions
        .iter()
        // The assignment still held: during a pending rebalance it is the one
        // being given up, whose positions must be committed before it moves.
        .filter(|((t, p), _)| member.assigned(t, *p))
        .filter(|(k, o)| committed.get(*k) != Some(*o))
        .map(|((t, p), o)| (t.clone(), *p, *o))
        .collect();
    if due.is_empty() {
        return Ok(());
    }
    member.commit(&due)?;
    for (t, p, o) in due {
        committed.insert((t, p), o);
    }
    Ok(())
}

impl Drop for GroupConsumer {
    fn drop(&mut self) {
        // Leaving lets the others take the partitions now rather than after the
        // session timeout. Callers that can report a failure close first.
        if !self.closed {
            let _ = self.close();
        }
    }
}

/// A partition stream that reads only while the group assigns its partition.
#[derive(Debug)]
pub struct GroupStream {
    stream: PartitionStream,
    group: SharedGroup,
    default_start: StartOffset,
    /// Member id and generation under which the stream's position was last
    /// set from the group.
    assigned_in: Option<(String, i32)>,
}

impl GroupStream {
    /// Wraps `stream` (whose own start offset is ignored) for `group`.
    /// `default_start` is where the partition starts when the group has no
    /// committed offset for it (nor kafka-php one in ZooKeeper).
    pub fn new(
        stream: PartitionStream,
        group: SharedGroup,
        default_start: StartOffset,
    ) -> GroupStream {
        GroupStream {
            stream,
            group,
            default_start,
            assigned_in: None,
        }
    }

    /// The underlying stream.
    pub fn stream(&mut self) -> &mut PartitionStream {
        &mut self.stream
    }

    /// The topic.
    pub fn topic(&self) -> &str {
        self.stream.topic()
    }

    /// The partition.
    pub fn partition(&self) -> i32 {
        self.stream.partition()
    }

    /// The group.
    pub fn group(&self) -> &SharedGroup {
        &self.group
    }

    /// The next record of the partition, or `None` when caught up or when the
    /// partition is not assigned to this member right now.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        let topic = self.stream.topic().to_string();
        let partition = self.stream.partition();
        {
            let mut g = self.group.lock();
            g.poll()?;
            if g.is_closed() || !g.member().owns(&topic, partition) {
                self.assigned_in = None;
                // A member given no partition at all (more members than
                // partitions) would spin through its streams; each waits as an
                // empty fetch would.
                let idle = g.member().assignment().values().all(Vec::is_empty);
                let wait: Duration = g.config.fetch_wait;
                drop(g);
                if idle {
                    std::thread::sleep(wait);
                }
                return Ok(None);
            }
            let current = (g.member().member_id().to_string(), g.member().generation());
            if self.assigned_in.as_ref() != Some(&current) {
                let start = g.start_offset(&topic, partition, self.default_start)?;
                self.stream.seek(start);
                // Where the stream starts is its position until a record is
                // read: committed, the next owner goes on from here.
                let position = self.stream.offset()?;
                g.consumed(&topic, partition, position);
                self.assigned_in = Some(current);
            }
        }
        let rec = self.stream.next_record()?;
        if let Some(r) = &rec {
            self.group
                .lock()
                .consumed(&topic, partition, r.offset.saturating_add(1));
        }
        Ok(rec)
    }
}
