//! Just enough of the ZooKeeper client protocol to find Kafka brokers (and to
//! read and write consumer offsets in the layout the kafka-php library used).
//!
//! Blocking, with timeouts, and no threads: a PHP request that needs
//! ZooKeeper opens a session, asks, and closes it. Sessions never set watches,
//! so the only frames the server sends are replies to our requests.
//!
//! Wire format (jute): every frame is an int32 length then the record.
//! Strings and buffers are an int32 length (-1 for null) then bytes.
//!
//! Reference: ZooKeeper's `zookeeper.jute` (ConnectRequest, RequestHeader,
//! ReplyHeader, GetChildrenRequest, GetDataRequest, CreateRequest,
//! SetDataRequest); Kafka's broker registration layout in ZooKeeper
//! (`/brokers/ids/<id>`, JSON since 0.8, `creator:host:port` in 0.7).

use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use byteorder::{BigEndian, ReadBytesExt};

use super::connection::connect_tcp;
use super::error::{Error, Result};
use crate::protocol::primitives::Encoder;

const OP_CREATE: i32 = 1;
const OP_GET_DATA: i32 = 4;
const OP_SET_DATA: i32 = 5;
const OP_GET_CHILDREN: i32 = 8;
const OP_CLOSE: i32 = -11;
const ERR_NO_NODE: i32 = -101;
const ERR_NODE_EXISTS: i32 = -110;
/// Largest reply frame accepted (ZooKeeper's own jute.maxbuffer default is 1 MiB).
const MAX_FRAME: usize = 4 << 20;
/// Session timeout asked for; sessions here last one lookup.
const SESSION_TIMEOUT_MS: i32 = 10_000;

/// An open ZooKeeper session.
pub struct ZooKeeper {
    addr: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    chroot: Option<String>,
    xid: i32,
    timeout_ms: u64,
}

