"""Write the nasty-input corpus: 30 good articles beside files of every bad or odd kind we know.

    .venv/bin/python tests/nasty/make_corpus.py OUT_DIR    # writes OUT_DIR/raw and OUT_DIR/outside,
                                                            # prints {source_name: expectation} as JSON

`build(raw, outside)` does the same for the tests and returns the expectations: "loaded" (the file is a
live name of a published document), "ignored" (dot-files: no row at all) or the quarantine reason
code. Nothing generated is committed: every file is made here, at test time. Kinds that the machine
cannot make (a socket path too long for AF_UNIX) are left out rather than faked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LOADED = "loaded"
IGNORED = "ignored"

COUNTRIES = [
    ("France", "French", "Paris", "President Emmanuel Macron"),
    ("Germany", "German", "Berlin", "Chancellor Olaf Scholz"),
    ("India", "Indian", "New Delhi", "Prime Minister Narendra Modi"),
    ("Japan", "Japanese", "Tokyo", "Prime Minister Fumio Kishida"),
    ("Brazil", "Brazilian", "Brasilia", "President Luiz Inacio Lula da Silva"),
    ("Kenya", "Kenyan", "Nairobi", "President William Ruto"),
    ("Canada", "Canadian", "Ottawa", "Prime Minister Justin Trudeau"),
    ("Indonesia", "Indonesian", "Jakarta", "President Joko Widodo"),
    ("Mexico", "Mexican", "Mexico City", "President Andres Manuel Lopez Obrador"),
    ("Egypt", "Egyptian", "Cairo", "President Abdel Fattah al-Sisi"),
]
SENTENCES = [
    "{A} and {B} signed an agreement on energy cooperation in {cityA} on Monday.",
    "{leaderA} met {leaderB} in {cityB} to discuss trade and investment.",
    "{A} donated 50 ambulances to {B} after the floods, officials said.",
    "The {adjA} government imposed sanctions on {B} over the dispute.",
    "Trade between {A} and {B} grew by 12% last year, according to official figures.",
    "{leaderA} said the talks with {B} had been constructive.",
    "{A} agreed to build a railway in {B} worth $2bn.",
    "Officials from {A} and {B} held talks in {cityA} on fishing rights.",
]
FILLER = ("The weather was mild and the markets were quiet. Analysts expect little change in the coming "
          "weeks, and most commentators agree that the outlook is uncertain.")


@dataclass
class Case:
    name: str
    expected: str
    kind: str
    make: Callable[[Path, Path], None]


def good_article(i: int) -> str:
    rng = random.Random(i)
    a, b = rng.sample(COUNTRIES, 2)
    values = {"A": a[0], "B": b[0], "adjA": a[1], "cityA": a[2], "cityB": b[2], "leaderA": f"{a[1]} {a[3]}",
              "leaderB": f"{b[1]} {b[3]}"}
    picked = rng.sample(SENTENCES, 3)
    paragraphs = [s.format(**values) for s in picked] + [f"{FILLER} (Report {i}.)"]
    return f"{a[0]} and {b[0]}: report {i}\n\n" + "\n\n".join(paragraphs) + "\n"


def _text(content: str, encoding: str = "utf-8") -> Callable[[Path, Path], None]:
    return lambda path, outside: path.write_bytes(content.encode(encoding))


def _bytes(content: bytes) -> Callable[[Path, Path], None]:
    return lambda path, outside: path.write_bytes(content)


def _with_sidecar(body: str, sidecar: bytes | None = None, make_sidecar: Callable[[Path, Path], None] | None = None
                  ) -> Callable[[Path, Path], None]:
    def make(path: Path, outside: Path) -> None:
        path.write_text(body, encoding="utf-8")
        side = path.with_name(path.stem + ".meta.json")
        if make_sidecar is not None:
            make_sidecar(side, outside)
        else:
            side.write_bytes(sidecar or b"{}")
    return make


def _front(fields: str, body: str = "A plain body sentence about nothing in particular.\n") -> str:
    return f"---\n{fields}\n---\n{body}"


def _fifo(path: Path, outside: Path) -> None:
    os.mkfifo(path)


def _symlink(target: str) -> Callable[[Path, Path], None]:
    return lambda path, outside: path.symlink_to(target)


def _outside_link(name: str, content: str = "A secret outside the raw directory.\n") -> Callable[[Path, Path], None]:
    def make(path: Path, outside: Path) -> None:
        target = outside / name
        target.write_text(content, encoding="utf-8")
        path.symlink_to(target)
    return make


def _mojibake(seed: int, n: int, low: int, high: int) -> bytes:
    """An English article with n random bytes in [low, high) scattered over it."""
    rng = random.Random(seed)
    data = bytearray((good_article(900 + seed) + (FILLER + " ") * 12 + "\n").encode("ascii"))
    for position in rng.sample(range(len(data)), n):
        data[position] = rng.randrange(low, high)
    return bytes(data)


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev, cur = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("title: *i")
    return _front("\n".join(lines))


def _deep_dirs(path: Path, outside: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(good_article(700), encoding="utf-8")


def _socket(path: Path, outside: Path) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
    finally:
        server.close()


def _self_loop(path: Path, outside: Path) -> None:
    path.symlink_to(path.name)


def _loop_pair(other: str) -> Callable[[Path, Path], None]:
    return lambda path, outside: path.symlink_to(other)


def _dir_link(path: Path, outside: Path) -> None:
    (outside / "a_directory").mkdir(exist_ok=True)
    path.symlink_to(outside / "a_directory")


def _internal_dir_link(path: Path, outside: Path) -> None:
    path.parent.joinpath("subdir_for_link").mkdir(exist_ok=True)
    path.symlink_to("subdir_for_link")


def _sidecar_fifo(path: Path, outside: Path) -> None:
    os.mkfifo(path)


def _sidecar_dir(path: Path, outside: Path) -> None:
    path.mkdir()


def _sidecar_outside(path: Path, outside: Path) -> None:
    target = outside / "secret.meta.json"
    target.write_text('{"title": "SECRET TITLE FROM OUTSIDE"}', encoding="utf-8")
    path.symlink_to(target)


def _invalid_name(path: Path, outside: Path) -> None:
    raw = os.fsencode(path.parent) + b"/bad-\xff\xfe-name.txt"
    with open(raw, "wb") as handle:
        handle.write(good_article(702).encode("utf-8"))


def cases(today: dt.date) -> list[Case]:
    body = "Talks were held between officials, who discussed nothing of note.\n"
    future = (today + dt.timedelta(days=30)).isoformat()
    long_para = " ".join(["lorem", "ipsum", "dolor", "amet", "consectetur", "adipiscing", "elit"] * 45_000)
    result = [
        # --- 30 good articles: plain, front matter, sidecar, markdown
        *[Case(f"good/{i:02d}_plain.txt", LOADED, "good article", _text(good_article(i))) for i in range(12)],
        *[Case(f"good/{i:02d}_front.md", LOADED, "good article with front matter",
               _text(_front(f"title: Report {i}\ndate: 2024-0{1 + i % 9}-1{i % 10}\npublisher: Example Wire\n"
                            f"url: https://example.org/{i}", good_article(i)))) for i in range(12, 22)],
        *[Case(f"good/{i:02d}_sidecar.txt", LOADED, "good article with a sidecar",
               _with_sidecar(good_article(i), json.dumps({"title": f"Report {i}", "published_date": "5 March 2023",
                                                          "publisher": "Wire"}).encode())) for i in range(22, 30)],

        # --- odd but fine: loaded
        Case("odd/utf16le_bom.txt", LOADED, "UTF-16 LE with BOM", _bytes(b"\xff\xfe" + good_article(40).encode("utf-16-le"))),
        Case("odd/utf16be_bom.txt", LOADED, "UTF-16 BE with BOM", _bytes(b"\xfe\xff" + good_article(41).encode("utf-16-be"))),
        Case("odd/utf32le_bom.txt", LOADED, "UTF-32 LE with BOM", _bytes(b"\xff\xfe\x00\x00" + good_article(42).encode("utf-32-le"))),
        Case("odd/utf32be_bom.txt", LOADED, "UTF-32 BE with BOM", _bytes(b"\x00\x00\xfe\xff" + good_article(43).encode("utf-32-be"))),
        Case("odd/utf8_bom.txt", LOADED, "UTF-8 with BOM", _bytes(b"\xef\xbb\xbf" + good_article(44).encode())),
        Case("odd/cp1252_pound.txt", LOADED, "Windows-1252 with a pound sign and curly quotes",
             _text("Aid\n\nBritain gave \u00a310m to Kenya, the minister said: \u201cIt is right.\u201d\n", "cp1252")),
        Case("odd/cp1251_russian.txt", LOADED, "Windows-1251 Russian article",
             _text("Президент России встретился с премьер-министром Индии в Москве. Стороны обсудили торговлю и "
                   "энергетику и подписали соглашение о сотрудничестве.\n" * 3, "cp1251")),
        Case("odd/latin1_french.txt", LOADED, "Latin-1 French article",
             _text("Le président français a rencontré le Premier ministre indien à Paris. Les deux dirigeants ont "
                   "signé un accord énergétique très important pour l'économie.\n" * 3, "latin-1")),
        Case("odd/crlf.txt", LOADED, "CRLF line endings", _bytes(good_article(45).replace("\n", "\r\n").encode())),
        Case("odd/cr_only.txt", LOADED, "old Mac CR line endings", _bytes(good_article(46).replace("\n", "\r").encode())),
        Case("odd/nfd.txt", LOADED, "decomposed (NFD) accents", _text("Cafe\u0301 talks\n\nThe re\u0301sume\u0301 of talks in Mexico.\n")),
        Case("odd/zero_width.txt", LOADED, "zero-width and BOM characters inside the text",
             _text("Zero\u200bwidth\n\nFrance\u200d and Germany\ufeff signed a deal.\n")),
        Case("odd/bidi.txt", LOADED, "bidirectional override characters in the text",
             _text("Bidi\n\nThe \u202eevil\u202c text about Egypt and Kenya.\n")),
        Case("odd/emoji.txt", LOADED, "emoji and astral characters", _text("Emoji \U0001f600\n\nJapan \U0001f1ef\U0001f1f5 met India.\n")),
        Case("odd/long_paragraph.txt", LOADED, "a 2 MB paragraph (over spaCy's length limit)",
             _text("Long\n\n" + long_para + "\n")),
        Case("odd/long_token.txt", LOADED, "a 300,000-character word", _text("Token\n\n" + "x" * 300_000 + "\n")),
        Case("odd/few_controls.txt", LOADED, "a few terminal escape sequences in the text",
             _text(good_article(47) + "\x1b[31mred\x1b[0m and a bell\x07.\n")),
        Case("odd/name with spaces.txt", LOADED, "file name with spaces", _text(good_article(48))),
        Case("odd/résumé-日本.txt", LOADED, "non-ASCII file name", _text(good_article(49))),
        Case("odd/new\nline.txt", LOADED, "file name with a newline", _text(good_article(50))),
        Case("odd/\x1b[31mred.txt", LOADED, "file name with an ANSI escape", _text(good_article(51))),
        Case("/".join(f"d{i}" for i in range(40)) + "/deep.txt", LOADED, "40 directories deep", _deep_dirs),
        Case("odd/link_to_good.txt", LOADED, "symlink to another article inside the raw directory",
             _symlink("../good/00_plain.txt")),
        Case("odd/copy_of_good.txt", LOADED, "exact copy of another article (a second name)", _text(good_article(1))),
        Case("odd/headings.md", LOADED, "markdown with headings", _text("# Heading\n\n## Sub\n\nKenya and Egypt met.\n")),
        Case("odd/date_words.md", LOADED, "front-matter date in words", _text(_front("date: 5 March 2023", body))),
        Case("odd/date_compact.md", LOADED, "compact front-matter date", _text(_front("date: 20230305", body + "2\n"))),
        Case("odd/extra_keys.md", LOADED, "unknown front-matter keys", _text(_front("tags: [a, b]\nauthor: X", body + "3\n"))),
        Case("odd/yaml_bool_title.md", LOADED, "YAML boolean as title", _text(_front("title: yes", body + "4\n"))),
        Case("odd/empty_front_matter.md", LOADED, "empty front matter", _text("---\n---\n" + body + "5\n")),
        Case("odd/sidecar_bom.txt", LOADED, "sidecar with a UTF-8 BOM",
             _with_sidecar(body + "6\n", b'\xef\xbb\xbf{"title": "BOM sidecar"}')),
        Case("odd/sidecar_nulls.txt", LOADED, "sidecar with null values",
             _with_sidecar(body + "7\n", b'{"title": null, "url": null}')),
        Case("odd/SHOUT.TXT", LOADED, "upper-case extension", _text(good_article(52))),
        Case("odd/nbsp_tabs.txt", LOADED, "no-break spaces and tabs", _text("Tabs\n\n\tFrance\u00a0and\u00a0Kenya\tmet.\n")),
        Case("odd/date_1900.md", LOADED, "date on the plausible boundary, 1900-01-01", _text(_front("date: 1900-01-01", body + "8\n"))),
        Case("odd/date_today.md", LOADED, "date of the run", _text(_front(f"date: {today.isoformat()}", body + "9\n"))),
        Case("odd/x.meta.json.txt", LOADED, "article whose name looks like a sidecar", _text(good_article(53))),
        Case("folder.txt/inside.txt", LOADED, "article inside a directory named like an article", _text(good_article(701))),
        Case("odd/trailing_blank.txt", LOADED, "trailing spaces and blank lines", _text(good_article(54) + "   \n\n\n\n")),
        Case(".hidden.txt", IGNORED, "dot-file", _text(good_article(55))),
        Case(".git/config.txt", IGNORED, "file in a dot-directory", _deep_dirs),

        # --- bad: quarantined with a reason
        Case("bad/empty.txt", "empty_file", "empty file", _bytes(b"")),
        Case("bad/whitespace.md", "empty_file", "whitespace only", _text("\n \n\t\n")),
        Case("bad/front_matter_only.md", "empty_file", "front matter and no body", _text("---\ntitle: x\n---\n")),
        Case("bad/bom_only.txt", "empty_file", "a UTF-8 BOM and nothing else", _bytes(b"\xef\xbb\xbf")),
        Case("bad/png.txt", "binary_file", "PNG image named .txt", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))),
        Case("bad/nul_after_8k.txt", "binary_file", "NUL after the first 8 KiB",
             _bytes((good_article(60) * 60).encode()[:9000] + b"\x00 tail\n")),
        Case("bad/nul_at_end.txt", "binary_file", "NUL as the last byte", _bytes(good_article(61).encode() + b"\x00")),
        Case("bad/control_heavy.txt", "binary_file", "text full of control characters", _bytes(b"\x1b\x07\x08abc" * 500)),
        Case("bad/utf16_no_bom.txt", "binary_file", "UTF-16 without a BOM", _bytes(good_article(62).encode("utf-16-le"))),
        Case("bad/utf16_odd_length.txt", "undecodable", "UTF-16 BOM, truncated mid character",
             _bytes(b"\xff\xfe" + good_article(63).encode("utf-16-le") + b"\x41")),
        Case("bad/utf16_lone_surrogate.txt", "undecodable", "UTF-16 BOM with a lone surrogate",
             _bytes(b"\xff\xfe" + "Text ".encode("utf-16-le") + b"\x00\xd8" + "more text\n".encode("utf-16-le"))),
        Case("bad/utf16_nul_char.txt", "binary_file", "UTF-16 BOM holding U+0000",
             _bytes(b"\xff\xfe" + "Text\x00more\n".encode("utf-16-le"))),
        Case("bad/utf32_bad.txt", "undecodable", "UTF-32 BOM with an out-of-range code point",
             _bytes(b"\xff\xfe\x00\x00" + b"\x41\x00\x00\x00" + b"\xff\xff\xff\x7f")),
        Case("bad/garbled.txt", "undecodable", "all high bytes", _bytes(bytes(range(128, 256)) * 20)),
        Case("bad/mojibake_80.txt", "undecodable", "English with 300 random bytes 0x80-0xFF",
             _bytes(_mojibake(1, 300, 0x80, 0x100))),
        Case("bad/mojibake_80_few.txt", "uncertain_encoding", "English with 80 random bytes 0x80-0xFF",
             _bytes(_mojibake(4, 80, 0x80, 0x100))),
        Case("bad/mojibake_c0.txt", "uncertain_encoding", "English with 300 random bytes 0xC0-0xFF",
             _bytes(_mojibake(2, 300, 0xC0, 0x100))),
        Case("bad/mojibake_cyrillic.txt", "uncertain_encoding", "English with 300 bytes of the cp1251 letter range",
             _bytes(_mojibake(3, 300, 0xE0, 0x100))),
        Case("bad/huge.txt", "file_too_large", "over the size limit", _bytes(b"Talks were held. " * 400_000)),
        Case("bad/fifo.txt", "not_regular_file", "FIFO named .txt (used to hang the run)", _fifo),
        Case("bad/sock.txt", "not_regular_file", "Unix socket named .txt", _socket),
        Case("bad/dir_link.txt", "symlink_outside_raw_dir", "symlink to a directory outside", _dir_link),
        Case("bad/internal_dir_link.txt", "not_regular_file", "symlink to a directory inside", _internal_dir_link),
        Case("bad/loop_a.txt", "symlink_loop", "symlink loop (first)", _loop_pair("loop_b.txt")),
        Case("bad/loop_b.txt", "symlink_loop", "symlink loop (second)", _loop_pair("loop_a.txt")),
        Case("bad/self_loop.txt", "symlink_loop", "symlink to itself", _self_loop),
        Case("bad/broken.txt", "broken_symlink", "symlink to nothing", _symlink("nowhere.txt")),
        Case("bad/escape.txt", "symlink_outside_raw_dir", "symlink to a file outside", _outside_link("secret.txt")),
        Case("bad/escape_chain.txt", "symlink_outside_raw_dir", "symlink to a symlink that leaves",
             _symlink("escape.txt")),
        Case("bad/notes.pdf", "unsupported_file_type", "PDF", _bytes(b"%PDF-1.4 not an article")),
        Case("bad/README", "unsupported_file_type", "no extension", _text(good_article(64))),
        Case("bad/photo.jpg", "unsupported_file_type", "JPEG", _bytes(b"\xff\xd8\xff\xe0 not a photo")),
        Case("bad/article.txt.bak", "unsupported_file_type", "backup file", _text(good_article(65))),
        Case("bad/yaml_syntax.md", "malformed_front_matter", "YAML syntax error", _text(_front("title: [unclosed"))),
        Case("bad/unclosed.md", "malformed_front_matter", "front matter never closed", _text("---\ntitle: x\nBody.\n")),
        Case("bad/alias_bomb.md", "malformed_front_matter", "YAML alias bomb (366 bytes to 722 million characters)",
             _text(_alias_bomb())),
        Case("bad/one_alias.md", "malformed_front_matter", "a single YAML alias", _text(_front("x: &x T\ntitle: *x"))),
        Case("bad/merge_key.md", "malformed_front_matter", "YAML merge key", _text(_front("base: &b {title: T}\n<<: *b"))),
        Case("bad/yaml_list.md", "malformed_front_matter", "front matter that is a list", _text(_front("- a\n- b"))),
        Case("bad/yaml_scalar.md", "malformed_front_matter", "front matter that is a scalar", _text(_front("just text"))),
        Case("bad/yaml_deep.md", "malformed_front_matter", "YAML nested 20,000 deep",
             _text(_front("title: " + "[" * 20_000 + "]" * 20_000))),
        Case("bad/yaml_python_tag.md", "malformed_front_matter", "YAML python/object tag",
             _text(_front("title: !!python/object/apply:os.system ['echo pwned']"))),
        Case("bad/yaml_too_long.md", "malformed_front_matter", "front matter over 64 KiB",
             _text(_front("title: x\n" + "\n".join(f"k{i}: {'v' * 60}" for i in range(1200))))),
        Case("bad/yaml_bad_timestamp.md", "malformed_metadata", "explicit !!timestamp 2020-02-30",
             _text(_front("date: !!timestamp 2020-02-30"))),
        Case("bad/yaml_garbled_timestamp.md", "malformed_metadata", "explicit !!timestamp that is no date (AttributeError)",
             _text(_front("date: !!timestamp xyz"))),
        Case("bad/yaml_huge_int.md", "malformed_front_matter", "5,000-digit integer", _text(_front("title: " + "9" * 5000))),
        Case("bad/yaml_unhashable_key.md", "malformed_front_matter", "YAML mapping with a list as key",
             _text(_front("? [a, b]\n: c"))),
        Case("bad/date_feb30.md", "malformed_metadata", "date 2020-02-30 (PyYAML raised ValueError)",
             _text(_front("date: 2020-02-30"))),
        Case("bad/date_words.txt", "malformed_metadata", "sidecar date that is not a date",
             _with_sidecar(body, b'{"published_date": "not a date"}')),
        Case("bad/date_relative.md", "malformed_metadata", "relative date 'yesterday'", _text(_front("date: yesterday"))),
        Case("bad/date_list.md", "malformed_metadata", "date that is a list", _text(_front("date: [2020, 1, 1]"))),
        Case("bad/date_year_1.md", "implausible_date", "date 0001-01-01", _text(_front("date: 0001-01-01"))),
        Case("bad/date_2999.md", "implausible_date", "date 2999-12-31", _text(_front("date: 2999-12-31"))),
        Case("bad/date_1899.md", "implausible_date", "date 1899-12-31", _text(_front("date: 1899-12-31"))),
        Case("bad/date_future.md", "implausible_date", "date a month after the run", _text(_front(f"date: {future}"))),
        Case("bad/title_list.md", "malformed_metadata", "title that is a list", _text(_front("title: [a, b]"))),
        Case("bad/title_map.md", "malformed_metadata", "title that is a mapping", _text(_front("title: {a: b}"))),
        Case("bad/title_binary.md", "malformed_metadata", "title that is !!binary", _text(_front("title: !!binary aGVsbG8="))),
        Case("bad/title_escape.md", "malformed_metadata", "title with a terminal escape",
             _text(_front('title: "Hello \\e[2J world"'))),
        Case("bad/title_too_long.md", "metadata_too_long", "title of 5,000 characters", _text(_front("title: " + "t" * 5000))),
        Case("bad/url_too_long.txt", "metadata_too_long", "sidecar URL of 10,000 characters",
             _with_sidecar(body, json.dumps({"url": "https://x.org/" + "u" * 10_000}).encode())),
        Case("bad/sidecar_surrogate.txt", "malformed_metadata", "sidecar title with a lone surrogate escape",
             _with_sidecar(body, b'{"title": "bad \\ud800 title"}')),
        Case("bad/yaml_surrogate.md", "malformed_metadata", "front-matter date with a lone surrogate escape",
             _text(_front('date: "2024-06-05\\ud800"'))),
        Case("bad/sidecar_invalid.txt", "malformed_sidecar", "sidecar that is not JSON", _with_sidecar(body, b"{not json")),
        Case("bad/sidecar_array.txt", "malformed_sidecar", "sidecar that is a JSON array", _with_sidecar(body, b"[1, 2]")),
        Case("bad/sidecar_deep.txt", "malformed_sidecar", "sidecar 200,000 deep (RecursionError)",
             _with_sidecar(body, b"[" * 200_000 + b"]" * 200_000)),
        Case("bad/sidecar_deep_small.txt", "malformed_sidecar", "sidecar 30,000 deep within the size limit",
             _with_sidecar(body, b'{"title": ' + b"[" * 30_000 + b"]" * 30_000 + b"}")),
        Case("bad/sidecar_dir.txt", "malformed_sidecar", "sidecar that is a directory (IsADirectoryError)",
             _with_sidecar(body, make_sidecar=_sidecar_dir)),
        Case("bad/sidecar_fifo.txt", "malformed_sidecar", "sidecar that is a FIFO", _with_sidecar(body, make_sidecar=_sidecar_fifo)),
        Case("bad/sidecar_outside.txt", "sidecar_outside_raw_dir", "sidecar linking outside the raw directory",
             _with_sidecar(body, make_sidecar=_sidecar_outside)),
        Case("bad/sidecar_broken.txt", "malformed_sidecar", "sidecar that is a broken symlink",
             _with_sidecar(body, make_sidecar=lambda p, o: p.symlink_to("nowhere.json"))),
        Case("bad/sidecar_latin1.txt", "malformed_sidecar", "sidecar that is not UTF-8",
             _with_sidecar(body, '{"title": "café"}'.encode("latin-1"))),
        Case("bad/sidecar_huge.txt", "malformed_sidecar", "sidecar over 64 KiB", _with_sidecar(body, b" " * 70_000 + b"{}")),
        Case("bad/sidecar_bigint.txt", "malformed_sidecar", "sidecar with a 5,000-digit number",
             _with_sidecar(body, b'{"title": ' + b"9" * 5000 + b"}")),
        Case("bad/lonely.meta.json", "orphan_sidecar", "sidecar without an article", _bytes(b"{}")),
        Case("bad-\\xff\\xfe-name.txt", "invalid_file_name", "file name that is not UTF-8", _invalid_name),
        Case("bad/\x1b[2J\x1b[31mclear.pdf", "unsupported_file_type", "refused file whose name clears the terminal",
             _bytes(b"%PDF")),
        Case("bad/forged\nERROR - line.pdf", "unsupported_file_type", "refused file whose name forges a log line",
             _bytes(b"%PDF")),
        Case("bad/nul_in_front_matter.md", "binary_file", "NUL inside front matter", _bytes(b"---\ntitle: a\x00b\n---\nBody.\n")),
    ]
    return result


def build(raw: Path, outside: Path, today: dt.date | None = None) -> dict[str, str]:
    """Write every case under `raw` (and what the links point to under `outside`); return the expectations."""
    today = today or dt.datetime.now(dt.UTC).date()
    raw.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    for case in cases(today):
        path = raw / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            case.make(path, outside)
        except OSError:  # e.g. an AF_UNIX path over 108 bytes: leave the kind out rather than fake it
            continue
        expected[case.name] = case.expected
    return expected


def kinds(today: dt.date | None = None) -> dict[str, str]:
    """Kind of every case that is not one of the 30 good articles -> its expectation."""
    return {c.kind: c.expected for c in cases(today or dt.date.today()) if not c.name.startswith("good/")}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    expected = build(out / "raw", out / "outside")
    print(json.dumps(expected, indent=1, ensure_ascii=True))
    print(f"{len(expected)} files, {len(kinds())} kinds besides the 30 good articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
