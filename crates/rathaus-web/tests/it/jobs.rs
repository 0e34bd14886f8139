//! The jobs table: exactly-once under two workers, retries with backoff, dead jobs,
//! lease expiry after a crashed worker.

use async_trait::async_trait;
use rathaus_platform::clock::{Clock, ManualClock, SharedClock};
use rathaus_platform::config::WorkerConfig;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::jobs::{self, Job, JobContext, JobRegistry, JobStatus, NewJob, Worker};
use rathaus_platform::{Error, Result};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

use crate::helpers::TestApp;

/// Counts the runs of each job (shared by the workers it is given to).
#[derive(Default, Clone)]
struct Counting {
    runs: Arc<Mutex<HashMap<Uuid, u32>>>,
}

#[async_trait]
impl Job for Counting {
    const KIND: &'static str = "test.count";
    type Payload = serde_json::Value;

    async fn run(&self, ctx: &JobContext, _: serde_json::Value) -> Result<()> {
        *self.runs.lock().unwrap().entry(ctx.job_id).or_default() += 1;
        Ok(())
    }
}

struct Failing;

#[async_trait]
impl Job for Failing {
    const KIND: &'static str = "test.fail";
    type Payload = serde_json::Value;

    async fn run(&self, _ctx: &JobContext, _: serde_json::Value) -> Result<()> {
        Err(Error::internal("the remote end said no"))
    }
}

/// A job with a typed payload, which records what it was given.
#[derive(Default, Clone)]
struct Typed {
    seen: Arc<Mutex<Vec<u32>>>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Count {
    n: u32,
}

#[async_trait]
impl Job for Typed {
    const KIND: &'static str = "test.typed";
    type Payload = Count;

    async fn run(&self, _ctx: &JobContext, payload: Count) -> Result<()> {
        self.seen.lock().unwrap().push(payload.n);
        Ok(())
    }
}

fn worker<J: Job>(db: Db, clock: SharedClock, job: J) -> Worker {
    let mut registry = JobRegistry::default();
    registry.add(job);
    Worker::new(
        db,
        clock,
        registry,
        &WorkerConfig {
            batch_size: 25,
            ..WorkerConfig::default()
        },
    )
}

async fn status_of(db: &Db, id: Uuid) -> (String, i32) {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(conn, "SELECT status, attempts FROM jobs WHERE id = $1", vec![id.into()]))
        .await
        .unwrap()
        .unwrap();
    (row.try_get("", "status").unwrap(), row.try_get("", "attempts").unwrap())
}

#[tokio::test]
async fn two_workers_run_each_of_a_thousand_jobs_exactly_once() {
    let app = TestApp::spawn().await;
    let clock: SharedClock = app.clock.clone();
    for i in 0..1000 {
        jobs::enqueue(app.db().write(), &*clock, NewJob::new("test.count", serde_json::json!({ "n": i })))
            .await
            .unwrap();
    }
    // A second node: its own connection pool on the same database.
    let other_db = Db::connect(&app.config).await.unwrap();
    let counting = Counting::default();
    let a = worker(app.db().clone(), clock.clone(), counting.clone());
    let b = worker(other_db, clock.clone(), counting.clone());
    let drain = |w: Worker| async move {
        let mut total = 0;
        loop {
            let n = w.run_once().await.unwrap();
            if n == 0 {
                return total;
            }
            total += n;
        }
    };
    let (ran_a, ran_b) = tokio::join!(drain(a), drain(b));
    assert_eq!(ran_a + ran_b, 1000);
    {
        let runs = counting.runs.lock().unwrap();
        assert_eq!(runs.len(), 1000);
        assert!(runs.values().all(|&n| n == 1), "a job ran twice");
    }
    let done = jobs::list(app.db(), JobStatus::Done, 2000).await.unwrap();
    assert_eq!(done.len(), 1000);
}

