//! Tandem's web app: models and domain types shared by server and browser, the pages, and
//! the server functions they call. Server-only code lives in [`ssr`].
#![recursion_limit = "256"]

pub mod api;
pub mod components;
/// The org directory's CSV, parsed and planned on the server only.
#[cfg(feature = "ssr")]
pub mod directory;
pub mod domain;
pub mod error;
pub mod islands;
/// The matching engine runs on the server only.
#[cfg(feature = "ssr")]
pub mod matching;
pub mod models;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::shell::{AppShell, Auth};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::*;

/// The HTML document around the app. On the server it also passes the request's CSP nonce to
/// the islands' loader, so the policy can forbid every other inline script.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands: the page renders as HTML without the markers and data that hydrating the whole
    // page would need; a page with islands carries the script that brings them to life
    // beside its first island (`islands::IslandLoader`).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    provide_context(islands::IslandsOnPage::default());
    provide_context(options.clone());
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>();
        if let Some(nonce) = parts.as_ref().and_then(|p| p.extensions.get::<CspNonce>()) {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0.clone()));
        }
        let checked = parts
            .zip(use_context::<ssr::AppState>())
            .and_then(|(parts, state)| {
                let keys = state
                    .settings
                    .link_keys(ssr::support::links::LinkPurpose::FormError);
                ssr::support::form_errors::checked_seal(&keys, &parts.uri, ssr::storage::now())
            });
        if let Some(seal) = checked {
            provide_context(components::form::CheckedFormError(seal));
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options id="leptos" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The per-request CSP nonce, put in the request's extensions by the server's security
/// headers middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Auth::provide();
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Link rel="manifest" href="/manifest.webmanifest" />
        <Meta name="theme-color" content="#0f766e" />
        <Meta name="description" content="Tandem: peer mentoring programs for your workplace." />
        <Title formatter=|t: String| if t.is_empty() { "Tandem".to_string() } else { format!("{t} · Tandem") } />
        <Router>
            <AppShell>
                // Async rendering: every page arrives complete, so it reads the same with
                // JavaScript off and redirects can still set the status code.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in/refused") view=SignInRefusedPage />
                    <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/profile/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/profile/availability") view=AvailabilityPage ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/slack") view=SlackPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/scim") view=ScimPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/sso") view=SsoPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people/:id/delivery") view=PersonDeliveryPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/delivery") view=DeliveryPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/import") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/programs") view=ProgramsPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/new") view=NewProgramPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id") view=ProgramPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/edit") view=EditProgramPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/survey") view=SurveyEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/enroll") view=EnrollPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/enrollments") view=EnrollmentsPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/rounds") view=RoundsPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/channels") view=ChatChannelsPage ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/pair") view=PairPageView ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/agreement/:group") view=AgreementPageView ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/agreements") view=AgreementTemplateView ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/pulse/:survey") view=PulsePageView ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/pulses") view=PulseAdminView ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/mentors") view=MentorsPageView ssr=SsrMode::Async />
                    <Route path=path!("/programs/:id/stories") view=ProgramStoriesView ssr=SsrMode::Async />
                    <Route path=path!("/stories") view=StoriesView ssr=SsrMode::Async />
                    <Route path=path!("/goals") view=GoalsPage ssr=SsrMode::Async />
                    <Route path=path!("/insights") view=InsightsView ssr=SsrMode::Async />
                    <Route path=path!("/insights/report") view=InsightsReportView ssr=SsrMode::Async />
                    <Route path=path!("/recognition") view=RecognitionView ssr=SsrMode::Async />
                    <Route path=path!("/recognition/:id") view=PersonRecognitionView ssr=SsrMode::Async />
                    <Route path=path!("/certificates/:code") view=CertificateView ssr=SsrMode::Async />
                    <Route path=path!("/reviews") view=ReviewsView ssr=SsrMode::Async />
                    <Route path=path!("/goals/new") view=NewGoalPage ssr=SsrMode::Async />
                    <Route path=path!("/goals/:id") view=GoalDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/goals/:id/edit") view=EditGoalPage ssr=SsrMode::Async />
                    <Route path=path!("/resources") view=ResourcesPage ssr=SsrMode::Async />
                    <Route path=path!("/resources/new") view=NewResourcePage ssr=SsrMode::Async />
                    <Route path=path!("/resources/manage") view=ManageResourcesPage ssr=SsrMode::Async />
                    <Route path=path!("/resources/:id") view=ResourceDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/resources/:id/edit") view=EditResourcePage ssr=SsrMode::Async />
                    <Route path=path!("/rsvp/:token") view=RsvpPage ssr=SsrMode::Async />
                    <Route path=path!("/sessions/check/:token") view=SessionCheckPage ssr=SsrMode::Async />
                    <Route path=path!("/events") view=EventsListPage ssr=SsrMode::Async />
                    <Route path=path!("/events/new") view=NewEventPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id") view=EventDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/check-in") view=CheckInPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/edit") view=EditEventPage ssr=SsrMode::Async />
                </Routes>
            </AppShell>
        </Router>
    }
}
