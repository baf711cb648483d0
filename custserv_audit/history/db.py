"""The history database: every recorded audit in one SQLite file, no server to run.

Trust comes first. The file is marked as ours (`PRAGMA application_id`) and
versioned (`PRAGMA user_version`, upgraded by the migrations below); a file
that is not ours, is damaged, or was written by a newer version is refused
with a clear error and never touched. Every write is one transaction
(`BEGIN IMMEDIATE` … `COMMIT`) in WAL mode with a busy timeout, so two
programs writing at once wait for each other, and an interrupted write
leaves no half record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..i18n import _, ngettext
from ..model import Answers, Questionnaire, Result
from ..plan.model import Plan
from ..scoring import rounded
from ..sources import unreadable
from .schema import MIGRATION_2, TABLES_2

#: Marks the file as a custserv-audit history ("CSAU" in ASCII).
APPLICATION_ID = 0x43534155
#: The schema version this program writes; a newer file is refused.
SCHEMA_VERSION = 2
#: The environment variable that names the database (`--db` overrides it).
ENV_VAR = "CUSTSERV_AUDIT_DB"
#: How long a writer waits for another one before giving up (milliseconds).
BUSY_TIMEOUT_MS = 30_000
_IDS_PER_QUERY = 500  # far below any SQLite build's limit of variables in one statement
#: The format name of `history --format json` (a backup that `history import` reads).
BACKUP_FORMAT = "custserv-audit-history"
#: The version of that format (independent of the database schema).
BACKUP_VERSION = 1

_SQLITE_HEADER = b"SQLite format 3\x00"
#: Recorded fields that `history --where FIELD=VALUE` compares directly.
WHERE_FIELDS = ("date", "questionnaire", "band", "source")
# The tables each schema version must have (index: the version).
_TABLES: tuple[tuple[str, ...], ...] = ((), ("audit", "section_score"), TABLES_2)

# MIGRATIONS[n] upgrades a database from version n to n + 1; each runs in one
# transaction together with the new `user_version`, so an upgrade is all or nothing.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            respondent TEXT NOT NULL CHECK (respondent <> ''),
            respondent_key TEXT NOT NULL,
            date TEXT NOT NULL,
            date_assumed INTEGER NOT NULL DEFAULT 0,
            questionnaire TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            answers TEXT NOT NULL,
            total TEXT NOT NULL,
            total_rounded REAL NOT NULL,
            band TEXT NOT NULL,
            scale_low INTEGER NOT NULL,
            scale_high INTEGER NOT NULL,
            source TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (respondent_key, date, questionnaire, fingerprint, answers)
        )""",
        "CREATE INDEX audit_by_respondent ON audit (respondent_key, questionnaire, date, id)",
        """CREATE TABLE section_score (
            audit_id INTEGER NOT NULL REFERENCES audit (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            section TEXT NOT NULL,
            score TEXT NOT NULL,
            score_rounded REAL NOT NULL,
            PRIMARY KEY (audit_id, position)
        ) WITHOUT ROWID""",
    ),
    MIGRATION_2,
)
assert len(MIGRATIONS) == SCHEMA_VERSION


class HistoryError(InputError):
    """The history database cannot be used; the message names the file and says why."""


@dataclass(frozen=True, kw_only=True)
class NewRecord:
    """An audit to record (from a scored result, or from a backup being imported)."""

    respondent: str
    date: str
    date_assumed: bool
    questionnaire: str
    fingerprint: str
    ratings: Mapping[str, tuple[int, ...]]
    band: str
    scale_low: int
    scale_high: int
    source: str
    recorded_at: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    key: str = ""

    @property
    def respondent_key(self) -> str:
        """How the respondent is matched: the stable key, or the name with case and spacing
        folded."""
        return self.key or respondent_key(self.respondent)

    @cached_property
    def scores(self) -> Mapping[str, Fraction]:
        """Each section's exact mean rating."""
        return {sid: Fraction(sum(r), len(r)) for sid, r in self.ratings.items()}

    @cached_property
    def total(self) -> Fraction:
        """The sum of the section scores."""
        return sum(self.scores.values(), Fraction(0))


