import Foundation
import GRDB
import PokjaCore

/// The schema's versioned migrations, oldest first: each runs once on every database.
extension PokjaDatabase {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: directory, rooms, meetings, outbox") { db in
      try db.execute(
        sql: """
          CREATE TABLE organisation (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            acronym TEXT,
            acronym_key TEXT UNIQUE,
            kind TEXT,
            email TEXT,
            phone TEXT,
            search_text TEXT NOT NULL,
            created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
          );
          CREATE TABLE contact (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            organisation_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            phone TEXT,
            language TEXT NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
            search_text TEXT NOT NULL,
            created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
          );
          CREATE INDEX contact_organisation ON contact(organisation_id);
          CREATE TABLE room (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
            location TEXT
          );
          CREATE TABLE meeting (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            description TEXT,
            start_at DATETIME NOT NULL,
            end_at DATETIME NOT NULL,
            time_zone TEXT NOT NULL,
            room_id INTEGER REFERENCES room(id) ON DELETE RESTRICT,
            location TEXT,
            sequence INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
            created_at DATETIME NOT NULL,
            CHECK (end_at > start_at)
          );
          CREATE INDEX meeting_room_time ON meeting(room_id, start_at, end_at);
          CREATE INDEX meeting_start ON meeting(start_at);
          CREATE TABLE attendee (
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE RESTRICT,
            position INTEGER NOT NULL,
            role TEXT NOT NULL DEFAULT 'REQ-PARTICIPANT',
            participation TEXT NOT NULL DEFAULT 'NEEDS-ACTION',
            PRIMARY KEY (meeting_id, contact_id)
          );
          CREATE TABLE reminder (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            offset_seconds INTEGER NOT NULL CHECK (offset_seconds > 0),
            UNIQUE (meeting_id, offset_seconds)
          );
          CREATE TABLE outbox_message (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            dedupe_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            message_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            content TEXT NOT NULL,
            route TEXT NOT NULL CHECK (route IN ('smtp', 'file')),
            state TEXT NOT NULL DEFAULT 'queued'
              CHECK (state IN ('queued', 'sending', 'sent', 'dead')),
            claim_token TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            receipt TEXT,
            created_at DATETIME NOT NULL,
            next_attempt_at DATETIME NOT NULL,
            sent_at DATETIME
          );
          CREATE INDEX outbox_due ON outbox_message(route, state, next_attempt_at);
          CREATE INDEX outbox_meeting ON outbox_message(meeting_id);
          """)
    }
    migrator.registerMigration("v2: directory model, vocabulary, full-text search") { db in
      try db.execute(
        sql: """
          ALTER TABLE organisation ADD COLUMN parent_id INTEGER
            REFERENCES organisation(id) ON DELETE SET NULL;
          ALTER TABLE organisation ADD COLUMN province_code TEXT;
          ALTER TABLE organisation ADD COLUMN regency TEXT;
          ALTER TABLE organisation ADD COLUMN regency_key TEXT;
          ALTER TABLE organisation ADD COLUMN services TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE organisation ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE organisation ADD COLUMN website TEXT;
          ALTER TABLE organisation ADD COLUMN emails TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE organisation ADD COLUMN phones TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE organisation ADD COLUMN address TEXT;
          ALTER TABLE organisation ADD COLUMN notes TEXT;
          UPDATE organisation SET emails = json_array(email) WHERE email IS NOT NULL;
          UPDATE organisation SET phones = json_array(phone) WHERE phone IS NOT NULL;
          ALTER TABLE organisation DROP COLUMN search_text;
          CREATE INDEX organisation_regency ON organisation(regency_key, province_code);

          ALTER TABLE contact ADD COLUMN honorific TEXT;
          ALTER TABLE contact ADD COLUMN position TEXT;
          ALTER TABLE contact ADD COLUMN other_emails TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE contact ADD COLUMN phones TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE contact ADD COLUMN whatsapp TEXT;
          ALTER TABLE contact ADD COLUMN telegram TEXT;
          ALTER TABLE contact ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE contact ADD COLUMN do_not_contact INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE contact ADD COLUMN notes TEXT;
          UPDATE contact SET phones = json_array(phone) WHERE phone IS NOT NULL;
          ALTER TABLE contact ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
          UPDATE contact SET sort_key = search_text;
          ALTER TABLE contact DROP COLUMN search_text;

          -- Every address of every contact, so any of them names the contact and none is shared.
          CREATE TABLE contact_email (
            email TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE
          ) WITHOUT ROWID;
          INSERT INTO contact_email (email, contact_id) SELECT email, id FROM contact;
          CREATE INDEX contact_email_contact ON contact_email(contact_id);

          CREATE TABLE membership (
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('head', 'focal-point', 'member')),
            since TEXT,
            until TEXT,
            PRIMARY KEY (contact_id, organisation_id)
          );
          CREATE INDEX membership_organisation ON membership(organisation_id);
          INSERT INTO membership (contact_id, organisation_id, position)
            SELECT id, organisation_id, 0 FROM contact WHERE organisation_id IS NOT NULL;

          CREATE TABLE change_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at DATETIME NOT NULL,
            actor TEXT NOT NULL,
            entity TEXT NOT NULL CHECK (entity IN ('organisation', 'contact', 'group')),
            entity_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('added', 'changed', 'removed', 'merged')),
            summary TEXT NOT NULL
          );
          CREATE INDEX change_log_entity ON change_log(entity, entity_id);

          CREATE TABLE contact_group (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            description TEXT,
            query TEXT
          );
          CREATE TABLE group_member (
            group_id INTEGER NOT NULL REFERENCES contact_group(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            contact_id INTEGER REFERENCES contact(id) ON DELETE CASCADE,
            organisation_id INTEGER REFERENCES organisation(id) ON DELETE CASCADE,
            CHECK ((contact_id IS NULL) <> (organisation_id IS NULL))
          );
          CREATE UNIQUE INDEX group_member_contact ON group_member(group_id, contact_id)
            WHERE contact_id IS NOT NULL;
          CREATE UNIQUE INDEX group_member_organisation ON group_member(group_id, organisation_id)
            WHERE organisation_id IS NOT NULL;

          CREATE TABLE vocabulary_term (
            category TEXT NOT NULL CHECK (category IN ('kind', 'service')),
            term TEXT NOT NULL,
            PRIMARY KEY (category, term)
          ) WITHOUT ROWID;

          -- The search index: names, details (emails, phones, positions, organisations) and facet
          -- tokens (k_ kind, s_ service, t_ tag, p_ province, r_ regency, o_ organisation, n_national)
          -- that make filters part of the full-text query.
          CREATE VIRTUAL TABLE directory_search USING fts5(
            entity UNINDEXED, entity_id UNINDEXED, names, details, facets,
            tokenize = "unicode61 remove_diacritics 2 tokenchars '_'", prefix = '2 3'
          );
          -- Indexed words of five letters or more and their one-letter deletions: typo candidates.
          CREATE TABLE search_word (word TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
          CREATE TABLE search_word_deletion (
            variant TEXT NOT NULL,
            word TEXT NOT NULL,
            PRIMARY KEY (variant, word)
          ) WITHOUT ROWID;
          """)
      // Every membership is created undated just above, so no day is ever consulted: the
      // index is the same whatever the clock says.
      try DirectoryIndex.rebuild(
        db, today: Today(clock: FixedClock(Date(timeIntervalSince1970: 0)), timeZone: .gmt))
    }
    migrator.registerMigration("v3: series, occurrences, overrides, replies, room details") { db in
      try db.execute(
        sql: """
          ALTER TABLE room ADD COLUMN building TEXT;
          ALTER TABLE room ADD COLUMN floor TEXT;
          ALTER TABLE room ADD COLUMN facilities TEXT NOT NULL DEFAULT '[]';

          -- A series: the RRULE value, RDATE and EXDATE instants (JSON arrays of Unix seconds), the
          -- holiday policy, and how far ahead its occurrences are planned.
          ALTER TABLE meeting ADD COLUMN rrule TEXT;
          ALTER TABLE meeting ADD COLUMN rdates TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE meeting ADD COLUMN exdates TEXT NOT NULL DEFAULT '[]';
          ALTER TABLE meeting ADD COLUMN on_holiday TEXT
            CHECK (on_holiday IN ('skip', 'next-workday', 'previous-workday'));
          ALTER TABLE meeting ADD COLUMN planned_through DATETIME;
          ALTER TABLE meeting ADD COLUMN reminder_recipients TEXT NOT NULL DEFAULT 'not-declined'
            CHECK (reminder_recipients IN ('all', 'not-declined', 'organiser'));
          ALTER TABLE meeting ADD COLUMN reminder_channel TEXT NOT NULL DEFAULT 'both'
            CHECK (reminder_channel IN ('email', 'webhook', 'both'));

          -- One occurrence changed on its own (iCalendar RECURRENCE-ID).
          CREATE TABLE meeting_override (
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            recurrence_id DATETIME NOT NULL,
            start_at DATETIME NOT NULL,
            end_at DATETIME NOT NULL,
            title TEXT,
            location TEXT,
            room_id INTEGER REFERENCES room(id) ON DELETE RESTRICT,
            sequence INTEGER NOT NULL,
            PRIMARY KEY (meeting_id, recurrence_id),
            CHECK (end_at > start_at)
          ) WITHOUT ROWID;

          -- Every planned occurrence of every confirmed meeting (a one-off has one): derived from
          -- meeting and meeting_override, kept so that room conflicts, reminders and agendas are
          -- index look-ups.
          CREATE TABLE occurrence (
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            recurrence_id DATETIME NOT NULL,
            start_at DATETIME NOT NULL,
            end_at DATETIME NOT NULL,
            room_id INTEGER REFERENCES room(id) ON DELETE RESTRICT,
            PRIMARY KEY (meeting_id, recurrence_id),
            CHECK (end_at > start_at)
          ) WITHOUT ROWID;
          CREATE INDEX occurrence_room_time ON occurrence(room_id, start_at)
            WHERE room_id IS NOT NULL;
          CREATE INDEX occurrence_time ON occurrence(start_at);
          INSERT INTO occurrence (meeting_id, recurrence_id, start_at, end_at, room_id)
            SELECT id, start_at, start_at, end_at, room_id FROM meeting WHERE status = 'confirmed';
          UPDATE meeting SET planned_through = end_at;
          -- Cron asks on every run which series need planning further: only series are indexed.
          CREATE INDEX meeting_planned ON meeting(planned_through)
            WHERE status = 'confirmed' AND (rrule IS NOT NULL OR rdates <> '[]');

          -- Facts about the data as a whole, e.g. which holiday data the plans were made with.
          CREATE TABLE setting (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

          -- An answer for one occurrence of a series (the series' answer is attendee.participation).
          CREATE TABLE occurrence_reply (
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            recurrence_id DATETIME NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            participation TEXT NOT NULL,
            PRIMARY KEY (meeting_id, recurrence_id, contact_id)
          ) WITHOUT ROWID;

          -- Where events go besides mail: webhooks (Slack, Mattermost, Discord, Telegram, ntfy, JSON).
          -- The secret is never stored: only the name of the environment variable that holds it.
          CREATE TABLE channel (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            url TEXT NOT NULL,
            preset TEXT NOT NULL DEFAULT 'json',
            secret_env TEXT,
            events TEXT NOT NULL DEFAULT '[]',
            created_at DATETIME NOT NULL
          );

          -- The outbox learns 'cancelled' (withdrawn before delivery: its meeting or occurrence was
          -- cancelled or moved), which occurrence a message is about, and webhooks.
          CREATE TABLE outbox_message_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            dedupe_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
            occurrence_at DATETIME,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            message_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            -- The message itself lives in outbox_body: written once, while this row changes state
            -- several times (claimed, renewed, sent) and must stay small.
            route TEXT NOT NULL CHECK (route IN ('smtp', 'file', 'webhook')),
            -- For route 'webhook': the channel it goes to.
            channel_id INTEGER REFERENCES channel(id) ON DELETE SET NULL,
            state TEXT NOT NULL DEFAULT 'queued'
              CHECK (state IN ('queued', 'sending', 'sent', 'dead', 'cancelled')),
            claim_token TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            receipt TEXT,
            created_at DATETIME NOT NULL,
            next_attempt_at DATETIME NOT NULL,
            sent_at DATETIME
          );
          INSERT INTO outbox_message_v3 (id, dedupe_key, kind, meeting_id, contact_id, sender,
              recipient, message_id, subject, route, state, claim_token, attempts,
              last_error, receipt, created_at, next_attempt_at, sent_at)
            SELECT id, dedupe_key, kind, meeting_id, contact_id, sender, recipient, message_id,
              subject, route, state, claim_token, attempts, last_error, receipt,
              created_at, next_attempt_at, sent_at FROM outbox_message;
          CREATE TABLE outbox_body (
            message_id INTEGER PRIMARY KEY REFERENCES outbox_message_v3(id) ON DELETE CASCADE,
            content TEXT NOT NULL
          );
          INSERT INTO outbox_body (message_id, content) SELECT id, content FROM outbox_message;
          DROP TABLE outbox_message;
          ALTER TABLE outbox_message_v3 RENAME TO outbox_message;
          CREATE INDEX outbox_due ON outbox_message(route, state, next_attempt_at);
          CREATE INDEX outbox_meeting ON outbox_message(meeting_id, occurrence_at);
          """)
    }
    migrator.registerMigration("v4: reminder offsets indexed, channel language") { db in
      // Every cron run asks for the longest offset: an index lookup, not a scan of all reminders.
      try db.execute(
        sql: """
          CREATE INDEX reminder_offset ON reminder(offset_seconds);
          -- The language of a chat channel's text (webhook.EVENT.LANG templates).
          ALTER TABLE channel ADD COLUMN language TEXT NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en'));
          """)
    }
    migrator.registerMigration("v5: outbox records kept after purge, shared send rate, guest lists")
    { db in
      try db.execute(
        sql: """
          -- `outbox purge` drops a message's contents (outbox_body) and stamps the row, which stays
          -- as the record that the message was sent: its dedupe key keeps cron from sending it again.
          ALTER TABLE outbox_message ADD COLUMN purged_at DATETIME;
          -- [smtp] rate_limit for every process sharing the database: the next moment a message may
          -- go to each destination (Unix seconds), reserved one message at a time.
          CREATE TABLE send_window (
            destination TEXT PRIMARY KEY,
            next_at REAL NOT NULL
          ) WITHOUT ROWID;
          -- Whether invitations list every attendee ('visible') or only their recipient ('hidden');
          -- NULL: the configuration decides at each sending ([invitations] guest_list).
          ALTER TABLE meeting ADD COLUMN guest_list TEXT CHECK (guest_list IN ('visible', 'hidden'));
          """)
    }
    migrator.registerMigration("v6: a webhook message's recipient is its channel's name") { db in
      // Webhook messages named their channel as a made-up address (`tim@webhook.invalid`); the
      // message's destination is now a channel, kept as its name beside `channel_id`.
      try db.execute(
        sql: """
          UPDATE outbox_message
          SET recipient = substr(recipient, 1, length(recipient) - length('@webhook.invalid'))
          WHERE route = 'webhook' AND recipient LIKE '%@webhook.invalid'
          """)
    }
    migrator.registerMigration(
      "v7: web access: grants, sign-in links, sessions, calendar feeds, access log"
    ) { db in
      try db.execute(
        sql: """
          -- Who may sign in to `pokja serve`. Revoking keeps the row, so the log can still say who
          -- had access when.
          CREATE TABLE access_grant (
            contact_id INTEGER PRIMARY KEY REFERENCES contact(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('member', 'secretary')),
            granted_at DATETIME NOT NULL,
            granted_by TEXT NOT NULL,
            revoked_at DATETIME,
            revoked_by TEXT
          );

          -- Single-use sign-in links and signed-in browsers: only the SHA-256 of each secret is
          -- kept, the secret itself exists only in the mail or the cookie.
          CREATE TABLE sign_in_link (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            secret_hash TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            expires_at DATETIME NOT NULL,
            used_at DATETIME
          );
          CREATE INDEX sign_in_link_contact ON sign_in_link(contact_id);
          CREATE TABLE web_session (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            secret_hash TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            expires_at DATETIME NOT NULL,
            last_seen_at DATETIME NOT NULL,
            ended_at DATETIME
          );
          CREATE INDEX web_session_contact ON web_session(contact_id);

          -- Subscribable calendars of one contact or one group; the URL's token is signed with
          -- the web key over the ID and the nonce.
          CREATE TABLE calendar_feed (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            contact_id INTEGER REFERENCES contact(id) ON DELETE CASCADE,
            group_id INTEGER REFERENCES contact_group(id) ON DELETE CASCADE,
            nonce TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            created_by TEXT NOT NULL,
            revoked_at DATETIME,
            CHECK ((contact_id IS NULL) <> (group_id IS NULL))
          );
          CREATE INDEX calendar_feed_contact ON calendar_feed(contact_id);
          CREATE INDEX calendar_feed_group ON calendar_feed(group_id);

          -- The access log: kept when its contact is removed (then without the contact).
          CREATE TABLE access_event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at DATETIME NOT NULL,
            kind TEXT NOT NULL,
            contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
            address TEXT,
            detail TEXT
          );
          CREATE INDEX access_event_contact ON access_event(contact_id, id);
          CREATE INDEX access_event_at ON access_event(at);
          """)
    }
    migrator.registerMigration(
      "v8: the inbox: messages read from the secretariat's mailbox"
    ) { db in
      try db.execute(
        sql: """
          -- One row per message `pokja inbox fetch` read: its folder's UIDVALIDITY and UID make it
          -- read once, its Message-ID keeps a message moved back from being applied twice. The
          -- items are a JSON array (InboxEntry.encodeItems).
          CREATE TABLE inbox_entry (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mailbox TEXT NOT NULL,
            uid_validity INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            message_id TEXT,
            sender TEXT,
            subject TEXT,
            sent_at DATETIME,
            processed_at DATETIME NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('answered', 'counter', 'unmatched', 'malformed',
              'ignored', 'duplicate', 'stale')),
            problem TEXT,
            items TEXT NOT NULL,
            filed_in TEXT,
            filed_at DATETIME,
            dismissed_at DATETIME,
            dismissed_by TEXT,
            UNIQUE (mailbox, uid_validity, uid)
          );
          CREATE INDEX inbox_entry_message ON inbox_entry(message_id);
          CREATE INDEX inbox_entry_status ON inbox_entry(status, dismissed_at);
          """)
    }
    migrator.registerMigration("v9: programmes: a meeting's sessions and who is in which role") {
      db in
      try db.execute(
        sql: """
          -- A session of a meeting (the opening, a panel); room_id names a hall or breakout room
          -- of `room`, place is free text.
          CREATE TABLE meeting_session (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            start_at DATETIME NOT NULL,
            end_at DATETIME NOT NULL,
            room_id INTEGER REFERENCES room(id) ON DELETE SET NULL,
            place TEXT,
            description TEXT,
            CHECK (end_at > start_at)
          );
          CREATE INDEX meeting_session_meeting ON meeting_session(meeting_id, start_at);
          -- Who is in which role: a contact of the directory, or a guest named on the spot.
          CREATE TABLE session_person (
            session_id INTEGER NOT NULL REFERENCES meeting_session(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('chair', 'moderator', 'speaker', 'panellist',
              'rapporteur')),
            contact_id INTEGER REFERENCES contact(id) ON DELETE RESTRICT,
            guest_name TEXT,
            guest_organisation TEXT,
            guest_email TEXT,
            PRIMARY KEY (session_id, position),
            CHECK ((contact_id IS NULL) <> (guest_name IS NULL))
          );
          CREATE INDEX session_person_contact ON session_person(contact_id);
          """)
    }
    migrator.registerMigration("v10: invitation lists agreed before they are sent") { db in
      try db.execute(
        sql: """
          -- Each version of a meeting's proposed invitation list (entries: a JSON array of
          -- contacts, organisations and groups), who made it, its limits and its approval.
          CREATE TABLE invitation_list_version (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            entries TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            created_by TEXT NOT NULL,
            note TEXT,
            approver TEXT,
            max_per_organisation INTEGER,
            max_per_province INTEGER,
            approved_at DATETIME,
            approved_by TEXT,
            UNIQUE (meeting_id, number)
          );
          -- Members' comments and objections, on the version they saw.
          CREATE TABLE invitation_list_comment (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            at DATETIME NOT NULL,
            author TEXT NOT NULL,
            objection INTEGER NOT NULL,
            entry TEXT,
            text TEXT NOT NULL
          );
          CREATE INDEX invitation_list_comment_meeting ON invitation_list_comment(meeting_id, id);
          """)
    }
    migrator.registerMigration("v11: attendance: who came to which occurrence") { db in
      try db.execute(
        sql: """
          -- One check-in per person and occurrence (its original start); walk_in: came without
          -- an invitation. A contact removed from the directory takes their check-ins along.
          CREATE TABLE attendance (
            meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
            occurrence DATETIME NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('present', 'late', 'proxy')),
            proxy_name TEXT,
            checked_in_at DATETIME NOT NULL,
            checked_in_by TEXT NOT NULL,
            walk_in INTEGER NOT NULL,
            PRIMARY KEY (meeting_id, occurrence, contact_id)
          );
          CREATE INDEX attendance_occurrence ON attendance(occurrence);
          CREATE INDEX attendance_contact ON attendance(contact_id);
          """)
    }
    migrator.registerMigration("v12: kelompok and the work plan") { db in
      try db.execute(
        sql: """
          -- A group can be a kelompok (sub-group) of the working group, numbered, with a
          -- coordinator.
          ALTER TABLE contact_group ADD COLUMN kelompok INTEGER;
          ALTER TABLE contact_group ADD COLUMN coordinator_id INTEGER
            REFERENCES contact(id) ON DELETE SET NULL;
          CREATE UNIQUE INDEX contact_group_kelompok ON contact_group(kelompok)
            WHERE kelompok IS NOT NULL;
          -- The work plan: what the group decided to do, by whom, by when.
          CREATE TABLE plan_item (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            description TEXT,
            group_id INTEGER REFERENCES contact_group(id) ON DELETE SET NULL,
            owner_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
            due TEXT,
            status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done', 'dropped')),
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            updated_by TEXT NOT NULL
          );
          CREATE INDEX plan_item_due ON plan_item(status, due);
          CREATE INDEX plan_item_group ON plan_item(group_id);
          """)
    }
    migrator.registerMigration("v13: documents kept once by their content") { db in
      try db.execute(
        sql: """
          -- Each file once, by the SHA-256 of its bytes (64 hex digits); the bytes in base64, so
          -- `db copy` and exports move them as text.
          CREATE TABLE document (
            digest TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            content TEXT NOT NULL
          );
          -- Which meeting or work-plan item has which file, under which name, added by whom.
          CREATE TABLE document_link (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            digest TEXT NOT NULL REFERENCES document(digest) ON DELETE RESTRICT,
            meeting_id INTEGER REFERENCES meeting(id) ON DELETE CASCADE,
            plan_item_id INTEGER REFERENCES plan_item(id) ON DELETE CASCADE,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at DATETIME NOT NULL,
            CHECK ((meeting_id IS NULL) <> (plan_item_id IS NULL)),
            UNIQUE (meeting_id, filename),
            UNIQUE (plan_item_id, filename),
            UNIQUE (meeting_id, digest),
            UNIQUE (plan_item_id, digest)
          );
          CREATE INDEX document_link_digest ON document_link(digest);
          """)
    }
    return migrator
  }
}
