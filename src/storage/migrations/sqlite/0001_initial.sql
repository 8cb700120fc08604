-- Kring schema, version 1: accounts, communities, posts, comments, reactions, follows.
-- Ids are 64-bit time-ordered integers made by the application. Times are Unix milliseconds (UTC).
-- Kept portable: the PostgreSQL migration mirrors this with BIGINT/TEXT and the same names.

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  handle        TEXT NOT NULL,
  handle_key    TEXT NOT NULL UNIQUE,
  email         TEXT UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  bio           TEXT NOT NULL DEFAULT '',
  locale        TEXT NOT NULL DEFAULT 'en',
  time_zone     TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
  role          TEXT NOT NULL DEFAULT 'user',
  status        TEXT NOT NULL DEFAULT 'active',
  created_at    INTEGER NOT NULL,
  password_hash TEXT NOT NULL
) STRICT;
CREATE INDEX accounts_status ON accounts(status, id);

CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL,
  label        TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE instance_settings (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  name              TEXT NOT NULL,
  description       TEXT NOT NULL,
  registration_mode TEXT NOT NULL,
  rules             TEXT NOT NULL  -- rules joined by U+001E (rules cannot contain control characters)
) STRICT;

CREATE TABLE instance_invites (
  code       TEXT PRIMARY KEY,
  created_by INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  max_uses   INTEGER NOT NULL,
  uses       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE communities (
  id               INTEGER PRIMARY KEY,
  slug             TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  description      TEXT NOT NULL DEFAULT '',
  rules            TEXT NOT NULL DEFAULT '',  -- joined by U+001E
  language         TEXT NOT NULL,
  place            TEXT NOT NULL DEFAULT '',
  visibility       TEXT NOT NULL,
  join_policy      TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  member_count     INTEGER NOT NULL DEFAULT 0,
  post_count       INTEGER NOT NULL DEFAULT 0,
  last_activity_at INTEGER NOT NULL
) STRICT;
CREATE INDEX communities_activity ON communities(last_activity_at);
CREATE INDEX communities_size ON communities(member_count);

CREATE TABLE community_topics (
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  topic_key    TEXT NOT NULL,
  PRIMARY KEY (community_id, topic_key)
) STRICT;
CREATE INDEX community_topics_key ON community_topics(topic_key);

CREATE TABLE memberships (
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role         INTEGER NOT NULL,  -- 0 member, 1 moderator, 2 owner
  joined_at    INTEGER NOT NULL,
  PRIMARY KEY (community_id, account_id)
) STRICT;
CREATE INDEX memberships_account ON memberships(account_id);

CREATE TABLE join_requests (
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  message      TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  decided_by   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  decided_at   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (community_id, account_id)
) STRICT;
CREATE INDEX join_requests_account ON join_requests(account_id);

CREATE TABLE community_invites (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  code         TEXT NOT NULL UNIQUE,
  created_by   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  max_uses     INTEGER NOT NULL,
  uses         INTEGER NOT NULL DEFAULT 0,
  revoked      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX community_invites_community ON community_invites(community_id);

CREATE TABLE posts (
  id                 INTEGER PRIMARY KEY,
  community_id       INTEGER REFERENCES communities(id) ON DELETE CASCADE,
  author_id          INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  kind               TEXT NOT NULL,
  title              TEXT NOT NULL DEFAULT '',
  body               TEXT NOT NULL DEFAULT '',
  body_html          TEXT NOT NULL DEFAULT '',
  url                TEXT NOT NULL DEFAULT '',
  place_name         TEXT NOT NULL DEFAULT '',
  rating             INTEGER NOT NULL DEFAULT 0,
  pinned             INTEGER NOT NULL DEFAULT 0,
  locked             INTEGER NOT NULL DEFAULT 0,
  deleted            INTEGER NOT NULL DEFAULT 0,
  accepted_comment_id INTEGER,
  created_at         INTEGER NOT NULL,
  edited_at          INTEGER NOT NULL DEFAULT 0,
  comment_count      INTEGER NOT NULL DEFAULT 0,
  reaction_count     INTEGER NOT NULL DEFAULT 0,
  last_activity_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX posts_community ON posts(community_id, id);
CREATE INDEX posts_author ON posts(author_id, id);
CREATE INDEX posts_community_activity ON posts(community_id, last_activity_at);

CREATE TABLE post_hashtags (
  post_id     INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  tag_key     TEXT NOT NULL,
  tag_display TEXT NOT NULL,
  PRIMARY KEY (post_id, tag_key)
) STRICT;
CREATE INDEX post_hashtags_tag ON post_hashtags(tag_key, post_id);

CREATE TABLE post_mentions (
  post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, account_id)
) STRICT;
CREATE INDEX post_mentions_account ON post_mentions(account_id);

CREATE TABLE post_revisions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  post_id     INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  replaced_at INTEGER NOT NULL
) STRICT;
CREATE INDEX post_revisions_post ON post_revisions(post_id);

CREATE TABLE comments (
  id             INTEGER PRIMARY KEY,
  post_id        INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  parent_id      INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  author_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  body           TEXT NOT NULL DEFAULT '',
  body_html      TEXT NOT NULL DEFAULT '',
  deleted        INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  edited_at      INTEGER NOT NULL DEFAULT 0,
  reaction_count INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX comments_post ON comments(post_id, id);
CREATE INDEX comments_author ON comments(author_id);
CREATE INDEX comments_parent ON comments(parent_id);

CREATE TABLE comment_mentions (
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  PRIMARY KEY (comment_id, account_id)
) STRICT;
CREATE INDEX comment_mentions_account ON comment_mentions(account_id);

CREATE TABLE comment_revisions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  comment_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  body        TEXT NOT NULL,
  replaced_at INTEGER NOT NULL
) STRICT;
CREATE INDEX comment_revisions_comment ON comment_revisions(comment_id);

CREATE TABLE reactions (
  target_type TEXT NOT NULL,  -- 'post' or 'comment'
  target_id   INTEGER NOT NULL,
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (target_type, target_id, account_id, kind)
) STRICT;
CREATE INDEX reactions_account ON reactions(account_id);

CREATE TABLE follows (
  follower_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  followed_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (follower_id, followed_id)
) STRICT;
CREATE INDEX follows_followed ON follows(followed_id, created_at);

CREATE TABLE scheduled_posts (
  id                INTEGER PRIMARY KEY,
  author_id         INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  community_id      INTEGER REFERENCES communities(id) ON DELETE CASCADE,
  kind              TEXT NOT NULL,
  title             TEXT NOT NULL DEFAULT '',
  body              TEXT NOT NULL DEFAULT '',
  url               TEXT NOT NULL DEFAULT '',
  place_name        TEXT NOT NULL DEFAULT '',
  rating            INTEGER NOT NULL DEFAULT 0,
  publish_at        INTEGER NOT NULL,
  state             TEXT NOT NULL,
  failure           TEXT NOT NULL DEFAULT '',
  published_post_id INTEGER,
  created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX scheduled_posts_due ON scheduled_posts(state, publish_at);
CREATE INDEX scheduled_posts_author ON scheduled_posts(author_id);