@dataclass(frozen=True, kw_only=True)
class Record(NewRecord):
    """One recorded audit: its id in the history, who, when, which questionnaire, every
    answer; its scores are those of its answers (the stored ones are checked to match)."""

    id: int


@dataclass(frozen=True)
class Recorded:
    """What `record` did: the record's id, and whether it was there already."""

    id: int
    already: bool
    record: NewRecord


#: How the key of an unnamed respondent in a table starts (it matches no other audit).
UNNAMED = "unnamed:"


def respondent_key(name: str) -> str:
    """How respondents are matched: 'Example  Oy' and 'example oy' are the same."""
    return " ".join(name.split()).casefold()


def default_path(environ: Mapping[str, str] | None = None) -> Path:
    """`CUSTSERV_AUDIT_DB`, else `history.sqlite3` in the platform's user data folder."""
    env = os.environ if environ is None else environ
    named = env.get(ENV_VAR, "").strip()
    if named:
        return Path(named).expanduser()
    import platformdirs

    return platformdirs.user_data_path("custserv-audit", appauthor=False) / "history.sqlite3"


def resolve_path(db: Path | None) -> Path:
    """`--db` when given, else the default.

    The default's folder is made on first use; the folder of a database given with --db
    must exist (else an error), so a typo never makes a tree of folders.
    """
    if db is None:
        return default_path()
    path = db
    if not path.parent.is_dir():
        raise HistoryError(
            str(path),
            _("the folder {folder} does not exist; create it first, or give another --db").format(
                folder=path.parent
            ),
        )
    return path


def new_record(
    result: Result, today: str | None = None, respondent_column: str | None = None
) -> NewRecord:
    """What to record for a scored result, with its metadata.

    The respondent's stable key is the `respondent_column` metadata field (a CSV
    column, an answer file's `metadata:` field) when given, else the input's own
    key (a mapping file's `key:` column); it is also the name when there is none.
    Without a name or a key, a one-respondent answer file is recorded under its
    file name; a row of a table is an unnamed respondent that no other audit is
    matched to (its row number says nothing about who answered in another wave).
    Answers without a date get today's date, marked as assumed.
    """
    answers = result.answers
    name = " ".join((answers.respondent or "").split())
    key = ""
    value = " ".join((answers.key or "").split())
    if respondent_column:
        value = " ".join(answers.metadata.get(respondent_column, "").split())
    if value:
        key = respondent_key(value)
        name = name or value
    date = answers.date or today or dt.date.today().isoformat()
    if not name and answers.row is not None:
        name = _("unnamed respondent")
        key = respondent_key(f"{UNNAMED}{answers.source}:{answers.row}:{date}")
    elif not name:
        name = Path(answers.source).name if answers.source else "audit"
    q = result.questionnaire
    return NewRecord(
        respondent=name,
        date=date,
        date_assumed=answers.date is None,
        questionnaire=q.id,
        fingerprint=q.fingerprint,
        ratings={s.section.id: tuple(s.ratings) for s in result.sections},
        band=result.band.id,
        scale_low=q.scale.low,
        scale_high=q.scale.high,
        source=answers.source,
        metadata=dict(answers.metadata),
        key=key,
    )


def to_result(record: Record, questionnaire: Questionnaire) -> Result:
    """Re-score a record with the questionnaire it was taken with.

    Refused when the questionnaire's structure (its fingerprint) is not the
    recorded one: the stored answers would be read against other statements.
    """
    from ..scoring import score

    if not questionnaire.is_the_one(record.questionnaire, record.fingerprint):
        raise HistoryError(
            _("history record #{id}").format(id=record.id),
            _(
                "it is an audit of questionnaire {recorded!r} (structure {recorded_fp}), but the "
                "questionnaire in use is {current!r} (structure {current_fp}); give the matching "
                "definition with --questionnaire"
            ).format(
                recorded=record.questionnaire,
                recorded_fp=record.fingerprint,
                current=questionnaire.id,
                current_fp=questionnaire.fingerprint,
            ),
        )
    answers = Answers(
        questionnaire=record.questionnaire,
        ratings=dict(record.ratings),
        respondent=record.respondent,
        date=record.date,
        source=f"#{record.id}",
        key=record.key or None,
    )
    return score(questionnaire, answers)