impl ZooKeeper {
    /// Opens a session with the first of `hosts` that answers.
    pub fn connect(hosts: &[String], chroot: Option<&str>, timeout: Duration) -> Result<ZooKeeper> {
        let mut failures = Vec::new();
        for host in hosts {
            match Self::connect_one(host, chroot, timeout) {
                Ok(zk) => return Ok(zk),
                Err(e) => failures.push((host, e)),
            }
        }
        let addr = hosts.join(",");
        if !failures.is_empty()
            && failures
                .iter()
                .all(|(_, e)| matches!(e, Error::Timeout { .. }))
        {
            return Err(Error::Timeout {
                addr,
                what: "ZooKeeper handshake (is this a ZooKeeper server?)".into(),
                ms: timeout.as_millis() as u64,
            });
        }
        // Each failure without the address the message already names.
        let reasons: Vec<String> = failures
            .iter()
            .map(|(host, e)| {
                let why = match e {
                    Error::Connect { reason, .. } => format!("cannot connect: {reason}"),
                    Error::ZooKeeper { reason, .. } => reason.clone(),
                    Error::Io { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                if hosts.len() > 1 {
                    format!("{host}: {why}")
                } else {
                    why
                }
            })
            .collect();
        Err(Error::ZooKeeper {
            addr,
            reason: format!("no server answered: {}", reasons.join("; ")),
        })
    }

    fn connect_one(host: &str, chroot: Option<&str>, timeout: Duration) -> Result<ZooKeeper> {
        let stream = connect_tcp(host, timeout)?;
        let ms = timeout.as_millis() as u64;
        let io = |e| Error::from_io(host, "ZooKeeper connect", e, ms);
        stream.set_read_timeout(Some(timeout)).map_err(io)?;
        stream.set_write_timeout(Some(timeout)).map_err(io)?;
        stream.set_nodelay(true).map_err(io)?;
        let writer = stream.try_clone().map_err(io)?;
        let mut zk = ZooKeeper {
            addr: host.to_string(),
            reader: BufReader::new(stream),
            writer,
            chroot: chroot.map(str::to_string),
            xid: 0,
            timeout_ms: ms,
        };
        let mut req = Vec::with_capacity(48);
        req.put_i32(0); // protocolVersion
        req.put_i64(0); // lastZxidSeen
        req.put_i32(SESSION_TIMEOUT_MS);
        req.put_i64(0); // sessionId: new session
        req.put_i32(16); // passwd: 16 zero bytes
        req.extend_from_slice(&[0; 16]);
        req.put_i8(0); // readOnly: false
        zk.write_frame(&req)?;
        let not_zk = |reason: String| Error::ZooKeeper {
            addr: host.to_string(),
            reason: format!("handshake failed (is this a ZooKeeper server?): {reason}"),
        };
        let reply = zk.read_frame().map_err(|e| match e {
            Error::Timeout { .. } => Error::Timeout {
                addr: host.to_string(),
                what: "ZooKeeper handshake (is this a ZooKeeper server?)".into(),
                ms,
            },
            Error::Io { source, .. } => not_zk(source.to_string()),
            Error::ZooKeeper { reason, .. } => not_zk(reason),
            other => not_zk(other.to_string()),
        })?;
        let mut r = &reply[..];
        let _proto = r
            .read_i32::<BigEndian>()
            .map_err(|e| not_zk(e.to_string()))?;
        let negotiated = r
            .read_i32::<BigEndian>()
            .map_err(|e| not_zk(e.to_string()))?;
        if negotiated <= 0 {
            return Err(not_zk("server refused the session".into()));
        }
        Ok(zk)
    }

    fn path(&self, p: &str) -> String {
        match &self.chroot {
            Some(c) if p == "/" => c.clone(),
            Some(c) => format!("{c}{p}"),
            None => p.to_string(),
        }
    }

    fn write_frame(&mut self, body: &[u8]) -> Result<()> {
        let mut frame = Vec::with_capacity(body.len() + 4);
        frame.put_i32(body.len() as i32);
        frame.extend_from_slice(body);
        self.writer
            .write_all(&frame)
            .map_err(|e| Error::from_io(&self.addr, "ZooKeeper", e, self.timeout_ms))
    }

    fn read_frame(&mut self) -> Result<Vec<u8>> {
        let io = |addr: &str, e| Error::from_io(addr, "ZooKeeper", e, self.timeout_ms);
        let len = self
            .reader
            .read_i32::<BigEndian>()
            .map_err(|e| io(&self.addr, e))?;
        if len < 0 || len as usize > MAX_FRAME {
            return Err(Error::ZooKeeper {
                addr: self.addr.clone(),
                reason: format!("reply length {len} out of range"),
            });
        }
        let mut buf = Vec::with_capacity((len as usize).min(64 * 1024));
        let got = (&mut self.reader)
            .take(len as u64)
            .read_to_end(&mut buf)
            .map_err(|e| io(&self.addr, e))?;
        if got < len as usize {
            return Err(Error::ZooKeeper {
                addr: self.addr.clone(),
                reason: "connection closed mid-reply".into(),
            });
        }
        Ok(buf)
    }

    /// Sends one request and returns (error code, reply body).
    fn call(&mut self, op: i32, body: &[u8]) -> Result<(i32, Vec<u8>)> {
        self.xid = self.xid.wrapping_add(1);
        let xid = self.xid;
        let mut req = Vec::with_capacity(body.len() + 8);
        req.put_i32(xid);
        req.put_i32(op);
        req.extend_from_slice(body);
        self.write_frame(&req)?;
        let reply = self.read_frame()?;
        let mut r = &reply[..];
        let bad = |addr: &str| Error::ZooKeeper {
            addr: addr.to_string(),
            reason: "reply header truncated".into(),
        };
        let got_xid = r.read_i32::<BigEndian>().map_err(|_| bad(&self.addr))?;
        let _zxid = r.read_i64::<BigEndian>().map_err(|_| bad(&self.addr))?;
        let err = r.read_i32::<BigEndian>().map_err(|_| bad(&self.addr))?;
        if got_xid != xid {
            return Err(Error::ZooKeeper {
                addr: self.addr.clone(),
                reason: format!("reply for request {got_xid}, expected {xid}"),
            });
        }
        Ok((err, r.to_vec()))
    }

    fn zk_error(&self, path: &str, code: i32) -> Error {
        Error::ZooKeeper {
            addr: self.addr.clone(),
            reason: format!("{} on {}", zk_error_name(code), self.path(path)),
        }
    }

    /// Children of `path`, or `None` if the node does not exist.
    pub fn get_children(&mut self, path: &str) -> Result<Option<Vec<String>>> {
        let mut body = Vec::new();
        put_zk_string(&mut body, &self.path(path));
        body.put_i8(0); // watch: false
        let (err, reply) = self.call(OP_GET_CHILDREN, &body)?;
        match err {
            0 => {}
            ERR_NO_NODE => return Ok(None),
            code => return Err(self.zk_error(path, code)),
        }
        let mut r = &reply[..];
        let n = r.read_i32::<BigEndian>().unwrap_or(-1);
        let mut out = Vec::new();
        for _ in 0..n.max(0) {
            match get_zk_buffer(&mut r) {
                Some(b) => out.push(String::from_utf8_lossy(&b).into_owned()),
                None => {
                    return Err(Error::ZooKeeper {
                        addr: self.addr.clone(),
                        reason: format!("truncated children list of {}", self.path(path)),
                    })
                }
            }
        }
        Ok(Some(out))
    }

    /// Data of `path`, or `None` if the node does not exist.
    pub fn get_data(&mut self, path: &str) -> Result<Option<Vec<u8>>> {
        let mut body = Vec::new();
        put_zk_string(&mut body, &self.path(path));
        body.put_i8(0);
        let (err, reply) = self.call(OP_GET_DATA, &body)?;
        match err {
            0 => Ok(Some(get_zk_buffer(&mut &reply[..]).unwrap_or_default())),
            ERR_NO_NODE => Ok(None),
            code => Err(self.zk_error(path, code)),
        }
    }

    /// Writes `data` to `path`, creating it and its parents (persistent, open ACL) as needed.
    pub fn put(&mut self, path: &str, data: &[u8]) -> Result<()> {
        let mut body = Vec::new();
        put_zk_string(&mut body, &self.path(path));
        body.put_i32(data.len() as i32);
        body.extend_from_slice(data);
        body.put_i32(-1); // any version
        let (err, _) = self.call(OP_SET_DATA, &body)?;
        match err {
            0 => Ok(()),
            ERR_NO_NODE => {
                let mut prefix = String::new();
                let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
                for (i, part) in parts.iter().enumerate() {
                    prefix.push('/');
                    prefix.push_str(part);
                    let last = i + 1 == parts.len();
                    self.create(&prefix, if last { data } else { &[] })?;
                }
                Ok(())
            }
            code => Err(self.zk_error(path, code)),
        }
    }

    fn create(&mut self, path: &str, data: &[u8]) -> Result<()> {
        let mut body = Vec::new();
        put_zk_string(&mut body, &self.path(path));
        body.put_i32(data.len() as i32);
        body.extend_from_slice(data);
        body.put_i32(1); // one ACL entry: world:anyone, all permissions
        body.put_i32(31);
        put_zk_string(&mut body, "world");
        put_zk_string(&mut body, "anyone");
        body.put_i32(0); // flags: persistent
        let (err, _) = self.call(OP_CREATE, &body)?;
        match err {
            0 | ERR_NODE_EXISTS => Ok(()),
            code => Err(self.zk_error(path, code)),
        }
    }
}

impl Drop for ZooKeeper {
    fn drop(&mut self) {
        // Closing the session frees its server state at once instead of at timeout.
        let mut req = Vec::new();
        req.put_i32(self.xid.wrapping_add(1));
        req.put_i32(OP_CLOSE);
        let _ = self.write_frame(&req);
    }
}

fn put_zk_string(buf: &mut Vec<u8>, s: &str) {
    buf.put_i32(s.len() as i32);
    buf.extend_from_slice(s.as_bytes());
}

fn get_zk_buffer(r: &mut &[u8]) -> Option<Vec<u8>> {
    let n = r.read_i32::<BigEndian>().ok()?;
    if n < 0 {
        return Some(Vec::new());
    }
    let n = n as usize;
    if n > r.len() {
        return None;
    }
    let (head, tail) = r.split_at(n);
    *r = tail;
    Some(head.to_vec())
}

fn zk_error_name(code: i32) -> String {
    let name = match code {
        -4 => "CONNECTIONLOSS",
        -101 => "NONODE",
        -102 => "NOAUTH",
        -103 => "BADVERSION",
        -110 => "NODEEXISTS",
        -111 => "NOTEMPTY",
        -112 => "SESSIONEXPIRED",
        _ => "error",
    };
    format!("{name} ({code})")
}

/// Reads the brokers registered under `/brokers/ids` and returns their
/// `host:port` addresses for `protocol` (e.g. "PLAINTEXT"), sorted by id.
pub fn discover_brokers(
    hosts: &[String],
    chroot: Option<&str>,
    timeout: Duration,
    protocol: &str,
) -> Result<Vec<String>> {
    let mut zk = ZooKeeper::connect(hosts, chroot, timeout)?;
    let where_ = format!("{}{}", hosts.join(","), chroot.unwrap_or(""));
    let ids = zk.get_children("/brokers/ids")?.unwrap_or_default();
    let mut ids: Vec<(i64, String)> = ids
        .into_iter()
        .map(|id| (id.parse().unwrap_or(i64::MAX), id))
        .collect();
    ids.sort();
    let mut out = Vec::new();
    for (_, id) in &ids {
        if let Some(data) = zk.get_data(&format!("/brokers/ids/{id}"))? {
            if let Some(addr) = parse_registration(&data, protocol) {
                out.push(addr);
            }
        }
    }
    if out.is_empty() {
        return Err(Error::ZooKeeper {
            addr: where_,
            reason: if ids.is_empty() {
                "no Kafka brokers registered under /brokers/ids".into()
            } else {
                format!(
                    "{} broker registration(s) under /brokers/ids, none with a {protocol} endpoint",
                    ids.len()
                )
            },
        });
    }
    Ok(out)
}

/// Offsets a group committed to ZooKeeper, as kafka-php and the Kafka 0.7/0.8
/// consumers stored them under `/consumers/<group>/offsets/<topic>/`: one node
/// per partition, named `<partition>` (0.8) or `<broker>-<partition>` (0.7),
/// holding the next offset as decimal or as 16 hex digits. Returns partition ->
/// offset; a group without such nodes gives an empty map.
pub fn legacy_offsets(
    hosts: &[String],
    chroot: Option<&str>,
    timeout: Duration,
    group: &str,
    topic: &str,
) -> Result<std::collections::BTreeMap<i32, i64>> {
    let mut zk = ZooKeeper::connect(hosts, chroot, timeout)?;
    let dir = format!("/consumers/{group}/offsets/{topic}");
    let mut out = std::collections::BTreeMap::new();
    for name in zk.get_children(&dir)?.unwrap_or_default() {
        let Some(partition) = name.rsplit('-').next().and_then(|p| p.parse::<i32>().ok()) else {
            continue;
        };
        let Some(data) = zk.get_data(&format!("{dir}/{name}"))? else {
            continue;
        };
        if let Some(offset) = parse_legacy_offset(&data) {
            // 0.7 kept one node per broker and partition: the furthest wins.
            let e = out.entry(partition).or_insert(offset);
            *e = (*e).max(offset);
        }
    }
    Ok(out)
}

/// A stored offset: decimal, or exactly 16 hex digits (kafka-php's form).
pub fn parse_legacy_offset(data: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(data).ok()?.trim();
    if text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u64::from_str_radix(text, 16)
            .ok()
            .map(|u| u as i64)
            .filter(|o| *o >= 0);
    }
    text.parse::<i64>().ok().filter(|o| *o >= 0)
}

/// Parses a broker registration: Kafka 0.8+ JSON (`endpoints`, else `host` and
/// `port`) or Kafka 0.7's `creator:host:port`.
pub fn parse_registration(data: &[u8], protocol: &str) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?.trim();
    if text.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        if let Some(endpoints) = v.get("endpoints").and_then(|e| e.as_array()) {
            // Endpoints are "LISTENER://host:port"; the listener name maps to a
            // security protocol, and the common case names them the same.
            let prefix = format!("{protocol}://");
            if let Some(ep) = endpoints
                .iter()
                .filter_map(|e| e.as_str())
                .find(|e| e.starts_with(&prefix))
            {
                return Some(ep[prefix.len()..].to_string());
            }
        }
        let host = v.get("host").and_then(|h| h.as_str())?;
        let port = v.get("port").and_then(|p| p.as_i64())?;
        if host.is_empty() || port <= 0 {
            return None;
        }
        return Some(format!("{host}:{port}"));
    }
    // 0.7: "creator:host:port", where the creator may itself contain colons.
    let mut parts = text.rsplitn(3, ':');
    let port = parts.next()?.parse::<u16>().ok()?;
    let host = parts.next()?;
    if host.is_empty() {
        return None;
    }
    Some(format!("{host}:{port}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_offset_forms() {
        assert_eq!(parse_legacy_offset(b"42"), Some(42));
        assert_eq!(parse_legacy_offset(b"000000000000002a"), Some(42));
        assert_eq!(parse_legacy_offset(b" 7\n"), Some(7));
        assert_eq!(parse_legacy_offset(b"ffffffffffffffff"), None);
        assert_eq!(parse_legacy_offset(b"-1"), None);
        assert_eq!(parse_legacy_offset(b"x"), None);
    }

    #[test]
    fn registration_layouts() {
        let json = br#"{"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://127.0.0.1:9092"],"jmx_port":-1,"features":{},"host":"127.0.0.1","timestamp":"1","port":9092,"version":5}"#;
        assert_eq!(
            parse_registration(json, "PLAINTEXT").as_deref(),
            Some("127.0.0.1:9092")
        );
        let ssl_only = br#"{"endpoints":["SSL://h:9093"],"host":null,"port":-1,"version":4}"#;
        assert_eq!(
            parse_registration(ssl_only, "SSL").as_deref(),
            Some("h:9093")
        );
        assert_eq!(parse_registration(ssl_only, "PLAINTEXT"), None);
        let old_json = br#"{"jmx_port":-1,"timestamp":"1","host":"b1","version":1,"port":9092}"#;
        assert_eq!(
            parse_registration(old_json, "PLAINTEXT").as_deref(),
            Some("b1:9092")
        );
        assert_eq!(
            parse_registration(b"10.0.0.5-1389367412345:10.0.0.5:9092", "PLAINTEXT").as_deref(),
            Some("10.0.0.5:9092")
        );
        assert_eq!(parse_registration(b"garbage", "PLAINTEXT"), None);
        assert_eq!(parse_registration(b"{not json", "PLAINTEXT"), None);
    }
}
