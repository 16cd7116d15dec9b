//! Events the tests and benchmarks answer: made through the storage layer, as an organiser's
//! form would.

use app::domain::{Capacity, EventKind};
use app::ssr::storage::{now, Db, EventRow, NewEvent};

/// A meetup a week from now, open to everyone, with `seats` seats.
pub async fn meetup(db: &Db, title: &str, seats: i64) -> EventRow {
    let id = db.create_event(&meetup_spec(title, seats)).await.unwrap();
    db.event(id).await.unwrap().unwrap()
}

/// A meetup for everyone a week from now, with `seats` seats, as it is created.
pub fn meetup_spec(title: &str, seats: i64) -> NewEvent {
    NewEvent {
        title: title.into(),
        description: String::new(),
        kind: EventKind::Meetup,
        starts_at: now() + 7 * 86_400,
        ends_at: now() + 7 * 86_400 + 7_200,
        time_zone: "Europe/Lisbon".into(),
        place: "Atrium, ground floor".into(),
        video_url: String::new(),
        capacity: Some(Capacity::try_from(seats).unwrap()),
        rsvp_deadline: None,
        host_id: None,
        programs: Vec::new(),
        created_by: None,
        draw: None,
    }
}