def record_audit(history: History, result: Result) -> tuple[Recorded, Result | None]:
    """Record a scored audit; also returns the respondent's previous audit, re-scored.

    The previous audit is the latest one of the same questionnaire before this
    one (an earlier date, or the same date recorded earlier).
    """
    recorded = history.record(new_record(result))
    new = recorded.record
    before = history.previous(
        new.respondent,
        new.questionnaire,
        new.fingerprint,
        new.date,
        before_id=recorded.id,
        key=new.respondent_key,
    )
    return recorded, (to_result(before, result.questionnaire) if before is not None else None)


def check_with(new: NewRecord, questionnaire: Questionnaire, source: str, index: int) -> None:
    """An imported audit of the questionnaire in use must score as its backup says."""
    from ..scoring import score

    if not questionnaire.is_the_one(new.questionnaire, new.fingerprint):
        return
    where = f"audits[{index}]"
    for section in questionnaire.sections:
        got = new.ratings.get(section.id)
        if got is None or len(got) != len(section.items):
            raise InputError(
                source,
                ngettext(
                    "{where}.answers: section {section!r} needs {n} rating",
                    "{where}.answers: section {section!r} needs {n} ratings",
                    len(section.items),
                ).format(where=where, section=section.id, n=len(section.items)),
            )
    if set(new.ratings) != {s.id for s in questionnaire.sections}:
        raise InputError(
            source,
            _("{where}.answers: a section is not in {questionnaire!r}").format(
                where=where, questionnaire=questionnaire.id
            ),
        )
    answers = Answers(questionnaire=questionnaire.id, ratings=dict(new.ratings))
    band = score(questionnaire, answers).band.id
    if band != new.band:
        raise InputError(
            source,
            _("{where}.band: {band!r} does not match the answers (they give {expected!r})").format(
                where=where, band=new.band, expected=band
            ),
        )


