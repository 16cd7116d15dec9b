//! The resource hub as pages see it.

use crate::domain::{GoalCategory, Publication, ResourceInput, ResourceKind};
use serde::{Deserialize, Serialize};

/// A resource in a list: search results, recommendations, bookmarks, the admin list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceCard {
    pub id: i64,
    pub kind: ResourceKind,
    pub title: String,
    /// The title with the words a search matched marked (empty outside search results).
    pub title_parts: Vec<(String, bool)>,
    pub summary: String,
    pub tags: Vec<String>,
    pub category: Option<GoalCategory>,
    /// "Everyone", "Mentors", or a program's name.
    pub audience: String,
    pub reading_minutes: i64,
    pub helpful: i64,
    pub bookmarked: bool,
    pub status: Publication,
    /// Search snippet parts; highlighted ones are `true`.
    pub snippet: Vec<(String, bool)>,
    /// Why it is recommended, for "Recommended for you".
    pub reason: Option<String>,
    pub updated: String,
}

/// The hub: a search (or the newest resources), recommendations and bookmarks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceHub {
    pub query: String,
    pub kind: Option<ResourceKind>,
    pub tag: Option<String>,
    pub audience: Option<String>,
    /// True when the words or a filter narrowed the list.
    pub searched: bool,
    pub results: Vec<ResourceCard>,
    pub recommended: Vec<ResourceCard>,
    pub bookmarks: Vec<ResourceCard>,
    pub can_manage: bool,
}

/// An uploaded file as its resource page offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub name: String,
    pub type_label: String,
    pub size: String,
    pub href: String,
    /// Images are shown on the page; other files are downloaded.
    pub image: bool,
}

/// One resource's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourcePage {
    pub card: ResourceCard,
    /// Rendered and sanitised Markdown.
    pub body_html: String,
    pub items: Vec<String>,
    pub url: String,
    pub file: Option<FileView>,
    pub author: String,
    pub created: String,
    pub helpful_mine: bool,
    /// For goal templates: the goal it creates and how it is measured.
    pub goal: Option<(String, String)>,
    /// Programs where I can use a goal template or plan a session with a prompt set.
    pub programs: Vec<(i64, String)>,
    pub can_edit: bool,
}

/// The resource form: a new resource, or one being edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceFormPage {
    pub id: Option<i64>,
    pub input: ResourceInput,
    pub status: Publication,
    /// Programs the author may address a resource to.
    pub programs: Vec<(i64, String)>,
    /// The uploaded file's name, for file resources.
    pub file_name: Option<String>,
}
