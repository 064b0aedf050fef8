//! Consumer group membership with the classic protocol: find the
//! coordinator, join, let the leader assign partitions (range or
//! round-robin), sync, heartbeat, commit and fetch offsets, leave.
//!
//! Nothing runs in the background: a PHP process drives membership from its
//! own calls (each `poll()` heartbeats when one is due), so a process that
//! stops calling is, after the session timeout, removed from the group and
//! its partitions go to the others.
//!
//! Reference: Kafka protocol guide "consumer groups"; KIP-62, KIP-394.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use super::cluster::SharedCluster;
use super::config::Config;
use super::connection::Connection;
use super::error::{Error, Result};
use crate::protocol::messages::consumer_protocol::{self, PROTOCOL_TYPE};
use crate::protocol::messages::find_coordinator::{
    FindCoordinatorRequest, FindCoordinatorResponse,
};
use crate::protocol::messages::group::{
    GroupErrorResponse, HeartbeatRequest, JoinGroupRequest, JoinGroupResponse, LeaveGroupRequest,
    SyncGroupRequest, SyncGroupResponse,
};
use crate::protocol::messages::offsets::{
    self, OffsetCommitRequest, OffsetFetchRequest, OffsetFetchResponse,
};
use crate::protocol::KafkaCode;

/// Partition assignment strategies, named as every Kafka client names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignor {
    /// Per topic, contiguous ranges of partitions to members in member-id order.
    Range,
    /// All partitions of all topics dealt out to members in turn.
    RoundRobin,
}

impl Assignor {
    /// The protocol name ("range", "roundrobin").
    pub fn name(self) -> &'static str {
        match self {
            Assignor::Range => "range",
            Assignor::RoundRobin => "roundrobin",
        }
    }

    /// The assignor called `name`.
    pub fn from_name(name: &str) -> Option<Assignor> {
        match name {
            "range" => Some(Assignor::Range),
            "roundrobin" => Some(Assignor::RoundRobin),
            _ => None,
        }
    }
}

/// Member id -> topic -> partitions.
pub type Assignments = BTreeMap<String, BTreeMap<String, Vec<i32>>>;