def _canonical(ratings: Mapping[str, Sequence[int]]) -> str:
    """The answers as compact JSON in section order: the de-duplication key."""
    return json.dumps({sid: list(r) for sid, r in ratings.items()}, separators=(",", ":"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class History:
    """An open history database. Use `open_history`; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (nothing is pending: every write commits itself)."""
        self.conn.close()

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; anything that stops it half-way rolls it all back."""
        with self._errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:  # SQLite may have rolled back already
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc) from None

    def record(self, new: NewRecord) -> Recorded:
        """Record one audit; the same respondent, date, questionnaire and answers once only."""
        with self._transaction() as conn:
            return self._insert(conn, new)

    def record_many(self, records: Sequence[NewRecord]) -> list[Recorded]:
        """Record several audits in one transaction: all of them, or none."""
        with self._transaction() as conn:
            return [self._insert(conn, new) for new in records]

    def _insert(self, conn: sqlite3.Connection, new: NewRecord) -> Recorded:
        answers = _canonical(new.ratings)
        key = new.respondent_key
        total = new.total
        cursor = conn.execute(
            """INSERT INTO audit (respondent, respondent_key, date, date_assumed, questionnaire,
                   fingerprint, answers, total, total_exact, total_rounded, band, scale_low,
                   scale_high, source, recorded_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (respondent_key, date, questionnaire, fingerprint, answers)
               DO NOTHING""",
            (
                new.respondent,
                key,
                new.date,
                int(new.date_assumed),
                new.questionnaire,
                new.fingerprint,
                answers,
                float(total),
                str(total),
                rounded(total),
                new.band,
                new.scale_low,
                new.scale_high,
                new.source,
                new.recorded_at or _now(),
            ),
        )
        if cursor.rowcount == 0:
            row = conn.execute(
                """SELECT id FROM audit WHERE respondent_key = ? AND date = ? AND questionnaire = ?
                   AND fingerprint = ? AND answers = ?""",
                (key, new.date, new.questionnaire, new.fingerprint, answers),
            ).fetchone()
            return Recorded(int(row[0]), True, new)
        audit_id = int(cursor.lastrowid or 0)
        self._insert_scores(conn, audit_id, new)
        conn.executemany(
            "INSERT INTO audit_metadata (audit_id, name, value) VALUES (?, ?, ?)",
            [(audit_id, name, value) for name, value in new.metadata.items()],
        )
        return Recorded(audit_id, False, new)

    def _insert_scores(self, conn: sqlite3.Connection, audit_id: int, new: NewRecord) -> None:
        conn.executemany(
            "INSERT INTO section_score (audit_id, position, section, score, score_exact, "
            "score_rounded) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (audit_id, n, sid, float(value), str(value), rounded(value))
                for n, (sid, value) in enumerate(new.scores.items())
            ],
        )

    # --- reading ---------------------------------------------------------------------------

    def records(
        self, respondent: str | None = None, where: Sequence[tuple[str, str]] = ()
    ) -> list[Record]:
        """Recorded audits in date order (then in the order recorded).

        `respondent` keeps one respondent's; each (field, value) of `where` keeps those
        whose field has that value: a recorded field (respondent, date, questionnaire,
        band, source) or a metadata field (team, region, any CSV column).
        """
        clauses: list[str] = []
        params: list[Any] = []
        if respondent:
            clauses.append("respondent_key = ?")
            params.append(respondent_key(respondent))
        for name, value in where:
            if name == "respondent":
                clauses.append("respondent_key = ?")
                params.append(respondent_key(value))
            elif name in WHERE_FIELDS:
                clauses.append(f"{name} = ?")
                params.append(value)
            else:
                clauses.append(
                    "id IN (SELECT audit_id FROM audit_metadata WHERE name = ? AND value = ?)"
                )
                params += [name, value]
        clause = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._select(f"{clause} ORDER BY date, id", params)

    def delete(self, ids: Sequence[int]) -> int:
        """Delete these audits (with their scores and metadata) in one transaction.

        Every id must exist, or nothing is deleted. Plans made from them are kept,
        no longer linked to an audit. Returns how many were deleted.
        """
        with self._transaction() as conn:
            for record_id in ids:
                found = conn.execute("SELECT 1 FROM audit WHERE id = ?", (record_id,)).fetchone()
                if found is None:
                    raise HistoryError(
                        str(self.path), _("there is no recorded audit #{id}").format(id=record_id)
                    )
            unique = sorted(set(ids))
            marks = ",".join("?" * len(unique))
            cursor = conn.execute(f"DELETE FROM audit WHERE id IN ({marks})", unique)
            return int(cursor.rowcount)

    def record_plan(self, plan: Plan, file: str, content: str) -> int:
        """Record an action plan (the file as written) with its targets; returns its id."""
        with self._transaction() as conn:
            cursor = conn.execute(
                """INSERT INTO action_plan (audit_id, respondent, respondent_key, questionnaire,
                       audit_date, created, next_audit, file, plan, recorded_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    plan.audit_record,
                    plan.respondent,
                    respondent_key(plan.key or plan.respondent),
                    plan.questionnaire,
                    plan.audit_date.isoformat(),
                    plan.created.isoformat(),
                    plan.next_audit.isoformat() if plan.next_audit else None,
                    file,
                    content,
                    _now(),
                ),
            )
            plan_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO plan_target (plan_id, position, section, score, target_score) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (plan_id, n, s.section, float(s.score), float(s.target_score))
                    for n, s in enumerate(plan.sections)
                ],
            )
            return plan_id

    def latest_plan(self, key: str, questionnaire: str, before: str) -> tuple[int, str, str] | None:
        """(id, file, content) of the latest plan made from an audit dated before `before`."""
        with self._errors():
            row = self.conn.execute(
                """SELECT id, file, plan FROM action_plan
                   WHERE respondent_key = ? AND questionnaire = ? AND audit_date < ?
                   ORDER BY audit_date DESC, id DESC LIMIT 1""",
                (key, questionnaire, before),
            ).fetchone()
        return (int(row[0]), str(row[1]), str(row[2])) if row else None

    def get(self, record_id: int) -> Record:
        """The record with this id, or a clear error."""
        found = self._select("WHERE id = ?", (record_id,))
        if not found:
            raise HistoryError(
                str(self.path), _("there is no recorded audit #{id}").format(id=record_id)
            )
        return found[0]

    def previous(
        self,
        respondent: str,
        questionnaire: str,
        fingerprint: str,
        date: str,
        before_id: int | None = None,
        key: str = "",
    ) -> Record | None:
        """The respondent's latest audit of this questionnaire before `date`.

        With `before_id`, an earlier record of the same date counts too (an audit
        repeated the same day); without it only earlier dates count.
        """
        found = self._select(
            """WHERE respondent_key = ? AND questionnaire = ? AND fingerprint = ?
               AND (date < ? OR (date = ? AND id < ?))
               ORDER BY date DESC, id DESC LIMIT 1""",
            (
                key or respondent_key(respondent),
                questionnaire,
                fingerprint,
                date,
                date,
                before_id if before_id is not None else -1,
            ),
        )
        return found[0] if found else None

    def _select(self, clause: str, params: Sequence[Any]) -> list[Record]:
        with self._errors():
            rows = self.conn.execute(
                """SELECT id, respondent, date, date_assumed, questionnaire, fingerprint, answers,
                          total_exact, band, scale_low, scale_high, source, recorded_at,
                          respondent_key
                   FROM audit """
                + clause,
                tuple(params),
            ).fetchall()
            scores: dict[int, dict[str, Fraction]] = {row[0]: {} for row in rows}
            metadata: dict[int, dict[str, str]] = {row[0]: {} for row in rows}
            ids = list(scores)
            # In pieces: SQLite allows only so many variables in one statement (32,766 by
            # default), and one `score --record` of a big CSV can hold more audits than that.
            for start in range(0, len(ids), _IDS_PER_QUERY):
                chunk = ids[start : start + _IDS_PER_QUERY]
                marks = ",".join("?" * len(chunk))
                for audit_id, name, value in self.conn.execute(
                    f"SELECT audit_id, name, value FROM audit_metadata "
                    f"WHERE audit_id IN ({marks}) ORDER BY audit_id, rowid",
                    tuple(chunk),
                ):
                    metadata[audit_id][str(name)] = str(value)
                for audit_id, section, value in self.conn.execute(
                    f"SELECT audit_id, section, score_exact FROM section_score "
                    f"WHERE audit_id IN ({marks}) ORDER BY audit_id, position",
                    tuple(chunk),
                ):
                    try:
                        scores[audit_id][str(section)] = exact(value)
                    except ValueError:
                        raise _damaged(
                            self.path, _("audit #{id} cannot be read").format(id=audit_id)
                        ) from None
        return [self._record_of(row, scores[row[0]], metadata[row[0]]) for row in rows]

    def _record_of(
        self, row: Sequence[Any], scores: dict[str, Fraction], metadata: dict[str, str]
    ) -> Record:
        try:
            if not all(isinstance(row[i], str) for i in (1, 2, 4, 5, 6, 8, 11, 12, 13)):
                raise ValueError("a text field holds something else")
            low, high = row[9], row[10]
            ratings = _stored_ratings(row[6], low, high)
            total = exact(row[7])
            _check_scores(ratings, scores, total)
            return Record(
                id=row[0],
                respondent=row[1],
                date=row[2],
                date_assumed=bool(row[3]),
                questionnaire=row[4],
                fingerprint=row[5],
                ratings=ratings,
                band=row[8],
                scale_low=low,
                scale_high=high,
                source=row[11],
                recorded_at=row[12],
                metadata=metadata,
                key=row[13] if row[13] != respondent_key(row[1]) else "",
            )
        except ValueError:
            # Edited by hand outside the program: say so rather than guess.
            raise _damaged(self.path, _("audit #{id} cannot be read").format(id=row[0])) from None


