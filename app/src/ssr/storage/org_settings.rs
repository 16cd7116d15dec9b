use super::{Db, Result};
use crate::models::OrgSettings;

impl Db {
    pub async fn org_settings(&self) -> Result<OrgSettings> {
        let (name, open_signup, domains): (String, i64, String) = sqlx::query_as(
            "SELECT name, open_signup, allowed_domains FROM org_settings WHERE id = 1",
        )
        .fetch_one(self)
        .await?;
        Ok(OrgSettings {
            name,
            open_signup: open_signup != 0,
            allowed_domains: domains
                .split(',')
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    }

    pub async fn save_org_settings(&self, s: &OrgSettings) -> Result<()> {
        sqlx::query("UPDATE org_settings SET name = $1, open_signup = $2, allowed_domains = $3 WHERE id = 1")
            .bind(&s.name)
            .bind(i64::from(s.open_signup))
            .bind(s.allowed_domains.join(","))
            .execute(self)
            .await?;
        Ok(())
    }
}
