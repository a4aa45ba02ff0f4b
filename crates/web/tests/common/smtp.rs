//! A real SMTP server on a loopback port, started by the test, that keeps every message it receives:
//! its envelope, its headers and its decoded text. The SMTP dialogue is mailin-embedded's (a small,
//! maintained embeddable server); this file only reads what arrived. Its threads live until the test
//! process ends.

use accord_web::Settings;
use accord_web::mail::{MailSettings, SmtpSecurity, SmtpSettings};
use base64::Engine;
use mailin_embedded::{Handler, Response, Server, response};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One message as it arrived.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    /// Header names as sent, values unfolded and decoded (RFC 2047 UTF-8 words).
    pub headers: Vec<(String, String)>,
    /// The body, decoded from its transfer encoding.
    pub text: String,
    pub arrived: Instant,
}

impl ReceivedMail {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first `https?://...` link in the text that contains `fragment`.
    pub fn link_containing(&self, fragment: &str) -> Option<String> {
        self.text
            .split_whitespace()
            .find(|word| word.starts_with("http") && word.contains(fragment))
            .map(str::to_owned)
    }
}

#[derive(Clone)]
struct Catcher {
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Catcher {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = parse(&self.from, &self.to, &self.data);
        self.received.lock().expect("not poisoned").push(mail);
        response::OK
    }
}

/// The SMTP listener of one test.
pub struct SmtpListener {
    pub port: u16,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
}

impl SmtpListener {
    pub fn start() -> SmtpListener {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let mut server = Server::new(Catcher {
            received: received.clone(),
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        });
        server.with_name("test.smtp").with_tcp_listener(listener);
        std::thread::spawn(move || {
            if let Err(error) = server.serve() {
                eprintln!("the test SMTP listener stopped: {error}");
            }
        });
        SmtpListener { port, received }
    }

    /// Server settings whose mail goes to this listener, fast (50 a second, looking every 50 ms).
    pub fn settings(&self) -> Settings {
        Settings {
            mail: MailSettings {
                smtp: Some(SmtpSettings {
                    host: "127.0.0.1".into(),
                    port: self.port,
                    security: SmtpSecurity::Plain,
                    credentials: None,
                }),
                from: "Test District <noreply@district.example>".into(),
                messages_per_second: 50.0,
                poll_every: Duration::from_millis(50),
            },
            ..Settings::default()
        }
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.received.lock().expect("not poisoned").clone()
    }

    /// Waits (up to 20 s) until `count` messages have arrived, and returns them.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} messages, {} arrived",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn parse(from: &str, to: &[String], data: &[u8]) -> ReceivedMail {
    let raw = String::from_utf8_lossy(data).replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        match (line.starts_with([' ', '\t']), headers.last_mut()) {
            (true, Some((_, value))) => value.push_str(line.trim_start()),
            _ => {
                if let Some((name, value)) = line.split_once(':') {
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
            }
        }
    }
    for (_, value) in &mut headers {
        *value = decode_words(value);
    }
    let encoding = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Transfer-Encoding"))
        .map(|(_, v)| v.to_ascii_lowercase());
    let text = match encoding.as_deref() {
        Some("quoted-printable") => String::from_utf8(
            quoted_printable::decode(body, quoted_printable::ParseMode::Robust).expect("QP body"),
        )
        .expect("UTF-8 body"),
        Some("base64") => String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .expect("base64 body"),
        )
        .expect("UTF-8 body"),
        _ => body.to_owned(),
    };
    ReceivedMail {
        envelope_from: from.to_owned(),
        envelope_to: to.to_vec(),
        headers,
        text,
        arrived: Instant::now(),
    }
}

/// Decodes RFC 2047 `=?utf-8?b?...?=` words (what lettre writes for non-ASCII words of a subject);
/// the space between two encoded words is not part of the text (RFC 2047, 6.2).
fn decode_words(value: &str) -> String {
    let mut decoded = String::new();
    let mut after_encoded = false;
    for word in value.split_whitespace() {
        let inner = word
            .strip_prefix("=?utf-8?b?")
            .or_else(|| word.strip_prefix("=?UTF-8?B?"))
            .and_then(|w| w.strip_suffix("?="));
        let joins_encoded_words = after_encoded && inner.is_some();
        if !decoded.is_empty() && !joins_encoded_words {
            decoded.push(' ');
        }
        match inner {
            Some(encoded) => decoded.push_str(&String::from_utf8_lossy(
                &base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .expect("base64 word"),
            )),
            None => decoded.push_str(word),
        }
        after_encoded = inner.is_some();
    }
    decoded
}
