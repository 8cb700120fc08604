-- Moderation under the EU Digital Services Act: notices (reports), decisions with a statement of
-- reasons (Art. 17), one appeal per decision decided by another moderator, community bans, and
-- removal that keeps the content as a tombstone for moderators.

ALTER TABLE posts ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;

-- Removed content leaves the search index too.
DROP TRIGGER posts_fts_update;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, body, deleted, removed ON posts BEGIN
  DELETE FROM posts_fts WHERE rowid = old.id;
  INSERT INTO posts_fts (rowid, title, body) SELECT new.id, new.title, new.body WHERE new.deleted = 0 AND new.removed = 0;
END;
DROP TRIGGER comments_fts_update;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body, deleted, removed ON comments BEGIN
  DELETE FROM comments_fts WHERE rowid = old.id;
  INSERT INTO comments_fts (rowid, body) SELECT new.id, new.body WHERE new.deleted = 0 AND new.removed = 0;
END;

CREATE TABLE reports (
  id                INTEGER PRIMARY KEY,
  reporter_id       INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  reporter_email    TEXT NOT NULL DEFAULT '',  -- notices from people without an account (illegal content)
  target_type       TEXT NOT NULL,             -- post | comment | account | community
  target_id         INTEGER NOT NULL,
  target_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,  -- whose content it is
  community_id      INTEGER REFERENCES communities(id) ON DELETE CASCADE, -- the community queue, if any
  category          TEXT NOT NULL,
  text              TEXT NOT NULL DEFAULT '',
  state             TEXT NOT NULL DEFAULT 'open',  -- open | resolved
  decision_id       INTEGER,
  created_at        INTEGER NOT NULL,
  resolved_at       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX reports_queue ON reports(community_id, state, id);
CREATE INDEX reports_target ON reports(target_type, target_id);

CREATE TABLE moderation_decisions (
  id                  INTEGER PRIMARY KEY,
  moderator_id        INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  community_id        INTEGER REFERENCES communities(id) ON DELETE CASCADE,  -- NULL: instance decision
  target_type         TEXT NOT NULL,
  target_id           INTEGER NOT NULL,
  affected_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  action              TEXT NOT NULL,  -- remove | lock | warn | ban | suspend | dismiss
  rule                TEXT NOT NULL,
  facts               TEXT NOT NULL,
  automated           INTEGER NOT NULL DEFAULT 0,
  ban_until           INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  reversed_at         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX moderation_decisions_community ON moderation_decisions(community_id, id);
CREATE INDEX moderation_decisions_affected ON moderation_decisions(affected_account_id);

CREATE TABLE appeals (
  id          INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL UNIQUE REFERENCES moderation_decisions(id) ON DELETE CASCADE,
  account_id  INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
  text        TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'open',  -- open | upheld | reversed
  decided_by  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  outcome     TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  decided_at  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX appeals_state ON appeals(state, id);

CREATE TABLE community_bans (
  community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  until        INTEGER NOT NULL,  -- 0 = permanent
  decision_id  INTEGER,
  PRIMARY KEY (community_id, account_id)
) STRICT;
