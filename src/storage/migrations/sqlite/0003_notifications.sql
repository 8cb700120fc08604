-- Notifications: one row per thing to tell someone; reactions, follows and join requests are
-- grouped ("Anna and 4 others reacted") while unread, with the people in notification_actors.
CREATE TABLE notifications (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  group_key    TEXT NOT NULL DEFAULT '',
  actor_id     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,  -- the latest actor
  actor_count  INTEGER NOT NULL DEFAULT 0,
  post_id      INTEGER REFERENCES posts(id) ON DELETE CASCADE,
  comment_id   INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  community_id INTEGER REFERENCES communities(id) ON DELETE CASCADE,
  subject_id   INTEGER,  -- kind-specific: a decision, an appeal, a scheduled post
  text         TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  read_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX notifications_account ON notifications(account_id, id);
CREATE INDEX notifications_unread ON notifications(account_id, read_at, group_key);

CREATE TABLE notification_actors (
  notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE ON UPDATE CASCADE,
  actor_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (notification_id, actor_id)
) STRICT;
CREATE INDEX notification_actors_actor ON notification_actors(actor_id);

-- Per-kind opt-outs (a row means "off").
CREATE TABLE notification_mutes (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  PRIMARY KEY (account_id, kind)
) STRICT;

-- Blocks and mutes between accounts: blocked or muted accounts' content leaves feeds, search and
-- notifications of the one who blocked or muted; a block also stops them interacting.
CREATE TABLE account_blocks (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  target_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,  -- 'block' or 'mute'
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, target_id)
) STRICT;
CREATE INDEX account_blocks_target ON account_blocks(target_id);
