"""Evidence exports of a trace: FollowTheMoney JSON lines and GEXF (Gephi).

FtM gets one Payment per traced transfer, mapped by `moneytrail.model.ftm` from the
transfer's own row, so it matches any other export of the same transfer. FtM has no
property for attributed amounts: those are in the JSON result and in the GEXF attributes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy

from moneytrail.errors import MoneytrailError
from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.ftm import transfer_entity, write_jsonl
from moneytrail.trace.result import TraceResult, edge_rows, node_rows

GEXF_NS = "http://gexf.net/1.3"
NODE_ATTRS = (
    ("kind", "string"),
    ("country", "string"),
    ("hop", "integer"),
    ("first_at", "string"),
    ("received", "double"),
    ("sent", "double"),
)
EDGE_ATTRS = (
    ("row", "long"),
    ("ts", "string"),
    ("amount_minor", "long"),
    ("currency", "string"),
    ("channel", "string"),
    ("amount", "double"),
    ("attributed", "double"),
)


class ExportError(MoneytrailError):
    """The graph does not keep what an export needs."""


def payments(graph: TemporalGraph, result: TraceResult) -> Iterator[EntityProxy]:
    """The FtM Payment of every traced transfer, in table order."""
    if graph.table is None:
        raise ExportError("the graph was built without its table: rebuild with keep_table")
    rows = graph.table.take(result.reach.edges)
    for row in rows.to_pylist():
        yield transfer_entity(row)


def write_ftm(graph: TemporalGraph, result: TraceResult, path: Path) -> int:
    """Write the trace's Payments as FtM JSON lines; returns how many."""
    return write_jsonl(payments(graph, result), path)


def _attributes(parent: ET.Element, cls: str, attrs: tuple[tuple[str, str], ...]) -> None:
    block = ET.SubElement(parent, "attributes", {"class": cls})
    for i, (name, kind) in enumerate(attrs):
        ET.SubElement(block, "attribute", {"id": str(i), "title": name, "type": kind})


def _values(parent: ET.Element, row: dict[str, object], attrs: tuple[tuple[str, str], ...]) -> None:
    values = ET.SubElement(parent, "attvalues")
    for i, (name, _) in enumerate(attrs):
        if row.get(name) is not None:
            ET.SubElement(values, "attvalue", {"for": str(i), "value": str(row[name])})


def gexf_tree(graph: TemporalGraph, result: TraceResult) -> ET.ElementTree[ET.Element]:
    """The trace as a GEXF 1.3 document: every reached node and traced edge."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "description").text = f"moneytrail trace {result.id}"
    body = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    _attributes(body, "node", NODE_ATTRS)
    _attributes(body, "edge", EDGE_ATTRS)
    nodes = ET.SubElement(body, "nodes")
    for row in node_rows(graph, result, result.reach.nodes.size):
        node = ET.SubElement(
            nodes, "node", {"id": str(row["instrument"]), "label": str(row["instrument"])}
        )
        _values(node, row, NODE_ATTRS)
    edges = ET.SubElement(body, "edges")
    for row in edge_rows(graph, result, result.reach.edges.size):
        edge = ET.SubElement(
            edges,
            "edge",
            {
                "id": str(row["row"]),
                "source": str(row["src"]),
                "target": str(row["dst"]),
                "weight": str(row["attributed"]),
            },
        )
        _values(edge, row, EDGE_ATTRS)
    return ET.ElementTree(root)


def write_gexf(graph: TemporalGraph, result: TraceResult, path: Path) -> None:
    """Write the trace as GEXF (UTF-8)."""
    gexf_tree(graph, result).write(path, encoding="utf-8", xml_declaration=True)