#[tokio::test]
async fn failures_retry_with_backoff_then_die_and_can_be_retried() {
    let app = TestApp::spawn().await;
    let clock: Arc<ManualClock> = app.clock.clone();
    let id = jobs::enqueue(
        app.db().write(),
        &*clock,
        NewJob::new("test.fail", serde_json::json!({})).max_attempts(3),
    )
    .await
    .unwrap();
    let w = worker(app.db().clone(), clock.clone(), Failing);
    assert_eq!(w.run_once().await.unwrap(), 1);
    assert_eq!(status_of(app.db(), id).await, ("queued".into(), 1));
    assert_eq!(w.run_once().await.unwrap(), 0, "not due before its backoff");
    clock.advance(chrono::Duration::seconds(10));
    assert_eq!(w.run_once().await.unwrap(), 1);
    clock.advance(chrono::Duration::seconds(20));
    assert_eq!(w.run_once().await.unwrap(), 1);
    assert_eq!(status_of(app.db(), id).await, ("dead".into(), 3));
    let dead = jobs::list(app.db(), JobStatus::Dead, 10).await.unwrap();
    assert_eq!(dead[0].last_error.as_deref(), Some("internal: the remote end said no"));

    jobs::retry_dead(app.db(), &*clock, id).await.unwrap();
    assert_eq!(status_of(app.db(), id).await, ("queued".into(), 0));
}

#[tokio::test]
async fn a_job_whose_worker_died_is_taken_over_after_its_lease() {
    let app = TestApp::spawn().await;
    let clock: Arc<ManualClock> = app.clock.clone();
    let id = jobs::enqueue(app.db().write(), &*clock, NewJob::new("test.count", serde_json::json!({})))
        .await
        .unwrap();
    // A worker claimed it and then vanished.
    let conn = app.db().write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'gone', lease_until = $1 WHERE id = $2",
        vec![(clock.now() + chrono::Duration::minutes(5)).into(), id.into()],
    ))
    .await
    .unwrap();
    let counting = Counting::default();
    let w = worker(app.db().clone(), clock.clone(), counting.clone());
    assert_eq!(w.run_once().await.unwrap(), 0, "the lease still holds");
    clock.advance(chrono::Duration::minutes(6));
    assert_eq!(w.run_once().await.unwrap(), 1);
    assert_eq!(status_of(app.db(), id).await, ("done".into(), 2));
}

#[tokio::test]
async fn jobs_commit_or_roll_back_with_their_transaction() {
    let app = TestApp::spawn().await;
    let before = app.count("jobs").await;
    let tx = app.db().begin().await.unwrap();
    jobs::enqueue(&tx, &*app.clock, NewJob::new("test.count", serde_json::json!({})))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(app.count("jobs").await, before);
}

#[tokio::test]
async fn a_job_gets_its_payload_as_its_type_and_one_that_does_not_fit_fails_naming_the_kind() {
    let app = TestApp::spawn().await;
    let clock: Arc<ManualClock> = app.clock.clone();
    let typed = Typed::default();
    let good = jobs::enqueue(app.db().write(), &*clock, NewJob::of::<Typed>(&Count { n: 7 }).unwrap())
        .await
        .unwrap();
    // Written by hand (as an older version might have): a string where a number belongs.
    let bad = jobs::enqueue(
        app.db().write(),
        &*clock,
        NewJob::new(Typed::KIND, serde_json::json!({ "n": "seven" })).max_attempts(1),
    )
    .await
    .unwrap();
    let w = worker(app.db().clone(), clock.clone(), typed.clone());
    assert_eq!(w.run_once().await.unwrap(), 2);
    assert_eq!(*typed.seen.lock().unwrap(), [7], "the good one ran with its number");
    assert_eq!(status_of(app.db(), good).await.0, "done");
    assert_eq!(status_of(app.db(), bad).await.0, "dead");
    let dead = jobs::list(app.db(), JobStatus::Dead, 10).await.unwrap();
    let error = dead[0].last_error.clone().unwrap_or_default();
    assert!(error.contains("job test.typed: the payload does not fit"), "{error}");
}
