"""Schema version 2 of the history database: plain numbers, metadata, plans, and views.

Version 1 kept each score as an exact fraction in text (`'326/15'`), which
SQL reads as its numerator. Version 2 stores every score and total as a REAL
number in the column people query (`total`, `score`), keeps the exact value
beside it (`total_exact`, `score_exact`), adds the audits' metadata and the
action plans, and offers one view per concept for the sqlite3 shell, DuckDB or
a BI tool. The upgrade runs in one transaction with the new `user_version`:
every record is copied, nothing is dropped before its copy exists.

The tables and views are the documented, stable interface (see docs/history.md).
"""

from __future__ import annotations


def _real(column: str) -> str:
    """SQL for the number of an exact fraction written as text ('326/15', '21', '-7/3').

    Numerator and denominator are whole numbers well within a double's exact
    range, so one IEEE division gives the correctly rounded value, the same as
    Python's float(Fraction(text)).
    """
    slash = f"instr({column}, '/')"
    return (
        f"CASE WHEN {slash} > 0 THEN "
        f"CAST(substr({column}, 1, {slash} - 1) AS REAL) / "
        f"CAST(substr({column}, {slash} + 1) AS REAL) "
        f"ELSE CAST({column} AS REAL) END"
    )


AUDIT_TABLE = """CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    respondent TEXT NOT NULL CHECK (respondent <> ''),
    respondent_key TEXT NOT NULL,
    date TEXT NOT NULL,
    date_assumed INTEGER NOT NULL DEFAULT 0,
    questionnaire TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    answers TEXT NOT NULL,
    total REAL NOT NULL,
    total_exact TEXT NOT NULL,
    total_rounded REAL NOT NULL,
    band TEXT NOT NULL,
    scale_low INTEGER NOT NULL,
    scale_high INTEGER NOT NULL,
    source TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (respondent_key, date, questionnaire, fingerprint, answers)
)"""

SECTION_TABLE = """CREATE TABLE section_score (
    audit_id INTEGER NOT NULL REFERENCES audit (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    section TEXT NOT NULL,
    score REAL NOT NULL,
    score_exact TEXT NOT NULL,
    score_rounded REAL NOT NULL,
    PRIMARY KEY (audit_id, position)
) WITHOUT ROWID"""

VIEWS: tuple[str, ...] = (
    # One row per audit, the numbers as numbers.
    """CREATE VIEW audits AS
       SELECT id, respondent, respondent_key, date, questionnaire, total, band, source,
              recorded_at
       FROM audit""",
    # One row per section of each audit.
    """CREATE VIEW section_scores AS
       SELECT a.id AS audit_id, a.respondent, a.respondent_key, a.date, a.questionnaire,
              s.position, s.section, s.score
       FROM section_score s JOIN audit a ON a.id = s.audit_id""",
    # One row per metadata field of each audit (team, region, any CSV column).
    """CREATE VIEW metadata AS
       SELECT a.id AS audit_id, a.respondent, a.date, a.questionnaire, m.name, m.value
       FROM audit_metadata m JOIN audit a ON a.id = m.audit_id""",
    # One row per respondent and questionnaire: how many audits, first and last, the trend.
    """CREATE VIEW respondents AS
       SELECT a.respondent_key,
              (SELECT b.respondent FROM audit b
               WHERE b.respondent_key = a.respondent_key AND b.questionnaire = a.questionnaire
               ORDER BY b.date DESC, b.id DESC LIMIT 1) AS respondent,
              a.questionnaire,
              count(*) AS audits,
              min(a.date) AS first_date,
              max(a.date) AS last_date,
              (SELECT b.total FROM audit b
               WHERE b.respondent_key = a.respondent_key AND b.questionnaire = a.questionnaire
               ORDER BY b.date ASC, b.id ASC LIMIT 1) AS first_total,
              (SELECT b.total FROM audit b
               WHERE b.respondent_key = a.respondent_key AND b.questionnaire = a.questionnaire
               ORDER BY b.date DESC, b.id DESC LIMIT 1) AS last_total,
              avg(a.total) AS mean_total
       FROM audit a
       GROUP BY a.respondent_key, a.questionnaire""",
    # One row per planned section: the target, and the score reached at the first later audit.
    """CREATE VIEW plan_followup AS
       SELECT p.id AS plan_id, p.respondent, p.questionnaire, p.audit_id, p.audit_date,
              p.created, t.section, t.score AS planned_from, t.target_score,
              f.id AS followed_by, f.date AS followed_on, s.score AS reached,
              CASE WHEN s.score IS NULL THEN NULL
                   WHEN s.score >= t.target_score - 1e-9 THEN 1 ELSE 0 END AS met
       FROM action_plan p
       JOIN plan_target t ON t.plan_id = p.id
       LEFT JOIN audit f ON f.id = (
           SELECT b.id FROM audit b
           WHERE b.respondent_key = p.respondent_key AND b.questionnaire = p.questionnaire
             AND b.date > p.audit_date
           ORDER BY b.date, b.id LIMIT 1)
       LEFT JOIN section_score s ON s.audit_id = f.id AND s.section = t.section""",
)

#: Upgrades a version-1 database to version 2 (run in one transaction).
MIGRATION_2: tuple[str, ...] = (
    "ALTER TABLE audit RENAME TO audit_v1",
    "ALTER TABLE section_score RENAME TO section_score_v1",
    "DROP INDEX audit_by_respondent",
    AUDIT_TABLE,
    f"""INSERT INTO audit (id, respondent, respondent_key, date, date_assumed, questionnaire,
           fingerprint, answers, total, total_exact, total_rounded, band, scale_low,
           scale_high, source, recorded_at)
       SELECT id, respondent, respondent_key, date, date_assumed, questionnaire, fingerprint,
           answers, {_real("total")}, total, total_rounded, band, scale_low, scale_high,
           source, recorded_at
       FROM audit_v1""",
    "CREATE INDEX audit_by_respondent ON audit (respondent_key, questionnaire, date, id)",
    SECTION_TABLE,
    f"""INSERT INTO section_score (audit_id, position, section, score, score_exact,
           score_rounded)
       SELECT audit_id, position, section, {_real("score")}, score, score_rounded
       FROM section_score_v1""",
    "DROP TABLE section_score_v1",
    "DROP TABLE audit_v1",
    """CREATE TABLE audit_metadata (
        audit_id INTEGER NOT NULL REFERENCES audit (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (audit_id, name)
    )""",
    "CREATE INDEX audit_metadata_by_name ON audit_metadata (name, value)",
    """CREATE TABLE action_plan (
        id INTEGER PRIMARY KEY,
        audit_id INTEGER REFERENCES audit (id) ON DELETE SET NULL,
        respondent TEXT NOT NULL,
        respondent_key TEXT NOT NULL,
        questionnaire TEXT NOT NULL,
        audit_date TEXT NOT NULL,
        created TEXT NOT NULL,
        next_audit TEXT,
        file TEXT NOT NULL,
        plan TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )""",
    "CREATE INDEX action_plan_by_respondent ON action_plan (respondent_key, questionnaire)",
    """CREATE TABLE plan_target (
        plan_id INTEGER NOT NULL REFERENCES action_plan (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        section TEXT NOT NULL,
        score REAL NOT NULL,
        target_score REAL NOT NULL,
        PRIMARY KEY (plan_id, position)
    ) WITHOUT ROWID""",
    *VIEWS,
)

#: The tables a version-2 database must have.
TABLES_2 = ("audit", "section_score", "audit_metadata", "action_plan", "plan_target")
