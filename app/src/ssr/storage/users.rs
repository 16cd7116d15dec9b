use super::{id_list, now, Db, Result};
use crate::domain::{Email, ProfileInput, Role};
use crate::models::User;

/// Every column of [`User`], with the manager's name and email joined in.
const USER_SELECT: &str = "SELECT u.id, u.email, u.name, u.role, u.pronouns, u.job_title, \
    u.department, u.team, u.level, u.manager_id, m.name AS manager_name, m.email AS manager_email, \
    u.location, u.time_zone, u.bio, u.skills_offer, u.skills_grow, u.interests, u.aspirations, \
    u.created_at, u.deactivated_at FROM users u LEFT JOIN users m ON m.id = u.manager_id";

pub struct NewUser<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
}

/// What the people page asks for.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    /// Matched against name, email, department and job title, case-insensitively.
    pub query: Option<String>,
    pub role: Option<Role>,
    /// Exact department.
    pub department: Option<String>,
    pub level: Option<i64>,
    /// Enrolled (active or paused) in at least one program, or in none.
    pub enrolled: Option<bool>,
    pub limit: i64,
    pub offset: i64,
}

impl Db {
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<i64> {
        let mut conn = self.pool().acquire().await?;
        self.create_user_in(&mut conn, new).await
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>> {
        Ok(sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(self)
            .await?)
    }

    /// Several people at once, by id; ids nobody has are left out. Match cards and pair pages
    /// show every partner, and one statement serves them all.
    pub async fn users_by_ids(&self, ids: &[i64]) -> Result<Vec<User>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(sqlx::query_as(&format!(
            "{USER_SELECT} WHERE u.id IN ({}) ORDER BY u.id",
            id_list(ids)
        ))
        .fetch_all(self)
        .await?)
    }

    /// Everyone still with the organisation, by id: the audience a program's opening is
    /// announced to, before its eligibility rules pick.
    pub async fn active_people(&self) -> Result<Vec<User>> {
        Ok(sqlx::query_as(&format!(
            "{USER_SELECT} WHERE u.deactivated_at IS NULL ORDER BY u.id"
        ))
        .fetch_all(self)
        .await?)
    }

    pub async fn user_by_email(&self, email: &Email) -> Result<Option<User>> {
        Ok(sqlx::query_as(&format!("{USER_SELECT} WHERE u.email = $1"))
            .bind(email.as_str())
            .fetch_optional(self)
            .await?)
    }

    /// The id and password hash for a sign-in attempt. The hash is `None` for people who were
    /// imported or invited and have not chosen a password yet.
    pub async fn credentials(&self, email: &Email) -> Result<Option<(i64, Option<String>)>> {
        Ok(
            sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(self)
                .await?,
        )
    }

    pub async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<()> {
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now())
            .bind(user_id)
            .execute(self)
            .await?;
        Ok(())
    }

    /// Stores a profile that [`ProfileInput::parse`] has checked, with the manager resolved.
    pub async fn update_profile(
        &self,
        user_id: i64,
        p: &ProfileInput,
        level: Option<i64>,
        manager_id: Option<i64>,
    ) -> Result<()> {
        let mut conn = self.pool().acquire().await?;
        self.update_profile_in(&mut conn, user_id, p, level, manager_id)
            .await
    }

    /// [`Db::update_profile`] inside the caller's transaction.
    pub async fn update_profile_in(
        &self,
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        p: &ProfileInput,
        level: Option<i64>,
        manager_id: Option<i64>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE users SET name = $1, pronouns = $2, job_title = $3, department = $4, \
             level = $5, manager_id = $6, location = $7, time_zone = $8, bio = $9, \
             skills_offer = $10, skills_grow = $11, interests = $12, aspirations = $13, \
             updated_at = $14 WHERE id = $15",
        )
        .bind(&p.name)
        .bind(&p.pronouns)
        .bind(&p.job_title)
        .bind(&p.department)
        .bind(level)
        .bind(manager_id)
        .bind(&p.location)
        .bind(&p.time_zone)
        .bind(&p.bio)
        .bind(&p.skills_offer)
        .bind(&p.skills_grow)
        .bind(&p.interests)
        .bind(&p.aspirations)
        .bind(now())
        .bind(user_id)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// The manager of `user_id`, one step up the chain.
    pub async fn manager_of(&self, user_id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT manager_id FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self)
                .await?
                .flatten(),
        )
    }

    pub async fn set_role(&self, user_id: i64, role: Role) -> Result<bool> {
        let done = sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(now())
            .bind(user_id)
            .execute(self)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn count_users(&self) -> Result<i64> {
        let mut conn = self.pool().acquire().await?;
        self.count_users_in(&mut conn).await
    }

    /// [`Db::count_users`] inside the caller's transaction.
    pub async fn count_users_in(&self, conn: &mut sqlx::AnyConnection) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(conn)
            .await?)
    }

    pub async fn count_with_role(&self, role: Role) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1")
                .bind(role.as_str())
                .fetch_one(self)
                .await?,
        )
    }

    /// People matching the filter, by name, with the total count for paging.
    pub async fn list_users(&self, filter: &UserFilter) -> Result<(Vec<User>, i64)> {
        let pattern = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| {
                format!(
                    "%{}%",
                    q.to_lowercase()
                        .replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                )
            });
        let role = filter.role.map(Role::as_str);
        let department = filter
            .department
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        let cond =
            "($1 IS NULL OR LOWER(u.name) LIKE $1 ESCAPE '\\' OR u.email LIKE $1 ESCAPE '\\' \
             OR LOWER(u.department) LIKE $1 ESCAPE '\\' OR LOWER(u.job_title) LIKE $1 ESCAPE '\\') \
             AND ($2 IS NULL OR u.role = $2) AND ($3 IS NULL OR u.department = $3) \
             AND ($4 IS NULL OR u.level = $4) \
             AND ($5 IS NULL OR $5 = (CASE WHEN EXISTS (SELECT 1 FROM enrollments e \
                  WHERE e.user_id = u.id AND e.status <> 'left') THEN 1 ELSE 0 END))";
        let enrolled = filter.enrolled.map(i64::from);
        let limit = if filter.limit <= 0 {
            50
        } else {
            filter.limit.min(500)
        };
        let users = sqlx::query_as(&format!(
            "{USER_SELECT} WHERE {cond} ORDER BY LOWER(u.name), u.id LIMIT $6 OFFSET $7"
        ))
        .bind(pattern.clone())
        .bind(role)
        .bind(department.clone())
        .bind(filter.level)
        .bind(enrolled)
        .bind(limit)
        .bind(filter.offset.max(0))
        .fetch_all(self)
        .await?;
        let total = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM users u WHERE {cond}"))
            .bind(pattern)
            .bind(role)
            .bind(department)
            .bind(filter.level)
            .bind(enrolled)
            .fetch_one(self)
            .await?;
        Ok((users, total))
    }
}

impl Db {
    /// Every department someone belongs to, for filters.
    pub async fn departments(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT department FROM users WHERE department <> '' ORDER BY department",
        )
        .fetch_all(self)
        .await?)
    }

    /// [`Db::create_user`] inside the caller's transaction.
    pub async fn create_user_in(
        &self,
        conn: &mut sqlx::AnyConnection,
        new: NewUser<'_>,
    ) -> Result<i64> {
        let t = now();
        Ok(sqlx::query_scalar(
            "INSERT INTO users (email, name, role, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(new.email.as_str())
        .bind(new.name)
        .bind(new.role.as_str())
        .bind(new.password_hash)
        .bind(t)
        .fetch_one(conn)
        .await?)
    }
}
