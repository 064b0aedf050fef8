//! The connector string a PHP user passes to `Create()`.
//!
//! | form | meaning |
//! |---|---|
//! | `host:port[,host:port...][/chroot]` | ZooKeeper ensemble, as kafka-php took it; brokers are read from `/brokers/ids` |
//! | `zk://host:port[,...][/chroot]` | the same, explicitly |
//! | `kafka://host:port[,host:port...]` | bootstrap brokers (KRaft clusters, or any cluster without ZooKeeper) |
//!
//! A host may be a name, an IPv4 address or a bracketed IPv6 address.

use super::error::{Error, Result};

/// Where the cluster is found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Connector {
    /// A ZooKeeper ensemble holding broker registrations.
    ZooKeeper {
        /// `host:port` of each ZooKeeper server.
        hosts: Vec<String>,
        /// Path prefix under which Kafka keeps its nodes, e.g. `/kafka`.
        chroot: Option<String>,
    },
    /// Kafka brokers to bootstrap from.
    Brokers(Vec<String>),
}

impl Connector {
    /// Parses a connector string (see the module doc for the forms).
    pub fn parse(s: &str) -> Result<Connector> {
        let bad = |reason: &str| Error::InvalidConnector {
            connector: s.to_string(),
            reason: reason.to_string(),
        };
        let s_trim = s.trim();
        if s_trim.is_empty() {
            return Err(bad("empty connector"));
        }
        if let Some(rest) = s_trim.strip_prefix("kafka://") {
            if rest.contains('/') {
                return Err(bad("a broker list takes no path"));
            }
            let hosts = parse_hosts(rest).map_err(|r| bad(&r))?;
            return Ok(Connector::Brokers(hosts));
        }
        let rest = s_trim
            .strip_prefix("zk://")
            .or_else(|| s_trim.strip_prefix("zookeeper://"))
            .unwrap_or(s_trim);
        if rest.contains("://") {
            return Err(bad(
                "unknown scheme (use kafka:// for brokers, zk:// or none for ZooKeeper)",
            ));
        }
        let (hosts, chroot) = match rest.find('/') {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        let chroot = match chroot {
            None | Some("/") => None,
            Some(c) => {
                let c = c.trim_end_matches('/');
                if c.contains("//") || c.chars().any(|ch| ch.is_whitespace()) {
                    return Err(bad("malformed chroot path"));
                }
                Some(c.to_string())
            }
        };
        let hosts = parse_hosts(hosts).map_err(|r| bad(&r))?;
        Ok(Connector::ZooKeeper { hosts, chroot })
    }
}

impl std::fmt::Display for Connector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Connector::ZooKeeper { hosts, chroot } => {
                write!(
                    f,
                    "zk://{}{}",
                    hosts.join(","),
                    chroot.as_deref().unwrap_or("")
                )
            }
            Connector::Brokers(hosts) => write!(f, "kafka://{}", hosts.join(",")),
        }
    }
}

fn parse_hosts(s: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err("empty host in list".into());
        }
        out.push(parse_host_port(part)?);
    }
    Ok(out)
}

/// Checks one `host:port` (or `[v6]:port`) and returns it normalised.
pub fn parse_host_port(s: &str) -> std::result::Result<String, String> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let end = rest
            .find(']')
            .ok_or_else(|| format!("unclosed '[' in \"{s}\""))?;
        let port = rest[end + 1..]
            .strip_prefix(':')
            .ok_or_else(|| format!("\"{s}\" has no port"))?;
        (&s[..end + 2], port)
    } else {
        let i = s
            .rfind(':')
            .ok_or_else(|| format!("\"{s}\" has no port (expected host:port)"))?;
        (&s[..i], &s[i + 1..])
    };
    if host.is_empty() || host.contains(':') && !host.starts_with('[') {
        return Err(format!("\"{s}\" is not host:port"));
    }
    match port.parse::<u16>() {
        Ok(p) if p > 0 => Ok(format!("{host}:{p}")),
        _ => Err(format!("\"{port}\" is not a port number in \"{s}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zookeeper_forms() {
        assert_eq!(
            Connector::parse("127.0.0.1:2181").unwrap(),
            Connector::ZooKeeper {
                hosts: vec!["127.0.0.1:2181".into()],
                chroot: None
            }
        );
        assert_eq!(
            Connector::parse("zk://a:1,b:2/kafka/").unwrap(),
            Connector::ZooKeeper {
                hosts: vec!["a:1".into(), "b:2".into()],
                chroot: Some("/kafka".into())
            }
        );
    }

    #[test]
    fn broker_list_and_ipv6() {
        assert_eq!(
            Connector::parse("kafka://127.0.0.1:9192,[::1]:9093").unwrap(),
            Connector::Brokers(vec!["127.0.0.1:9192".into(), "[::1]:9093".into()])
        );
    }

    #[test]
    fn bad_connectors_say_why() {
        for (s, why) in [
            ("", "empty"),
            ("localhost", "no port"),
            ("host:99999", "not a port"),
            ("kafka://a:1/x", "no path"),
            ("http://a:1", "unknown scheme"),
            ("a:1,,b:2", "empty host"),
        ] {
            let e = Connector::parse(s).unwrap_err().to_string();
            assert!(e.contains(why), "{s:?}: {e}");
            assert!(e.contains(&format!("\"{s}\"")), "{e}");
        }
    }
}
