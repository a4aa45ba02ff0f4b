//! Districts, schools, staff accounts, login sessions and API tokens.

use crate::{Store, StoreError, StoreResult, on_unique};
use accord_domain::roles::Role;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct District {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize)]
pub struct School {
    pub id: i64,
    pub district_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub district_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    district_id: i64,
    email: String,
    name: String,
    role: String,
    password_hash: String,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> StoreResult<User> {
        let role = row
            .role
            .parse()
            .map_err(|e: accord_domain::roles::UnknownRole| {
                StoreError::Database(sqlx::Error::Decode(e.into()))
            })?;
        Ok(User {
            id: row.id,
            district_id: row.district_id,
            email: row.email,
            name: row.name,
            role,
            password_hash: row.password_hash,
        })
    }
}

pub struct NewUser<'a> {
    pub district_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

macro_rules! user_columns {
    () => {
        "id, district_id, email, name, role, password_hash"
    };
}

impl Store {
    /// The district with `slug`, created with `name` if it does not exist yet.
    pub async fn ensure_district(&self, slug: &str, name: &str) -> StoreResult<District> {
        sqlx::query(
            "INSERT INTO districts (slug, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(slug)
        .bind(name)
        .bind(crate::now())
        .execute(&self.write)
        .await?;
        self.district_by_slug(slug)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn district_by_slug(&self, slug: &str) -> StoreResult<Option<District>> {
        Ok(
            sqlx::query_as("SELECT id, slug, name FROM districts WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.write)
                .await?,
        )
    }

    pub async fn district(&self, id: i64) -> StoreResult<Option<District>> {
        Ok(
            sqlx::query_as("SELECT id, slug, name FROM districts WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?,
        )
    }

    pub async fn districts(&self) -> StoreResult<Vec<District>> {
        Ok(
            sqlx::query_as("SELECT id, slug, name FROM districts ORDER BY name, id")
                .fetch_all(&self.read)
                .await?,
        )
    }

    pub async fn add_school(&self, district_id: i64, name: &str) -> StoreResult<School> {
        sqlx::query_as(
            "INSERT INTO schools (district_id, name) VALUES ($1, $2) RETURNING id, district_id, name",
        )
        .bind(district_id)
        .bind(name)
        .fetch_one(&self.write)
        .await
        .map_err(on_unique("a school with this name already exists in the district"))
    }

    pub async fn schools(&self, district_id: i64) -> StoreResult<Vec<School>> {
        Ok(sqlx::query_as(
            "SELECT id, district_id, name FROM schools WHERE district_id = $1 ORDER BY name",
        )
        .bind(district_id)
        .fetch_all(&self.read)
        .await?)
    }

    /// Adds a staff account. Emails are unique across the deployment, compared without case.
    pub async fn add_user(&self, user: NewUser<'_>) -> StoreResult<User> {
        let row: UserRow = sqlx::query_as(concat!(
            "INSERT INTO users (district_id, email, name, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
            user_columns!()
        ))
        .bind(user.district_id)
        .bind(user.email.trim().to_lowercase())
        .bind(user.name)
        .bind(user.role.key())
        .bind(user.password_hash)
        .bind(crate::now())
        .fetch_one(&self.write)
        .await
        .map_err(on_unique("an account with this email already exists"))?;
        row.try_into()
    }

    /// The district's accounts, by name (who may be assigned a complaint, who gets a notice).
    pub async fn district_users(&self, district_id: i64) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE district_id = $1 ORDER BY name, id"
        ))
        .bind(district_id)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(User::try_from).collect()
    }

    pub async fn set_password_hash(&self, user_id: i64, password_hash: &str) -> StoreResult<()> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.read)
        .await?;
        row.map(User::try_from).transpose()
    }

    /// Opens a login session; the cookie holds the token, the database only its hash.
    pub async fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(crate::now())
        .bind(expires_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The user of a live session.
    pub async fn session_user(&self, token_hash: &str) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.district_id, u.email, u.name, u.role, u.password_hash \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(crate::now())
        .fetch_optional(&self.read)
        .await?;
        row.map(User::try_from).transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2")
            .bind(token_hash)
            .bind(crate::now())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn create_api_token(&self, user_id: i64, token_hash: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(user_id)
            .bind(crate::now())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn user_by_api_token(&self, token_hash: &str) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.district_id, u.email, u.name, u.role, u.password_hash \
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.read)
        .await?;
        row.map(User::try_from).transpose()
    }
}