#: An exact number as the history stores it: str() of a Fraction ("27", "-53/2").
_EXACT = re.compile(r"-?[0-9]{1,30}(?:/[1-9][0-9]{0,29})?")

#: The longest answers text read back (a questionnaire of 200 statements takes about 1 KB).
_MAX_ANSWERS_TEXT = 1 << 16


def exact(text: object) -> Fraction:
    """A stored exact number; ValueError for anything the program never writes.

    Checked before `Fraction` sees it: `Fraction("1e999999999")` would take hours and
    `Fraction("1/0")` raises ZeroDivisionError.
    """
    if not isinstance(text, str) or not _EXACT.fullmatch(text):
        raise ValueError(f"not an exact number: {str(text)[:40]!r}")
    return Fraction(text)


def _stored_ratings(text: str, low: object, high: object) -> dict[str, tuple[int, ...]]:
    """The stored answers: a JSON object of section id to whole ratings on the scale."""
    if not (type(low) is int and type(high) is int and low < high):
        raise ValueError("the scale is not two whole numbers, lowest first")
    if len(text) > _MAX_ANSWERS_TEXT:
        raise ValueError("the answers are too long")
    try:
        raw = json.loads(text)
    except RecursionError:
        raise ValueError("the answers are nested too deep") from None
    if not isinstance(raw, dict) or not raw:
        raise ValueError("the answers are not a mapping of sections")
    ratings: dict[str, tuple[int, ...]] = {}
    for sid, values in raw.items():
        if not isinstance(values, list) or not values:
            raise ValueError("a section's answers are not a list")
        if not all(type(v) is int and low <= v <= high for v in values):
            raise ValueError("an answer is not a whole number on the scale")
        ratings[sid] = tuple(values)
    return ratings


