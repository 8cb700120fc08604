-- Full-text search (FTS5). unicode61 with remove_diacritics 2 folds case and accents, so "cafe"
-- finds "café" in Dutch and English alike; no stemming, because one community mixes languages.
-- Triggers keep the indexes in the same transaction as every write, cascades included, and remove
-- deleted and erased text.

CREATE VIRTUAL TABLE posts_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE comments_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE communities_fts USING fts5(name, description, place, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE accounts_fts USING fts5(handle, display_name, bio, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts WHEN new.deleted = 0 BEGIN
  INSERT INTO posts_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, body, deleted ON posts BEGIN
  DELETE FROM posts_fts WHERE rowid = old.id;
  INSERT INTO posts_fts (rowid, title, body) SELECT new.id, new.title, new.body WHERE new.deleted = 0;
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
  DELETE FROM posts_fts WHERE rowid = old.id;
END;

CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments WHEN new.deleted = 0 BEGIN
  INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body, deleted ON comments BEGIN
  DELETE FROM comments_fts WHERE rowid = old.id;
  INSERT INTO comments_fts (rowid, body) SELECT new.id, new.body WHERE new.deleted = 0;
END;
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
  DELETE FROM comments_fts WHERE rowid = old.id;
END;

CREATE TRIGGER communities_fts_insert AFTER INSERT ON communities BEGIN
  INSERT INTO communities_fts (rowid, name, description, place) VALUES (new.id, new.name, new.description, new.place);
END;
CREATE TRIGGER communities_fts_update AFTER UPDATE OF name, description, place ON communities BEGIN
  DELETE FROM communities_fts WHERE rowid = old.id;
  INSERT INTO communities_fts (rowid, name, description, place) VALUES (new.id, new.name, new.description, new.place);
END;
CREATE TRIGGER communities_fts_delete AFTER DELETE ON communities BEGIN
  DELETE FROM communities_fts WHERE rowid = old.id;
END;

CREATE TRIGGER accounts_fts_insert AFTER INSERT ON accounts BEGIN
  INSERT INTO accounts_fts (rowid, handle, display_name, bio) VALUES (new.id, new.handle, new.display_name, new.bio);
END;
CREATE TRIGGER accounts_fts_update AFTER UPDATE OF handle, display_name, bio ON accounts BEGIN
  DELETE FROM accounts_fts WHERE rowid = old.id;
  INSERT INTO accounts_fts (rowid, handle, display_name, bio) VALUES (new.id, new.handle, new.display_name, new.bio);
END;
CREATE TRIGGER accounts_fts_delete AFTER DELETE ON accounts BEGIN
  DELETE FROM accounts_fts WHERE rowid = old.id;
END;

-- Index what was written before search existed.
INSERT INTO posts_fts (rowid, title, body) SELECT id, title, body FROM posts WHERE deleted = 0;
INSERT INTO comments_fts (rowid, body) SELECT id, body FROM comments WHERE deleted = 0;
INSERT INTO communities_fts (rowid, name, description, place) SELECT id, name, description, place FROM communities;
INSERT INTO accounts_fts (rowid, handle, display_name, bio) SELECT id, handle, display_name, bio FROM accounts;
