/**
 * Forward-only schema migrations. Migration i (0-based) brings a catalogue from schema
 * version i to i + 1; `PRAGMA user_version` records the version reached. Never edit a
 * migration that has shipped: append a new one.
 */
export const migrations: readonly string[] = [
  // 1: a project exists.
  `CREATE TABLE survey (
     id          INTEGER PRIMARY KEY CHECK (id = 1),
     name        TEXT NOT NULL,
     created_at  TEXT NOT NULL,
     notes       TEXT NOT NULL DEFAULT ''
   );`,

  // 2: the survey's data: imported files, stations, shots, traces, picks and their history,
  // models, training runs and jobs. Positions are metres, times seconds after the shot.
  `CREATE TABLE raw_files (
     id             INTEGER PRIMARY KEY,
     sha256         TEXT NOT NULL UNIQUE,
     original_name  TEXT NOT NULL,
     original_path  TEXT NOT NULL,
     stored_name    TEXT NOT NULL,
     format         TEXT NOT NULL,
     size_bytes     INTEGER NOT NULL,
     read_options   TEXT NOT NULL DEFAULT '{}',
     notes          TEXT NOT NULL DEFAULT '[]',
     imported_at    TEXT NOT NULL
   );

   CREATE TABLE stations (
     id         INTEGER PRIMARY KEY,
     x          REAL NOT NULL,
     y          REAL NOT NULL,
     z          REAL NOT NULL,
     component  TEXT NOT NULL DEFAULT '',
     UNIQUE (x, y, z, component)
   );

   CREATE TABLE shots (
     id            INTEGER PRIMARY KEY,
     raw_file_id   INTEGER NOT NULL REFERENCES raw_files(id),
     record_index  INTEGER NOT NULL,
     record_id     TEXT NOT NULL,
     source_x      REAL,
     source_y      REAL,
     source_z      REAL,
     source_from   TEXT NOT NULL CHECK (source_from IN ('header', 'override', 'none')),
     start_date    TEXT,
     delay_rule    TEXT,
     headers       TEXT NOT NULL DEFAULT '{}',
     qc_status     TEXT NOT NULL DEFAULT 'unchecked'
                   CHECK (qc_status IN ('unchecked', 'accepted', 'needs-work')),
     UNIQUE (raw_file_id, record_index)
   );
   CREATE INDEX shots_raw_file ON shots(raw_file_id);

   -- trace_index is the 0-based index of the trace in its file (as in the picks CSV).
   CREATE TABLE traces (
     id               INTEGER PRIMARY KEY,
     shot_id          INTEGER NOT NULL REFERENCES shots(id),
     station_id       INTEGER REFERENCES stations(id),
     trace_index      INTEGER NOT NULL,
     channel          INTEGER NOT NULL,
     component        TEXT NOT NULL,
     sample_interval  REAL NOT NULL CHECK (sample_interval > 0),
     sample_count     INTEGER NOT NULL CHECK (sample_count >= 0),
     start_time       REAL NOT NULL,
     receiver_x       REAL,
     receiver_y       REAL,
     receiver_z       REAL,
     receiver_from    TEXT NOT NULL CHECK (receiver_from IN ('header', 'override', 'none')),
     status           TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'dead', 'reversed')),
     headers          TEXT NOT NULL DEFAULT '{}',
     UNIQUE (shot_id, trace_index)
   );
   CREATE INDEX traces_station ON traces(station_id);

   -- Samples live apart so that listing traces never reads them.
   CREATE TABLE trace_samples (
     trace_id  INTEGER PRIMARY KEY REFERENCES traces(id),
     samples   BLOB NOT NULL
   );

   CREATE TABLE models (
     id              INTEGER PRIMARY KEY,
     name            TEXT NOT NULL UNIQUE,
     architecture    TEXT NOT NULL,
     sample_rate     REAL NOT NULL,
     input_channels  INTEGER NOT NULL,
     weights_path    TEXT NOT NULL,
     provenance      TEXT NOT NULL DEFAULT '{}',
     metrics         TEXT NOT NULL DEFAULT '{}',
     is_default      INTEGER NOT NULL DEFAULT 0,
     created_at      TEXT NOT NULL
   );

   CREATE TABLE picks (
     id           INTEGER PRIMARY KEY,
     trace_id     INTEGER NOT NULL REFERENCES traces(id),
     phase        TEXT NOT NULL CHECK (phase IN ('P', 'S')),
     time         REAL NOT NULL,
     probability  REAL,
     uncertainty  REAL,
     origin       TEXT NOT NULL CHECK (origin IN ('auto', 'manual', 'pseudo', 'imported')),
     method       TEXT NOT NULL DEFAULT '',
     model_id     INTEGER REFERENCES models(id),
     status       TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
     deleted      INTEGER NOT NULL DEFAULT 0,
     created_at   TEXT NOT NULL,
     updated_at   TEXT NOT NULL
   );
   -- Picks of a shot and of a station go through traces; all picks of a phase (the travel-time
   -- view) are half the table, which a scan reads as fast as an index would, so phase has none.
   CREATE INDEX picks_trace ON picks(trace_id, phase) WHERE deleted = 0;

   -- Every change to a pick; a user action's changes share an edit group, so undo and redo
   -- work per action and survive a restart.
   CREATE TABLE pick_history (
     id          INTEGER PRIMARY KEY,
     pick_id     INTEGER NOT NULL REFERENCES picks(id),
     edit_group  INTEGER NOT NULL,
     action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
     before      TEXT,
     after       TEXT,
     at          TEXT NOT NULL,
     undone      INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX pick_history_group ON pick_history(edit_group);
   CREATE INDEX pick_history_pick ON pick_history(pick_id);

   CREATE TABLE training_runs (
     id          INTEGER PRIMARY KEY,
     model_id    INTEGER REFERENCES models(id),
     config      TEXT NOT NULL,
     epochs      TEXT NOT NULL DEFAULT '[]',
     metrics     TEXT NOT NULL DEFAULT '{}',
     state       TEXT NOT NULL,
     started_at  TEXT NOT NULL,
     ended_at    TEXT
   );

   CREATE TABLE jobs (
     id          TEXT PRIMARY KEY,
     kind        TEXT NOT NULL,
     state       TEXT NOT NULL,
     progress    REAL NOT NULL,
     message     TEXT NOT NULL,
     error       TEXT,
     result      TEXT,
     started_at  TEXT NOT NULL,
     ended_at    TEXT
   );`,

  // 3: an action's new picks are recorded as id ranges, not one history row per pick: a run
  // over a line writes a million picks, and a million history rows (with their two indexes)
  // took more time than the picks themselves. Creations already logged move over as ranges
  // of one; pick_history keeps updates and deletions.
  `CREATE TABLE pick_creations (
     id          INTEGER PRIMARY KEY,
     edit_group  INTEGER NOT NULL,
     first_id    INTEGER NOT NULL,
     last_id     INTEGER NOT NULL,
     at          TEXT NOT NULL,
     undone      INTEGER NOT NULL DEFAULT 0,
     CHECK (first_id <= last_id)
   );
   CREATE INDEX pick_creations_group ON pick_creations(edit_group);
   INSERT INTO pick_creations (edit_group, first_id, last_id, at, undone)
     SELECT edit_group, pick_id, pick_id, at, undone FROM pick_history WHERE action = 'create'
     ORDER BY id;
   DELETE FROM pick_history WHERE action = 'create';`,

  // 4: how each shot's time base was decided (picking/time-base.ts: the reading of the timing
  // header, the first breaks that chose it, a warning when none fits), as JSON; NULL for shots
  // imported before, whose delay_rule says what was applied.
  `ALTER TABLE shots ADD COLUMN time_base TEXT;`,

  // 5: what a project remembers besides its data: settings (display, picking, travel times;
  // one JSON object per group, see api/project-settings.ts), and the refraction branch
  // (layer) of each trace's picks of a phase, which the travel-time view assigns. A layer
  // belongs to the trace and phase, not to one pick, so moving a pick keeps it.
  `CREATE TABLE project_settings (
     key         TEXT PRIMARY KEY,
     value       TEXT NOT NULL,
     updated_at  TEXT NOT NULL
   );
   CREATE TABLE pick_layers (
     trace_id  INTEGER NOT NULL REFERENCES traces(id),
     phase     TEXT NOT NULL CHECK (phase IN ('P', 'S')),
     layer     INTEGER NOT NULL CHECK (layer BETWEEN 1 AND 9),
     PRIMARY KEY (trace_id, phase)
   );`,

  // 6: velocity sections inverted from the picks (services/section-service.ts): the request,
  // its fit and the whole result as JSON (grids of a few thousand cells). Derived data: a
  // section is never edited, only made again.
  `CREATE TABLE sections (
     id          INTEGER PRIMARY KEY,
     phase       TEXT NOT NULL CHECK (phase IN ('P', 'S')),
     method      TEXT NOT NULL,
     created_at  TEXT NOT NULL,
     picks       INTEGER NOT NULL,
     shots       INTEGER NOT NULL,
     rms         REAL NOT NULL,
     chi2        REAL NOT NULL,
     partial     INTEGER NOT NULL,
     request     TEXT NOT NULL,
     result      TEXT NOT NULL
   );`,

  // 7: what each shot's line records (picking/line-type.ts): 'P', 'S' (SH source, horizontal
  // geophones: the first break is S) or '3C'. Shots imported before were P lines or 3C lines
  // picked as such; they read as P until a person says otherwise.
  `ALTER TABLE shots ADD COLUMN line_type TEXT NOT NULL DEFAULT 'P';`,
];

export const CURRENT_SCHEMA_VERSION = migrations.length;