def _check_scores(
    ratings: Mapping[str, tuple[int, ...]], scores: Mapping[str, Fraction], total: Fraction
) -> None:
    """The stored scores are those of the stored answers (no section missing or extra)."""
    if scores.keys() != ratings.keys():
        raise ValueError("the section scores do not match the answers' sections")
    for sid, values in ratings.items():
        if scores[sid] != Fraction(sum(values), len(values)):
            raise ValueError("a section score does not match its answers")
    if total != sum(scores.values(), Fraction(0)):
        raise ValueError("the total does not match the section scores")


# --- opening, identifying, migrating ---------------------------------------------------------


def open_history(path: Path, create: bool = True) -> History:
    """Open (and, with `create`, create) the history database at `path`.

    Refuses, without changing a byte, a file that is not a custserv-audit
    history, a damaged one, and one written by a newer version.
    """
    _check_place(path, create)
    try:
        return _connect(path, read_only=False)
    except sqlite3.OperationalError as exc:
        if create or not _is_read_only(exc):
            raise _translate(path, exc) from None
    except sqlite3.DatabaseError as exc:
        raise _translate(path, exc) from None
    return _connect_read_only(path)


def _check_place(path: Path, create: bool) -> None:
    """The file is a database (or empty), or may be created in a folder made for it."""
    source = str(path)
    if path.is_dir():
        raise HistoryError(
            source, _("is a folder, not a history database; give a file name with --db")
        )
    if path.exists():
        _check_header(path)
    elif not create:
        raise HistoryError(
            source, _("no audits have been recorded yet (the history database does not exist)")
        )
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(
                source, _("cannot create its folder: {reason}").format(reason=exc.strerror or exc)
            ) from None


def _connect_read_only(path: Path) -> History:
    """A history on a read-only disk or without write permission can still be listed. A WAL
    database there cannot get its shared-memory file: then it is read as unchanging."""
    try:
        return _connect(path, read_only=True)
    except sqlite3.OperationalError:
        pass
    except sqlite3.DatabaseError as exc:
        raise _translate(path, exc) from None
    try:
        return _connect(path, read_only=True, immutable=True)
    except sqlite3.DatabaseError as exc:
        raise _translate(path, exc) from None


