"""Pictures of the published warehouse: who deals with, gives to, sanctions, meets or speaks of whom, and when.

Three kinds of PNG, written next to the warehouse (`warehouse/report/` by default) with a `report.md`
that shows them, and the same Markdown (images inline) for the Dagster UI:

- `relations.png`, the relations network: states and blocs as nodes (sized by how often they appear),
  one edge per pair and kind of relation (deal, gift, sanction, meeting, trade, statement; a colour each),
  its width growing with the number of fact rows (mentions) behind it. The busiest `MAX_NODES` only.
- `timeline_<A>-<B>.png`, one per pair of the busiest `MAX_PAIRS` pairs: every relation of the pair on a
  time axis, a row per kind, coloured by Goldstein score (-10 hostile .. +10 cooperative). A filled mark
  is dated by the text (`event_date`); a hollow one has no date of its own and stands at its article's
  publication date, whose source (`dim_document.date_source`) may be the file's own date.
- `reliability.png`, what the confidence column means: per table, the calibrated confidence the
  extractor gives each raw score (`pipelines/extract/calibration.json`, fitted on the development gold
  sets: the precision rows with that score reached there) against the diagonal, and how the warehouse's
  rows spread over those confidence levels. It is not a measurement on this warehouse, which has no gold;
  `eval/calibrate.py report` measures it on the held-out sets.

Every input is read from the published file, read-only, from a fresh connection.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipelines import sql
from pipelines.extract.calibration import CALIBRATION_FILE

if TYPE_CHECKING:
    import networkx as nx

KINDS = ("deal", "gift", "sanction", "meeting", "trade", "statement")
KIND_COLOURS = {"deal": "#1f77b4", "gift": "#2ca02c", "sanction": "#d62728", "meeting": "#9467bd",
                "trade": "#ff7f0e", "statement": "#7f7f7f"}
TABLE_OF_KIND = {kind: f"fact_{kind}" for kind in KINDS}
MAX_NODES = 40
MAX_PAIRS = 6
DPI = 110


class ReportError(RuntimeError):
    """The report cannot be drawn; the message says what to do."""


@dataclass
class Report:
    out_dir: Path
    images: dict[str, Path] = field(default_factory=dict)  # caption -> file
    stats: dict[str, Any] = field(default_factory=dict)
    markdown: str = ""

    def markdown_inline(self, max_bytes: int = 400_000) -> str:
        """The report's Markdown with every picture embedded (data URIs), for the Dagster UI; a picture over
        `max_bytes` is named by its path instead."""
        text = self.markdown
        for path in self.images.values():
            data = path.read_bytes()
            if len(data) <= max_bytes:
                uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
                text = text.replace(f"]({path.name})", f"]({uri})")
            else:
                text = text.replace(f"]({path.name})", f"]({path})")
        return text


def default_out_dir(published: Path) -> Path:
    return published.parent / "report"


def build_report(published: Path, out_dir: Path | None = None) -> Report:
    """Draw every picture of the published warehouse into `out_dir` and write `report.md` beside them."""
    if not published.is_file():
        raise ReportError(f"no published warehouse at {published}: run `python -m pipelines run` first, "
                          "or pass --warehouse FILE")
    out = out_dir or default_out_dir(published)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create the report directory {out} ({exc.strerror}): choose a writable "
                          "directory with --out DIR") from exc
    import matplotlib

    matplotlib.use("Agg")  # files only: never a window, works without a display
    try:
        with duckdb.connect() as con:
            con.execute(sql.statement("storage/attach_source"), [str(published)])
            con.execute(sql.statement("storage/use_source"))
            relations = _rows(con, sql.statement("report/relations"))
            names = {str(code): str(name) for code, name in
                     con.execute(sql.statement("report/country_names")).fetchall()}
            confidences = _rows(con, sql.statement("report/confidences"))
            documents = int(con.execute(sql.statement("report/live_documents")).fetchall()[0][0])
    except duckdb.Error as exc:
        raise ReportError(f"cannot read the warehouse {published} ({exc}): is it a warehouse this pipeline "
                          "published?") from exc
    report = Report(out)
    for old in out.glob("timeline_*.png"):  # pairs that are no longer among the busiest
        old.unlink()
    report.images["Relations network"] = draw_network(relations, names, out / "relations.png")
    pairs = busiest_pairs(relations, MAX_PAIRS)
    for a, b in pairs:
        report.images[f"Timeline {a}–{b}"] = draw_timeline(relations, a, b, names, out / f"timeline_{a}-{b}.png")
    report.images["Reliability"] = draw_reliability(confidences, out / "reliability.png")
    report.stats = {"documents": documents, "relations": len(relations),
                    "states": len({c for r in relations for c in (r["actor_code"], r["counterpart_code"])}),
                    "pairs": len({_pair(r) for r in relations}), "timelines": len(pairs),
                    "dated_relations": sum(r["event_date"] is not None for r in relations)}
    report.markdown = _markdown(report, pairs)
    (out / "report.md").write_text(report.markdown, encoding="utf-8")
    return report


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _pair(row: dict[str, Any]) -> tuple[str, str]:
    a, b = sorted((row["actor_code"], row["counterpart_code"]))
    return a, b


def busiest_pairs(relations: list[dict[str, Any]], limit: int) -> list[tuple[str, str]]:
    counts: dict[tuple[str, str], int] = {}
    for r in relations:
        counts[_pair(r)] = counts.get(_pair(r), 0) + 1
    return [pair for pair, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def network_edges(relations: list[dict[str, Any]]) -> dict[tuple[str, str, str], int]:
    """(side, side, kind) -> number of fact rows, sides in alphabetical order."""
    edges: dict[tuple[str, str, str], int] = {}
    for r in relations:
        key = (*_pair(r), r["event_kind"])
        edges[key] = edges.get(key, 0) + 1
    return edges


def draw_network(relations: list[dict[str, Any]], names: dict[str, str], path: Path) -> Path:
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    edges = network_edges(relations)
    weight: dict[str, int] = {}
    for (a, b, _), n in edges.items():
        weight[a] = weight.get(a, 0) + n
        weight[b] = weight.get(b, 0) + n
    kept = set(sorted(weight, key=lambda c: (-weight[c], c))[:MAX_NODES])
    edges = {k: n for k, n in edges.items() if k[0] in kept and k[1] in kept}
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(kept))
    for (a, b, _), n in sorted(edges.items()):
        graph.add_edge(a, b, weight=graph.get_edge_data(a, b, {"weight": 0})["weight"] + n)
    fig, ax = plt.subplots(figsize=(11, 9))
    ax.set_axis_off()
    if not edges:
        ax.text(0.5, 0.5, "No relations between states in the warehouse yet", ha="center", va="center",
                fontsize=14, transform=ax.transAxes)
        return _save(fig, path)
    positions = _layout(graph)
    heaviest = max(edges.values())
    for (a, b, kind), n in sorted(edges.items()):
        # Kinds of one pair are drawn side by side, each bent by its own amount.
        kinds_of_pair = [k for k in KINDS if (a, b, k) in edges]
        bend = 0.12 * (kinds_of_pair.index(kind) - (len(kinds_of_pair) - 1) / 2)
        ax.add_patch(FancyArrowPatch(positions[a], positions[b], connectionstyle=f"arc3,rad={bend}",
                                     arrowstyle="-", color=KIND_COLOURS[kind], alpha=0.75,
                                     linewidth=1.0 + 7.0 * math.sqrt(n / heaviest), zorder=1))
    sizes = [250 + 1300 * math.sqrt(weight[c] / max(weight.values())) for c in graph.nodes]
    nx.draw_networkx_nodes(graph, positions, ax=ax, node_size=sizes, node_color="#f4f1e8", edgecolors="#444444",
                           linewidths=1.2)
    nx.draw_networkx_labels(graph, positions, ax=ax, font_size=9, font_weight="bold")
    handles = [Line2D([], [], color=KIND_COLOURS[k], linewidth=4, label=k) for k in KINDS
               if any(key[2] == k for key in edges)]
    ax.legend(handles=handles, title="kind of relation\n(width: mentions)", loc="upper left",
              bbox_to_anchor=(1.0, 1.0), frameon=False)
    shown = len(graph)
    ax.set_title(f"Relations between states: {sum(edges.values())} mentions, {shown} states and blocs"
                 + (f" (the {MAX_NODES} busiest)" if len(weight) > shown else ""), fontsize=13)
    ax.margins(0.08)
    return _save(fig, path)


def _layout(graph: nx.Graph[str]) -> dict[str, Any]:
    """Spring layout with a fixed seed (the same warehouse always gives the same picture); separate groups
    of states are held together by faint ties to a hidden hub, so none drifts off the page."""
    import networkx as nx

    layout: nx.Graph[str] = nx.Graph()
    layout.add_nodes_from(graph.nodes)
    layout.add_edges_from((a, b, {"w": 1.0}) for a, b in graph.edges)
    hub = "\x00hub"
    for component in nx.connected_components(graph):
        anchor = max(component, key=lambda c: (graph.degree(c), c))
        layout.add_edge(hub, anchor, w=0.6)
    positions = nx.spring_layout(layout, seed=7, k=1.2 / math.sqrt(len(layout)), iterations=500, weight="w")
    positions.pop(hub)
    return positions


def _axis_day(day: dt.date) -> float:
    """A day as matplotlib's date axis counts it (`date2num`, which the library leaves unannotated)."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def draw_timeline(relations: list[dict[str, Any]], a: str, b: str, names: dict[str, str], path: Path) -> Path:
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    rows = [r for r in relations if _pair(r) == (a, b)]
    kinds = [k for k in KINDS if any(r["event_kind"] == k for r in rows)]
    fig, ax = plt.subplots(figsize=(10, 2.2 + 0.5 * len(kinds)))
    cmap = plt.get_cmap("RdYlGn")
    norm = Normalize(-10, 10)
    # Relations of one kind on one day are one mark, bigger and numbered when there are several.
    marks: dict[tuple[str, dt.date, bool], list[float]] = {}
    undated = 0
    for r in rows:
        when = r["event_date"] or r["published_date"]
        if when is None:
            undated += 1
            continue
        score = r["goldstein_score"] if r["goldstein_score"] is not None else 0.0
        marks.setdefault((r["event_kind"], when, r["event_date"] is not None), []).append(score)
    for (kind, day, dated), scores in sorted(marks.items()):
        y = kinds.index(kind)
        when = _axis_day(day)
        colour = cmap(norm(sum(scores) / len(scores)))
        size = 70 + 50 * (len(scores) - 1)
        if dated:
            ax.scatter([when], [y], s=size, color=colour, edgecolors="#333333", zorder=3)
        else:
            ax.scatter([when], [y], s=size * 1.8, facecolors="white", edgecolors=colour, linewidths=3, zorder=3)
            ax.scatter([when], [y], s=size * 2.6, facecolors="none", edgecolors="#555555", linewidths=0.6, zorder=4)
        if len(scores) > 1:
            ax.annotate(str(len(scores)), (when, y), xytext=(0, 9), textcoords="offset points", ha="center",
                        fontsize=8)
    days = sorted({when for _, when, _ in marks})
    if days:
        span = max((days[-1] - days[0]).days, 60)
        ax.set_xlim(_axis_day(days[0] - dt.timedelta(days=span // 6)),
                    _axis_day(days[-1] + dt.timedelta(days=span // 6)))
    ax.set_yticks(range(len(kinds)), kinds)
    ax.set_ylim(-0.7, len(kinds) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    # matplotlib.dates leaves these two constructors unannotated.
    locator = mdates.AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    title = f"{names.get(a, a)} ({a}) – {names.get(b, b)} ({b}): {len(rows)} relations"
    if undated:
        title += f", {undated} without any date"
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("filled: dated by the text; hollow: no date of its own, shown at its article's publication date",
                  fontsize=8, color="#555555")
    colourbar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, pad=0.01, fraction=0.03,
                             ticks=[-10, 0, 10])
    colourbar.set_label("Goldstein", fontsize=8)
    return _save(fig, path)


def calibration_points() -> dict[str, list[tuple[float, float]]]:
    if not CALIBRATION_FILE.exists():
        return {}
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return {table: sorted((float(raw), float(conf)) for raw, conf in points) for table, points in data.items()}


def draw_reliability(confidences: list[dict[str, Any]], path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.8))
    left.plot([0, 1], [0, 1], linestyle="--", color="#999999", linewidth=1, label="raw score = confidence")
    for table, points in calibration_points().items():
        kind = table.removeprefix("fact_")
        xs = [p[0] for p in points] + [1.0]
        ys = [p[1] for p in points] + [points[-1][1]]
        left.step(xs, ys, where="post", color=KIND_COLOURS.get(kind, "#333333"), linewidth=2, label=kind)
    left.set_xlim(0, 1)
    left.set_ylim(0, 1.02)
    left.set_xlabel("extractor's raw score")
    left.set_ylabel("confidence = expected precision on new text")
    left.set_title("Calibration (eval/calibrate.py fit)", fontsize=11)
    left.legend(fontsize=8, loc="lower right")
    bins = [i / 10 for i in range(11)]
    stacked = [[r["confidence"] for r in confidences if r["event_kind"] == k] for k in KINDS]
    present = [(k, values) for k, values in zip(KINDS, stacked) if values]
    if present:
        right.hist([v for _, v in present], bins=bins, stacked=True,
                   color=[KIND_COLOURS[k] for k, _ in present], label=[k for k, _ in present])
        right.legend(fontsize=8, loc="upper left")
    else:
        right.text(0.5, 0.5, "no rows yet", ha="center", va="center", transform=right.transAxes)
    right.set_xlim(0, 1)
    right.set_xlabel("confidence")
    right.set_ylabel("rows of v_bilateral_event")
    right.set_title(f"This warehouse: {len(confidences)} rows by confidence", fontsize=11)
    fig.suptitle("How far to trust a row: a row at confidence 0.8 is of a kind expected to be right 8 times in 10",
                 fontsize=11)
    return _save(fig, path)


def _save(fig: Any, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return path


def _markdown(report: Report, pairs: list[tuple[str, str]]) -> str:
    s = report.stats
    lines = [
        "# Relations in the warehouse",
        "",
        (f"{s['relations']} relations between {s['states']} states and blocs ({s['pairs']} pairs) from "
         f"{s['documents']} articles; {s['dated_relations']} dated by their text."),
        "",
        "## Who relates to whom",
        "",
        "Nodes are states and blocs; one edge per pair and kind of relation, wider with more mentions.",
        "",
        "![Relations network](relations.png)",
        "",
        "## When, pair by pair",
        "",
        ("The busiest pairs. Filled marks are dated by the text; hollow marks have no date of their own and "
         "stand at their article's publication date. Colour: Goldstein score, red hostile, green cooperative."),
        "",
    ]
    for a, b in pairs:
        lines += [f"![Timeline {a}–{b}](timeline_{a}-{b}.png)", ""]
    if not pairs:
        lines += ["_No pair has a relation yet._", ""]
    lines += [
        "## How far to trust a row",
        "",
        ("Left: the confidence each raw score of the extractor is given, fitted on the development gold sets "
         "(the share of rows with that score that were right). Right: how this warehouse's rows spread over "
         "those confidences. A measurement on held-out gold is in `eval/results/reliability.md`."),
        "",
        "![Reliability](reliability.png)",
        "",
    ]
    return "\n".join(lines)
