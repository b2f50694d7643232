"""The one call an investigation makes: seeds in, a `TraceResult` out."""

from __future__ import annotations

from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.ids.base import Tokenizer
from moneytrail.trace.engine import Reacher, reach_from, run
from moneytrail.trace.params import TraceParams
from moneytrail.trace.result import TraceResult, assemble
from moneytrail.trace.seeds import resolve_seeds


def trace(
    graph: TemporalGraph,
    seeds: list[str],
    params: TraceParams | None = None,
    tokenizer: Tokenizer | None = None,
    reach: Reacher = reach_from,
) -> TraceResult:
    """Trace from the seeds that resolve; the others are reported in `result.seeds.bad`;
    `reach` finds the reach (the CSR kernel unless another engine is given)."""
    params = params or TraceParams()
    resolved = resolve_seeds(graph, seeds, tokenizer)
    found, amounts = run(graph, resolved, params, reach)
    return assemble(graph, params, resolved, found, amounts)
