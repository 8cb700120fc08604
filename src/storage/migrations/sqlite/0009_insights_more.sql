-- Insights, part two: per-post running totals for decision support (which hashtags and which kinds
-- of content get more engagement), kept by a trigger in the same transaction as each event, so the
-- dashboards never scan raw events per post and the totals outlive the 30-day raw retention.
-- Counts only; no identities. `viewers` counts a signed-in person once per post (ever seen here),
-- an anonymous visitor once per day (their day-hash links to nothing on other days).
CREATE TABLE insight_post_stats (
  post_id   INTEGER PRIMARY KEY,
  views     INTEGER NOT NULL DEFAULT 0,
  viewers   INTEGER NOT NULL DEFAULT 0,
  reactions INTEGER NOT NULL DEFAULT 0,
  comments  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Whether a signed-in viewer saw this post before, without scanning all of the post's views.
CREATE INDEX insight_events_post_viewer ON insight_events(post_id, actor_id) WHERE kind = 'view' AND actor_id IS NOT NULL;

CREATE TRIGGER insight_post_stats_count AFTER INSERT ON insight_events
WHEN new.post_id IS NOT NULL AND new.kind IN ('view', 'reaction', 'comment') BEGIN
  INSERT INTO insight_post_stats (post_id) VALUES (new.post_id) ON CONFLICT DO NOTHING;
  UPDATE insight_post_stats SET
    views = views + (new.kind = 'view'),
    viewers = viewers + (new.kind = 'view' AND (new.actor_id IS NULL OR NOT EXISTS (
      SELECT 1 FROM insight_events e WHERE e.post_id = new.post_id AND e.kind = 'view'
      AND e.actor_id = new.actor_id AND e.id <> new.id))),
    reactions = reactions + (new.kind = 'reaction'),
    comments = comments + (new.kind = 'comment')
  WHERE post_id = new.post_id;
END;

-- Totals for what is already there: raw events, plus the aggregates of purged days.
INSERT INTO insight_post_stats (post_id, views, viewers, reactions, comments)
SELECT post_id, SUM(views), SUM(viewers), SUM(reactions), SUM(comments) FROM (
  SELECT post_id, SUM(kind = 'view') AS views,
         COUNT(DISTINCT CASE WHEN kind = 'view' THEN COALESCE(actor_id, visitor) END) AS viewers,
         SUM(kind = 'reaction') AS reactions, SUM(kind = 'comment') AS comments
  FROM insight_events WHERE post_id IS NOT NULL GROUP BY post_id
  UNION ALL
  SELECT scope_id, SUM(CASE WHEN metric = 'view' THEN count ELSE 0 END),
         SUM(CASE WHEN metric = 'view' THEN people ELSE 0 END),
         SUM(CASE WHEN metric = 'reaction' THEN count ELSE 0 END), SUM(CASE WHEN metric = 'comment' THEN count ELSE 0 END)
  FROM insight_daily WHERE scope = 'p' AND day IN (SELECT day FROM insight_rollups WHERE purged = 1) GROUP BY scope_id
) GROUP BY post_id;

-- A community's time zone for its insights (when to post): the owner's zone unless the owner picks
-- another in the community settings.
ALTER TABLE communities ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Amsterdam';
UPDATE communities SET time_zone = COALESCE((
  SELECT a.time_zone FROM memberships m JOIN accounts a ON a.id = m.account_id
  WHERE m.community_id = communities.id AND m.role = 2 LIMIT 1), 'Europe/Amsterdam');

-- Shares and outbound link clicks count once per person per post (per link) per day, profile
-- visits once per visitor per profile per day, like views.
CREATE UNIQUE INDEX insight_audience_once ON insight_events(post_id, day, kind, detail, COALESCE(actor_id, visitor))
  WHERE kind IN ('share', 'click');
CREATE UNIQUE INDEX insight_profile_visits_once ON insight_events(target_account_id, day, COALESCE(actor_id, visitor))
  WHERE kind = 'profile_visit';

-- Consent to be named among a community's top contributors in its insights; nobody is, by default.
ALTER TABLE accounts ADD COLUMN show_in_insights INTEGER NOT NULL DEFAULT 0;

-- Who was active in which community on which day, one row per person per community per day, kept
-- by a trigger: daily, weekly and monthly active members count these few rows instead of every raw
-- event. It names people, so it is raw data: deleted with the account and after the retention
-- period, like insight_events. (No index on actor_id: erasure is rare and may scan.)
CREATE TABLE insight_active (
  community_id INTEGER NOT NULL,
  day          INTEGER NOT NULL,
  actor_id     INTEGER NOT NULL,
  PRIMARY KEY (community_id, day, actor_id)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO insight_active (community_id, day, actor_id)
  SELECT community_id, day, actor_id FROM insight_events
  WHERE community_id IS NOT NULL AND actor_id IS NOT NULL AND kind <> 'leave';
CREATE TRIGGER insight_active_mark AFTER INSERT ON insight_events
WHEN new.community_id IS NOT NULL AND new.actor_id IS NOT NULL AND new.kind <> 'leave' BEGIN
  INSERT OR IGNORE INTO insight_active (community_id, day, actor_id) VALUES (new.community_id, new.day, new.actor_id);
END;

-- New members per community and day, for the retention cohorts, without walking every event.
CREATE INDEX insight_events_joins ON insight_events(community_id, day, actor_id) WHERE kind = 'join';

-- Audience actions per community and UTC hour (counts and distinct people in that hour), made by
-- the daily rollup, so when-to-post reads at most 24 rows per past day instead of every action.
CREATE TABLE insight_hourly (
  community_id INTEGER NOT NULL,
  hour         INTEGER NOT NULL,  -- at / 3600000 (UTC hours since the epoch)
  events       INTEGER NOT NULL,
  people       INTEGER NOT NULL,
  PRIMARY KEY (community_id, hour)
) STRICT, WITHOUT ROWID;
INSERT OR REPLACE INTO insight_hourly (community_id, hour, events, people)
  SELECT community_id, at / 3600000, COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events
  WHERE community_id IS NOT NULL AND kind IN ('view', 'reaction', 'comment', 'post')
  AND day IN (SELECT day FROM insight_rollups) GROUP BY community_id, at / 3600000;