/// Assigns `partitions` (topic -> count) to `members` (member id -> subscribed topics).
pub fn assign(
    assignor: Assignor,
    members: &BTreeMap<String, Vec<String>>,
    partitions: &BTreeMap<String, usize>,
) -> Assignments {
    let mut out: Assignments = members
        .keys()
        .map(|m| (m.clone(), BTreeMap::new()))
        .collect();
    match assignor {
        Assignor::Range => {
            for (topic, &count) in partitions {
                let subscribers: Vec<&String> = members
                    .iter()
                    .filter(|(_, t)| t.contains(topic))
                    .map(|(m, _)| m)
                    .collect();
                if subscribers.is_empty() {
                    continue;
                }
                let per = count / subscribers.len();
                let extra = count % subscribers.len();
                let mut next = 0usize;
                for (i, m) in subscribers.iter().enumerate() {
                    let n = per + usize::from(i < extra);
                    if n > 0 {
                        let parts: Vec<i32> = (next..next + n).map(|p| p as i32).collect();
                        if let Some(a) = out.get_mut(*m) {
                            a.insert(topic.clone(), parts);
                        }
                    }
                    next += n;
                }
            }
        }
        Assignor::RoundRobin => {
            let ids: Vec<&String> = members.keys().collect();
            let mut turn = 0usize;
            for (topic, &count) in partitions {
                for p in 0..count {
                    // The next member in turn that subscribes to this topic.
                    for _ in 0..ids.len() {
                        let m = ids[turn % ids.len()];
                        turn += 1;
                        if members.get(m).is_some_and(|t| t.contains(topic)) {
                            if let Some(a) = out.get_mut(m) {
                                a.entry(topic.clone()).or_default().push(p as i32);
                            }
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}

/// One member of a consumer group.
#[derive(Debug)]
pub struct GroupMember {
    cluster: SharedCluster,
    config: Config,
    group_id: String,
    topics: Vec<String>,
    assignors: Vec<Assignor>,
    member_id: String,
    generation: i32,
    coordinator: Option<Connection>,
    assignment: BTreeMap<String, Vec<i32>>,
    joined: bool,
    last_heartbeat: Instant,
    session_timeout: Duration,
    rebalance_timeout: Duration,
    heartbeat_interval: Duration,
}

/// How many times a join, sync or coordinator lookup is retried before giving up.
const MAX_GROUP_RETRIES: u32 = 20;

/// How many times a commit, offset fetch or leave is sent before its failure
/// is reported, when the coordinator moved, is loading, or its connection broke.
const MAX_COORDINATOR_ATTEMPTS: u32 = 4;

/// NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS:
/// the group lives elsewhere now, or not yet; find the coordinator again.
fn coordinator_moved(code: KafkaCode) -> bool {
    matches!(code.0, 14..=16)
}

/// A failure of the connection itself (not of a request that timed out, whose
/// repeat would take as long again): a new connection may cure it.
fn connection_failed(e: &Error) -> bool {
    matches!(
        e,
        Error::Io { .. } | Error::Connect { .. } | Error::NoBrokerAvailable { .. }
    )
}

impl GroupMember {
    /// A member of `group_id` subscribing to `topics`; joins on the first `poll()`.
    pub fn new(
        cluster: SharedCluster,
        config: Config,
        group_id: &str,
        topics: Vec<String>,
        assignors: Vec<Assignor>,
    ) -> GroupMember {
        GroupMember {
            cluster,
            session_timeout: config.session_timeout,
            rebalance_timeout: config.rebalance_timeout,
            heartbeat_interval: config.heartbeat_interval,
            config,
            group_id: group_id.to_string(),
            topics,
            assignors: if assignors.is_empty() {
                vec![Assignor::Range]
            } else {
                assignors
            },
            member_id: String::new(),
            generation: -1,
            coordinator: None,
            assignment: BTreeMap::new(),
            joined: false,
            last_heartbeat: Instant::now(),
        }
    }

    /// The group id.
    pub fn group_id(&self) -> &str {
        &self.group_id
    }

    /// The member id the coordinator gave (empty before joining).
    pub fn member_id(&self) -> &str {
        &self.member_id
    }

    /// The generation of the current assignment (-1 before joining).
    pub fn generation(&self) -> i32 {
        self.generation
    }

    /// The topics this member subscribes to.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// Adds `topics` to the subscription; returns true when it grew. A member
    /// already in the group rejoins with the larger subscription on its next
    /// `poll()` (after `before_rejoin`, so it commits first), which makes the
    /// coordinator rebalance the group: the leader then assigns the new
    /// topics' partitions too.
    pub fn subscribe(&mut self, topics: &[String]) -> bool {
        let mut grew = false;
        for t in topics {
            if !self.topics.contains(t) {
                self.topics.push(t.clone());
                grew = true;
            }
        }
        if grew {
            self.joined = false;
        }
        grew
    }

    /// Partitions assigned to this member.
    pub fn assignment(&self) -> &BTreeMap<String, Vec<i32>> {
        &self.assignment
    }

    /// True when `topic`/`partition` is currently assigned to this member.
    pub fn owns(&self, topic: &str, partition: i32) -> bool {
        self.joined
            && self
                .assignment
                .get(topic)
                .is_some_and(|p| p.contains(&partition))
    }

    /// True when `topic`/`partition` is in the last assignment received, even
    /// while a rebalance is pending.
    pub fn assigned(&self, topic: &str, partition: i32) -> bool {
        self.assignment
            .get(topic)
            .is_some_and(|p| p.contains(&partition))
    }

    /// True when the member must (re)join before it owns anything.
    pub fn needs_join(&self) -> bool {
        !self.joined
    }

    fn coordinator(&mut self) -> Result<&mut Connection> {
        if self.coordinator.as_mut().is_some_and(|c| !c.is_alive()) {
            self.coordinator = None;
        }
        if self.coordinator.is_none() {
            let mut attempt = 0;
            let found = loop {
                attempt += 1;
                let req = FindCoordinatorRequest {
                    key: self.group_id.clone(),
                };
                let resp = self.cluster.lock().with_any_broker(|conn| {
                    conn.call(&req, |r, v| FindCoordinatorResponse::decode(r, v))
                })?;
                if resp.error_code.is_ok() {
                    break resp;
                }
                // The group topic is created on first use and takes a moment to load.
                if !resp.error_code.is_retriable() || attempt >= MAX_GROUP_RETRIES {
                    return Err(Error::Broker {
                        addr: self.cluster.lock().connector().to_string(),
                        code: resp.error_code,
                        context: format!("FindCoordinator for group \"{}\"", self.group_id),
                        message: resp.error_message,
                    });
                }
                std::thread::sleep(Duration::from_millis(200));
            };
            let mut conn = Connection::open(&found.addr(), &self.config)?;
            // JoinGroup waits up to the rebalance timeout for the other members.
            conn.set_read_timeout(self.rebalance_timeout + self.config.request_timeout)?;
            self.coordinator = Some(conn);
        }
        self.coordinator.as_mut().ok_or_else(|| Error::Connect {
            addr: String::new(),
            reason: "coordinator connection vanished".into(),
        })
    }

    fn group_error(&self, code: KafkaCode, what: &str) -> Error {
        Error::Broker {
            addr: self
                .coordinator
                .as_ref()
                .map(|c| c.addr().to_string())
                .unwrap_or_default(),
            code,
            context: format!("{what} of group \"{}\"", self.group_id),
            message: None,
        }
    }

    /// Keeps the membership alive: joins if needed, heartbeats when one is due.
    /// Returns true when the assignment changed (a rebalance happened).
    /// `before_rejoin` runs while the old assignment still holds, so the
    /// caller can commit what it consumed before partitions move.
    pub fn poll(
        &mut self,
        before_rejoin: &mut dyn FnMut(&mut GroupMember) -> Result<()>,
    ) -> Result<bool> {
        if self.joined && self.last_heartbeat.elapsed() >= self.heartbeat_interval {
            self.heartbeat()?;
        }
        if self.joined {
            return Ok(false);
        }
        if self.generation >= 0 && !self.member_id.is_empty() {
            // Best effort: the generation may already be gone.
            let _ = before_rejoin(self);
        }
        self.join()?;
        Ok(true)
    }

    fn heartbeat(&mut self) -> Result<()> {
        let req = HeartbeatRequest {
            group_id: self.group_id.clone(),
            generation_id: self.generation,
            member_id: self.member_id.clone(),
        };
        let resp = self
            .coordinator()
            .and_then(|c| c.call(&req, |r, v| GroupErrorResponse::decode(r, v)));
        self.last_heartbeat = Instant::now();
        match resp {
            Err(e) if e.is_retriable() => {
                self.coordinator = None;
                Ok(())
            }
            Err(e) => Err(e),
            Ok(r) => match r.error_code.0 {
                0 => Ok(()),
                // REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION: rejoin with our id.
                27 | 22 => {
                    self.joined = false;
                    Ok(())
                }
                // UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, GROUP_ID_NOT_FOUND: the
                // session expired (and the emptied group went away); rejoin as new.
                25 | 69 | 82 => {
                    self.joined = false;
                    self.member_id.clear();
                    self.generation = -1;
                    Ok(())
                }
                // NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE: find it again.
                15 | 16 => {
                    self.coordinator = None;
                    Ok(())
                }
                _ => Err(self.group_error(r.error_code, "Heartbeat")),
            },
        }
    }

    fn join(&mut self) -> Result<()> {
        let metadata = consumer_protocol::encode_subscription(&self.topics);
        for _ in 0..MAX_GROUP_RETRIES {
            let req = JoinGroupRequest {
                group_id: self.group_id.clone(),
                session_timeout_ms: self.session_timeout.as_millis().min(i32::MAX as u128) as i32,
                rebalance_timeout_ms: self.rebalance_timeout.as_millis().min(i32::MAX as u128)
                    as i32,
                member_id: self.member_id.clone(),
                protocol_type: PROTOCOL_TYPE.into(),
                protocols: self
                    .assignors
                    .iter()
                    .map(|a| (a.name().to_string(), metadata.clone()))
                    .collect(),
            };
            let joined = match self
                .coordinator()
                .and_then(|c| c.call(&req, |r, v| JoinGroupResponse::decode(r, v)))
            {
                Ok(r) => r,
                Err(e) if e.is_retriable() => {
                    self.coordinator = None;
                    std::thread::sleep(Duration::from_millis(200));
                    continue;
                }
                Err(e) => return Err(e),
            };
            match joined.error_code.0 {
                0 => {}
                // MEMBER_ID_REQUIRED: join again with the id the coordinator chose.
                79 => {
                    self.member_id = joined.member_id;
                    continue;
                }
                25 => {
                    self.member_id.clear();
                    continue;
                }
                14..=16 => {
                    self.coordinator = None;
                    std::thread::sleep(Duration::from_millis(200));
                    continue;
                }
                27 => continue,
                _ => return Err(self.group_error(joined.error_code, "JoinGroup")),
            }
            self.member_id = joined.member_id.clone();
            self.generation = joined.generation_id;
            let assignments = if joined.leader == self.member_id {
                self.lead(&joined)?
            } else {
                Vec::new()
            };
            let req = SyncGroupRequest {
                group_id: self.group_id.clone(),
                generation_id: self.generation,
                member_id: self.member_id.clone(),
                assignments,
            };
            let synced = match self
                .coordinator()
                .and_then(|c| c.call(&req, |r, v| SyncGroupResponse::decode(r, v)))
            {
                Ok(r) => r,
                Err(e) if e.is_retriable() => {
                    self.coordinator = None;
                    continue;
                }
                Err(e) => return Err(e),
            };
            match synced.error_code.0 {
                0 => {}
                27 | 22 => continue,
                25 => {
                    self.member_id.clear();
                    continue;
                }
                15 | 16 => {
                    self.coordinator = None;
                    continue;
                }
                _ => return Err(self.group_error(synced.error_code, "SyncGroup")),
            }
            self.assignment =
                consumer_protocol::decode_assignment(&synced.assignment).map_err(|e| {
                    Error::Protocol {
                        addr: self
                            .coordinator
                            .as_ref()
                            .map(|c| c.addr().to_string())
                            .unwrap_or_default(),
                        what: "SyncGroup",
                        source: e,
                    }
                })?;
            self.joined = true;
            self.last_heartbeat = Instant::now();
            return Ok(());
        }
        Err(Error::Timeout {
            addr: self.cluster.lock().connector().to_string(),
            what: format!(
                "joining group \"{}\" ({MAX_GROUP_RETRIES} attempts)",
                self.group_id
            ),
            ms: self.rebalance_timeout.as_millis() as u64,
        })
    }

    /// As leader: decode every member's subscription and assign.
    fn lead(&mut self, joined: &JoinGroupResponse) -> Result<Vec<(String, Vec<u8>)>> {
        let assignor = Assignor::from_name(&joined.protocol_name).unwrap_or(Assignor::Range);
        let mut members = BTreeMap::new();
        let mut all_topics = BTreeSet::new();
        for m in &joined.members {
            let topics = consumer_protocol::decode_subscription(&m.metadata).map_err(|e| {
                Error::Protocol {
                    addr: String::new(),
                    what: "JoinGroup",
                    source: e,
                }
            })?;
            all_topics.extend(topics.iter().cloned());
            members.insert(m.member_id.clone(), topics);
        }
        let mut partitions = BTreeMap::new();
        {
            let mut c = self.cluster.lock();
            for t in &all_topics {
                // A topic that does not exist (yet) gets no partitions assigned.
                if let Ok(info) = c.topic(t, false) {
                    partitions.insert(t.clone(), info.partitions.len());
                }
            }
        }
        Ok(assign(assignor, &members, &partitions)
            .into_iter()
            .map(|(m, a)| (m, consumer_protocol::encode_assignment(&a)))
            .collect())
    }

    /// Sends a request to the coordinator. When the coordinator moved or is
    /// loading (`moved` says so of an answer) or its connection broke, it is
    /// looked up again and the request resent, up to [`MAX_COORDINATOR_ATTEMPTS`]
    /// times; the last answer is returned for the caller to report.
    fn call_coordinator<T>(
        &mut self,
        mut call: impl FnMut(&mut Connection) -> Result<T>,
        moved: impl Fn(&T) -> bool,
    ) -> Result<T> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.coordinator().and_then(&mut call) {
                Ok(r) if moved(&r) && attempt < MAX_COORDINATOR_ATTEMPTS => {}
                Ok(r) => {
                    if moved(&r) {
                        self.coordinator = None;
                    }
                    return Ok(r);
                }
                Err(e) => {
                    // After a failed or timed-out request the connection's state
                    // is unknown: the next request opens a new one.
                    self.coordinator = None;
                    if !connection_failed(&e) || attempt >= MAX_COORDINATOR_ATTEMPTS {
                        return Err(e);
                    }
                }
            }
            self.coordinator = None;
            std::thread::sleep(Duration::from_millis(200 * attempt as u64));
        }
    }

    /// Commits `offsets` (topic, partition, next offset to consume) for this
    /// member's generation.
    pub fn commit(&mut self, offsets: &[(String, i32, i64)]) -> Result<()> {
        if offsets.is_empty() {
            return Ok(());
        }
        // During a rebalance the coordinator still accepts commits from the
        // generation being replaced, which is what lets a member commit before
        // its partitions move.
        let member = self.generation >= 0 && !self.member_id.is_empty();
        let req = OffsetCommitRequest {
            group_id: self.group_id.clone(),
            generation_id: if member { self.generation } else { -1 },
            member_id: if member {
                self.member_id.clone()
            } else {
                String::new()
            },
            offsets: offsets.to_vec(),
        };
        let answers = self.call_coordinator(
            |c| c.call(&req, |r, v| offsets::decode_offset_commit(r, v)),
            |answers| answers.iter().any(|a| coordinator_moved(a.error_code)),
        )?;
        if let Some(bad) = answers.iter().find(|a| !a.error_code.is_ok()) {
            // ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS: the
            // group moved on; rejoin (the partitions may be someone else's now).
            if matches!(bad.error_code.0, 22 | 25 | 27) {
                self.joined = false;
            }
            return Err(self.group_error(
                bad.error_code,
                &format!("OffsetCommit of {}/{}", bad.topic, bad.partition),
            ));
        }
        Ok(())
    }

    /// The committed offsets of `topic`'s `partitions`: `None` where the group has none.
    pub fn committed(
        &mut self,
        topic: &str,
        partitions: &[i32],
    ) -> Result<BTreeMap<i32, Option<i64>>> {
        let req = OffsetFetchRequest {
            group_id: self.group_id.clone(),
            topics: vec![(topic.to_string(), partitions.to_vec())],
        };
        let resp = self.call_coordinator(
            |c| c.call(&req, |r, v| OffsetFetchResponse::decode(r, v)),
            |resp| {
                coordinator_moved(resp.error_code)
                    || resp
                        .partitions
                        .iter()
                        .any(|p| coordinator_moved(p.error_code))
            },
        )?;
        if !resp.error_code.is_ok() {
            return Err(self.group_error(resp.error_code, "OffsetFetch"));
        }
        let mut out = BTreeMap::new();
        for p in resp.partitions {
            if !p.error_code.is_ok() {
                return Err(self.group_error(
                    p.error_code,
                    &format!("OffsetFetch of {}/{}", p.topic, p.partition),
                ));
            }
            out.insert(p.partition, (p.offset >= 0).then_some(p.offset));
        }
        Ok(out)
    }

    /// Leaves the group so that its partitions move at once (not after the session timeout).
    pub fn leave(&mut self) -> Result<()> {
        if self.member_id.is_empty() {
            return Ok(());
        }
        let req = LeaveGroupRequest {
            group_id: self.group_id.clone(),
            member_id: self.member_id.clone(),
        };
        let resp = self.call_coordinator(
            |c| c.call(&req, |r, v| GroupErrorResponse::decode(r, v)),
            |r| coordinator_moved(r.error_code),
        );
        self.joined = false;
        self.member_id.clear();
        self.generation = -1;
        self.assignment.clear();
        match resp {
            Ok(r) if r.error_code.is_ok() || r.error_code.0 == 25 => Ok(()),
            Ok(r) => Err(self.group_error(r.error_code, "LeaveGroup")),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(list: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        list.iter()
            .map(|(m, t)| (m.to_string(), t.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn range_gives_contiguous_ranges_extra_to_the_first() {
        let m = members(&[("b", &["t"]), ("a", &["t"]), ("c", &["t"])]);
        let parts: BTreeMap<String, usize> = [("t".to_string(), 7)].into();
        let a = assign(Assignor::Range, &m, &parts);
        assert_eq!(a["a"]["t"], vec![0, 1, 2]);
        assert_eq!(a["b"]["t"], vec![3, 4]);
        assert_eq!(a["c"]["t"], vec![5, 6]);
    }

    #[test]
    fn roundrobin_deals_in_turn_and_respects_subscriptions() {
        let m = members(&[("a", &["t", "u"]), ("b", &["t"])]);
        let parts: BTreeMap<String, usize> = [("t".to_string(), 3), ("u".to_string(), 2)].into();
        let a = assign(Assignor::RoundRobin, &m, &parts);
        assert_eq!(a["a"]["t"], vec![0, 2]);
        assert_eq!(a["b"]["t"], vec![1]);
        assert_eq!(a["a"]["u"], vec![0, 1]);
        assert!(!a["b"].contains_key("u"));
    }

    #[test]
    fn every_partition_exactly_once() {
        for assignor in [Assignor::Range, Assignor::RoundRobin] {
            for n_members in 1..6 {
                for n_parts in 0..13 {
                    let m: BTreeMap<String, Vec<String>> = (0..n_members)
                        .map(|i| (format!("m{i}"), vec!["t".to_string()]))
                        .collect();
                    let parts: BTreeMap<String, usize> = [("t".to_string(), n_parts)].into();
                    let mut seen: Vec<i32> = assign(assignor, &m, &parts)
                        .values()
                        .flat_map(|a| a.get("t").cloned().unwrap_or_default())
                        .collect();
                    seen.sort_unstable();
                    assert_eq!(
                        seen,
                        (0..n_parts as i32).collect::<Vec<_>>(),
                        "{assignor:?} {n_members} {n_parts}"
                    );
                }
            }
        }
    }
}