def _is_read_only(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _connect(path: Path, read_only: bool, immutable: bool = False) -> History:
    """Connect and prepare; read-only connections never write (no schema upgrade either)."""
    if read_only:
        mode = "immutable=1" if immutable else "mode=ro"
        uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?" + mode
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        _prepare(conn, path, read_only)
    except BaseException:
        conn.close()
        raise
    return History(conn, path)


def _check_header(path: Path) -> None:
    """An existing file must be empty or an SQLite database; checked before SQLite opens it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise HistoryError(str(path), unreadable(exc)) from None
    if head and head != _SQLITE_HEADER:
        raise HistoryError(
            str(path),
            _(
                "not a custserv-audit history database (not an SQLite database file); "
                "it was left unchanged; give another file with --db"
            ),
        )


def _prepare(conn: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
    """Identify the file, upgrade an older schema, switch to WAL (never when read-only)."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # One read transaction, so the marker, the version and the tables are read from one
    # state of the file, never half before and half after another program creates it.
    conn.execute("BEGIN")
    try:
        version = _identify(conn, path)
    finally:
        # A failed read (a full disk) may have ended the transaction already; committing
        # then would hide the reason behind "no transaction is active".
        if conn.in_transaction:
            conn.execute("COMMIT")
    # Not a byte is written before the file is known to be ours and whole.
    _check_whole(conn, path)
    if version > 0:
        _check_tables(conn, path, version)
    # WAL lets readers go on while one writer writes; set before the first write. Where it
    # cannot be set (a read-only file) the default journal is just as safe, only slower.
    if read_only:
        if version < SCHEMA_VERSION:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("PRAGMA journal_mode = WAL")
    if version < SCHEMA_VERSION:
        _migrate(conn, path)
        _check_tables(conn, path, SCHEMA_VERSION)
    conn.execute("PRAGMA foreign_keys = ON")


def _identify(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version of our database, 0 for an empty file; refuses anything else."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables == 0 and version == 0:
            return 0
    if app_id != APPLICATION_ID:
        raise HistoryError(
            str(path),
            _(
                "not a custserv-audit history database (an SQLite database of another program); "
                "it was left unchanged; give another file with --db"
            ),
        )
    if version > SCHEMA_VERSION:
        raise HistoryError(
            str(path),
            _(
                "this history database was written by a newer custserv-audit (schema version "
                "{version}; this version reads up to {supported}); upgrade custserv-audit to use "
                "it. The file was left unchanged."
            ).format(version=version, supported=SCHEMA_VERSION),
        )
    if version < 1:
        raise _damaged(path, _("it has no schema version"))
    return int(version)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to SCHEMA_VERSION, one version per step, each step all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another program may have created or upgraded the file while we waited for the lock.
        version = _identify(conn, path)
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _check_tables(conn: sqlite3.Connection, path: Path, version: int) -> None:
    found = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in _TABLES[min(version, len(_TABLES) - 1)] if t not in found]
    if missing:
        raise _damaged(path, _("the table {table!r} is missing").format(table=missing[0]))
    # The program makes no triggers: one added by hand would run with every record (and
    # could delete audits), so the file is refused instead.
    trigger = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchone()
    if trigger is not None:
        raise _damaged(path, _("it holds a trigger, {name!r}").format(name=str(trigger[0])))


def _check_whole(conn: sqlite3.Connection, path: Path) -> None:
    problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if problem != "ok":
        raise _damaged(path, str(problem))


def _damaged(path: Path, detail: str) -> HistoryError:
    return HistoryError(
        str(path),
        _(
            "the history database is damaged ({detail}); it was left unchanged. Move it aside "
            "and import your latest backup with: custserv-audit history import FILE"
        ).format(detail=detail),
    )


def _translate(path: Path, exc: sqlite3.Error) -> HistoryError:
    """SQLite's exceptions as one clear message naming the file."""
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return HistoryError(
            str(path),
            _("the history database is busy (another custserv-audit is writing to it); try again"),
        )
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return _damaged(path, text)
    if "readonly" in lowered or "read-only" in lowered:
        return HistoryError(
            str(path), _("the history database is read-only; give a writable file with --db")
        )
    if isinstance(exc, sqlite3.OperationalError):
        if "disk i/o error" in lowered and _no_room(path):
            text = os.strerror(errno.ENOSPC)  # SQLite says only "disk I/O error"
        return HistoryError(
            str(path), _("cannot use the history database: {reason}").format(reason=text)
        )
    return _damaged(path, text)


def _no_room(path: Path) -> bool:
    """Whether the disk that holds `path` has no free space left."""
    try:
        info = os.statvfs(path.parent if str(path.parent) else Path())
    except OSError:
        return False
    return info.f_bavail == 0
