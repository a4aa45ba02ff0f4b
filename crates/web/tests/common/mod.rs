//! Boots the real server on a loopback port over a fresh database, for tests that speak HTTP to it.
#![allow(dead_code)] // each test binary uses its own part of this kit

pub mod smtp;

use accord_domain::roles::Role;
use accord_store::testing::TestDatabase;
use accord_store::{Backend, District, NewUser, Store};
use accord_web::auth::{hash_password, hash_token, new_staff_token};
use accord_web::{AppState, Settings};

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub district: District,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    _db: TestDatabase,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        Self::start_with(backend, Settings::default()).await
    }

    pub async fn start_with(backend: Backend, settings: Settings) -> TestApp {
        let db = TestDatabase::new(backend).await;
        let store = db.store.clone();
        let district = store
            .ensure_district("test", "Test District")
            .await
            .expect("district");
        let (base, server) = serve(&store, settings).await;
        TestApp {
            base,
            store,
            district,
            server,
            _db: db,
        }
    }

    /// Stops the server (and its mail sender) and starts a new one with `settings` on the same
    /// database, as a restart of `accord serve` would; the new one listens on another port.
    pub async fn restart(&mut self, settings: Settings) {
        self.server.abort();
        let _ = (&mut self.server).await;
        (self.base, self.server) = serve(&self.store, settings).await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A staff account with `role` and `password`; returns its email.
    pub async fn staff(&self, role: Role, password: &str) -> String {
        let email = format!(
            "{}-{}@district.example",
            role.key(),
            accord_web::auth::random_token(4)
        );
        let hash = hash_password(password.to_owned()).await.expect("hash");
        self.store
            .add_user(NewUser {
                district_id: self.district.id,
                email: &email,
                name: "Staff",
                role,
                password_hash: &hash,
            })
            .await
            .expect("add staff");
        email
    }

    /// A browser (cookies kept) signed in through the sign-in page as a new staff account with `role`.
    pub async fn signed_in(&self, role: Role) -> reqwest::Client {
        const PASSWORD: &str = "a long enough password";
        let email = self.staff(role, PASSWORD).await;
        self.sign_in(&email, PASSWORD).await
    }

    /// A browser (cookies kept) signed in through the sign-in page as `email`.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let html = client
            .get(self.url("/login"))
            .send()
            .await
            .expect("login page")
            .text()
            .await
            .expect("html");
        let response = client
            .post(self.url("/login"))
            .form(&[
                ("_csrf", csrf_of(&html).as_str()),
                ("email", email),
                ("password", password),
            ])
            .send()
            .await
            .expect("sign in");
        assert_ne!(response.url().path(), "/login", "signed in");
        client
    }

    /// An API bearer token for a new staff account with `role`.
    pub async fn staff_token(&self, role: Role) -> String {
        let email = self.staff(role, "a long enough password").await;
        let user = self
            .store
            .user_by_email(&email)
            .await
            .expect("lookup")
            .expect("exists");
        let token = new_staff_token();
        self.store
            .create_api_token(user.id, &hash_token(&token))
            .await
            .expect("token");
        token
    }
}

async fn serve(
    store: &Store,
    settings: Settings,
) -> (String, tokio::task::JoinHandle<std::io::Result<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let settings = Settings {
        public_url: base.clone(),
        ..settings
    };
    let state = AppState::new(store.clone(), settings);
    (base, tokio::spawn(accord_web::serve(listener, state)))
}

/// The CSRF token of the first form on a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..].split('"').next().expect("token").to_owned()
}

/// Runs `story` against a server on SQLite and one on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$story(super::common::TestApp::start(accord_store::Backend::Sqlite).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$story(super::common::TestApp::start(accord_store::Backend::Postgres).await).await;
            }
        }
    )*};
}
