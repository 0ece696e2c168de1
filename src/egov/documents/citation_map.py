"""The citations around one document drawn as a graph a person can follow: server-rendered SVG.

The documents that cite it on the left, the document in the middle, what it cites, implements or
replaces on the right; one arrow per pair of documents, its relation told by its label, its line
(solid, dashed, thick) and the legend — never by colour alone. A registered document is a link
(keyboard focusable, with a full spoken label); one not in the registers is a plain box. No
script and no inline style (the CSP forbids them): presentation attributes, and the focus ring
in site.css. The lists under the graph stay the text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import LAW_BY_NAME, CitationRelation, Document
from .selectors import CitationGraph

WIDTH = 860
BOX_WIDTH, BOX_HEIGHT, ROW = 210, 56, 70
COLUMNS = {"left": 10, "centre": (WIDTH - BOX_WIDTH) // 2, "right": WIDTH - BOX_WIDTH - 10}
TOP = 44  # below the legend
MAX_LINE = 28  # characters on a line of a box (its text stays inside it)

# When one document is linked to another by several mentions, the strongest relation is drawn.
STRENGTH = {CitationRelation.CITES: 0, CitationRelation.IMPLEMENTS: 1, CitationRelation.REPLACES: 2}
LINES = {
    CitationRelation.CITES: 'stroke="#555" stroke-width="1.5"',
    CitationRelation.IMPLEMENTS: 'stroke="#1a5fb4" stroke-width="2" stroke-dasharray="7 4"',
    CitationRelation.REPLACES: 'stroke="#a51d2d" stroke-width="3.5"',
}


def _relation_words() -> dict[str, str]:
    return {
        CitationRelation.CITES: gettext("dẫn chiếu"),
        CitationRelation.IMPLEMENTS: gettext("thực hiện"),
        CitationRelation.REPLACES: gettext("thay thế"),
    }


@dataclass
class Node:
    key: str
    kind: str  # "Kế hoạch", "Luật"
    name: str  # "10-KH/BDVTU-BCSĐUBND", "Thi đua, khen thưởng năm 2022"
    detail: str  # "ngày 11/01/2021" or "(chưa có trong sổ)"
    url: str = ""  # empty: not in the registers, nothing to follow

    @property
    def title(self) -> str:
        return f"{self.kind} {self.name}".strip()


@dataclass
class Edge:
    source: str
    target: str
    relation: str


@dataclass
class CitationMap:
    centre: Node
    left: list[Node] = field(default_factory=list)  # documents citing this one
    right: list[Node] = field(default_factory=list)  # documents this one cites
    edges: list[Edge] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.edges


def _document_node(document: Document) -> Node:
    ref = document.ref or gettext("dự thảo")
    detail = gettext("ngày %(date)s") % {"date": f"{document.document_date:%d/%m/%Y}"} if document.document_date else ""
    return Node(
        key=f"doc-{document.pk}",
        kind=document.document_type.name.split(" (")[0],
        name=ref,
        detail=detail,
        url=reverse("documents:detail", args=[document.pk]),
    )


def _mention_node(citation) -> Node:
    if citation.target is not None:
        return _document_node(citation.target)
    name = citation.ref
    if citation.kind == LAW_BY_NAME:  # "Luật Thi đua, khen thưởng" (+ "năm 2022")
        name = name.removeprefix(citation.type_word).strip() + (f" năm {citation.year}" if citation.year else "")
    return Node(key=f"ref-{citation.ref}", kind=citation.type_word, name=name, detail=gettext("(chưa có trong sổ)"))


def citation_map(*, document: Document, graph: CitationGraph) -> CitationMap:
    """Nodes and edges of the graph from the document's citation graph (selectors.citation_graph)."""
    result = CitationMap(centre=_document_node(document))
    strongest: dict[tuple[str, str], str] = {}
    nodes: dict[str, Node] = {}

    def link(source: Node, target: Node, relation: str, side: list[Node]) -> None:
        if source.key == target.key:
            return
        other = target if side is result.right else source
        if other.key not in nodes:
            nodes[other.key] = other
            side.append(other)
        pair = (source.key, target.key)
        if pair not in strongest or STRENGTH[relation] > STRENGTH[strongest[pair]]:
            strongest[pair] = relation

    for citation in graph.cites:
        # A "replaces" stated between two other documents is not this document's own relation.
        relation = CitationRelation.CITES if citation.replacer_id else citation.relation
        link(result.centre, _mention_node(citation), relation, result.right)
    for replacement in graph.replaces:  # replacements other texts say this document makes
        if replacement.replaced is not None:
            link(result.centre, _document_node(replacement.replaced), CitationRelation.REPLACES, result.right)
    for citation in graph.cited_by:
        relation = CitationRelation.CITES if citation.replacer_id else citation.relation
        link(_document_node(citation.citing), result.centre, relation, result.left)
    result.edges = [Edge(source, target, relation) for (source, target), relation in strongest.items()]
    return result


def _short(text: str) -> str:
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"


def _box(node: Node, x: int, y: int, spoken: str, *, current: bool = False) -> str:
    fill = "#fff8e1" if current else ("#fff" if node.url else "#f2f2f2")
    dash = "" if node.url or current else ' stroke-dasharray="3 3"'
    shape = (
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" fill="{fill}" '
        f'stroke="#333" stroke-width="{2 if current else 1}"{dash}/>'
        f'<text x="{x + 8}" y="{y + 16}" font-size="12">{escape(_short(node.kind))}</text>'
        f'<text x="{x + 8}" y="{y + 33}" font-size="12" font-weight="bold">{escape(_short(node.name))}</text>'
        f'<text x="{x + 8}" y="{y + 49}" font-size="11">{escape(_short(node.detail))}</text>'
    )
    if current:
        return f'<g class="node current" aria-current="page"><title>{escape(spoken)}</title>{shape}</g>'
    if node.url:
        return (
            f'<a class="node" href="{escape(node.url)}" aria-label="{escape(spoken)}">'
            f"<title>{escape(spoken)}</title>{shape}</a>"
        )
    return f'<g class="node" role="img" aria-label="{escape(spoken)}"><title>{escape(spoken)}</title>{shape}</g>'


def _legend(words: dict[str, str]) -> list[str]:
    parts = [f'<text x="10" y="18" font-size="12">{escape(gettext("Chú giải:"))}</text>']
    x = 80
    for relation in (CitationRelation.CITES, CitationRelation.IMPLEMENTS, CitationRelation.REPLACES):
        parts.append(
            f'<line x1="{x}" y1="14" x2="{x + 40}" y2="14" {LINES[relation]} marker-end="url(#arrow-{relation})"/>'
        )
        parts.append(f'<text x="{x + 48}" y="18" font-size="12">{escape(words[relation])}</text>')
        x += 150
    return parts


def citation_map_svg(citations: CitationMap) -> SafeString:
    """The graph as an <svg>; empty when the document cites nothing and nothing cites it."""
    if citations.is_empty:
        return mark_safe("")
    words = _relation_words()
    rows = max(len(citations.left), len(citations.right), 1)
    height = TOP + rows * ROW + 10
    positions: dict[str, tuple[int, int]] = {}
    for side, nodes in (("left", citations.left), ("right", citations.right)):
        for index, node in enumerate(nodes):
            positions[node.key] = (COLUMNS[side], TOP + index * ROW)
    centre_y = TOP + (rows - 1) * ROW // 2
    positions[citations.centre.key] = (COLUMNS["centre"], centre_y)
    by_key = {node.key: node for node in [citations.centre, *citations.left, *citations.right]}
    title = gettext("Sơ đồ trích dẫn của %(document)s") % {"document": citations.centre.title}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="citation-graph" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" role="group" aria-labelledby="citation-graph-title">'
        f'<title id="citation-graph-title">{escape(title)}</title><defs>'
    ]
    for relation, line in LINES.items():
        colour = line.split('"')[1]
        parts.append(
            f'<marker id="arrow-{relation}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" '
            f'markerWidth="11" markerHeight="11" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    parts += _legend(words)
    spoken: dict[str, list[str]] = {}
    for edge in citations.edges:
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        start = (x1 + BOX_WIDTH, y1 + BOX_HEIGHT // 2)
        end = (x2, y2 + BOX_HEIGHT // 2)
        parts.append(
            f'<line x1="{start[0]}" y1="{start[1]}" x2="{end[0] - 2}" y2="{end[1]}" {LINES[edge.relation]} '
            f'marker-end="url(#arrow-{edge.relation})" aria-hidden="true"/>'
        )
        middle_x, middle_y = (start[0] + end[0]) // 2, (start[1] + end[1]) // 2
        parts.append(
            f'<text x="{middle_x}" y="{middle_y - 4}" font-size="11" text-anchor="middle" aria-hidden="true">'
            f"{escape(words[edge.relation])}</text>"
        )
        if edge.source == citations.centre.key:
            sentence = gettext("văn bản này %(relation)s") % {"relation": words[edge.relation]}
            spoken.setdefault(edge.target, []).append(sentence)
        else:
            sentence = gettext("%(relation)s văn bản này") % {"relation": words[edge.relation]}
            spoken.setdefault(edge.source, []).append(sentence)
    for key, node in by_key.items():
        x, y = positions[key]
        label = ", ".join(part for part in [node.title, node.detail, *spoken.get(key, [])] if part)
        parts.append(_box(node, x, y, label, current=key == citations.centre.key))
    parts.append("</svg>")
    return mark_safe("".join(parts))
