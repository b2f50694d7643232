"""Report figures about the drug economy: its share, its typologies, its droppers."""

from __future__ import annotations

from typing import Any

import duckdb

from moneytrail.sim.report_sql import one, rows


def drug_figures(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Share of drug money, stages, path ends, drop cards, bridges, assets, crypto."""
    return {
        "drug_share": one(
            con,
            """
            select count(*) filter (where l.is_drug) / count(*) as transfer_share,
                   sum(t.amount_minor) filter (where l.is_drug) / sum(t.amount_minor)
                       as amount_share,
                   count(*) filter (where l.is_drug) as drug_transfers
            from transfers t left join labels l using (transfer_id)""",
        ),
        "stages": rows(
            con,
            """
            select l.ledger, l.stage, count(*) as transfers,
                   sum(coalesce(t.amount_minor, 0)) / 100 as total_kzt, bool_or(l.is_drug) as drug
            from labels l left join transfers t using (transfer_id)
            group by all order by l.ledger, transfers desc""",
        ),
        "path_ends": rows(
            con,
            """
            select end_kind, count(distinct path_id) as paths, sum(amount_minor) / 100 as kzt,
                   sum(amount_minor) / (select sum(amount_minor) from paths) as share
            from path_ends group by 1 order by kzt desc""",
        ),
        "drops": rows(
            con,
            """
            select role, coalesce(acquisition, '') as acquisition, count(*) as cards,
                   median(epoch(blocked_at - live_from) / 86400) as median_life_days,
                   median(frozen_minor) / 100 as median_frozen_kzt
            from cards_truth where role in ('drop_t1', 'drop_t2', 'cash_out')
            group by all order by 1, 2""",
        ),
        "t1_fan_in": one(
            con,
            """
            with pays as (select t.dst_instrument, cast(t.ts + interval 5 hour as date) as day,
                                 count(distinct t.src_instrument) as buyers
                          from labels l join transfers t using (transfer_id)
                          where l.stage = 'buyer_payment' group by 1, 2)
            select quantile_cont(buyers, [0.5, 0.9]) as buyers_per_card_day, max(buyers) as max
            from pays""",
        ),
        "forward_delay": one(
            con,
            """
            with pay as (select t.dst_instrument as card, t.ts from labels l join transfers t
                         using (transfer_id) where l.stage = 'buyer_payment'),
                 fwd as (select t.src_instrument as card, t.ts from labels l join transfers t
                         using (transfer_id) where l.stage in ('t1_forward', 'exchange_fiat_leg'))
            select quantile_cont(epoch(f.ts - p.ts) / 60, [0.1, 0.5, 0.9]) as q_minutes
            from pay p asof join fwd f on f.card = p.card and f.ts > p.ts""",
        ),
        "bridges": rows(
            con,
            """
            select direction, count(*) as bridges, avg(spread) as mean_spread,
                   sum(kzt_minor) / 100 as kzt, sum(usdt_minor) / 1e6 as usdt,
                   count(*) filter (where shop_id is not null) as drug_related
            from bridges group by 1 order by 1""",
        ),
        "cash_out_days": one(
            con,
            """
            with days as (select t.src_instrument, cast(t.ts + interval 5 hour as date) as day,
                                 sum(t.amount_minor) / 100 as kzt
                          from labels l join transfers t using (transfer_id)
                          where l.stage = 'cash_out' group by 1, 2)
            select count(*) as card_days, quantile_cont(kzt, [0.5, 0.9]) as q_kzt from days""",
        ),
        "assets": rows(
            con,
            "select kind, count(*) as assets, sum(value_minor) / 100 as kzt "
            "from assets group by 1 order by 1",
        ),
        "crypto": {
            "tron": one(
                con,
                """select count(*) as transfers, count(distinct from_address) as
                senders, quantile_cont(amount_minor / 1e6, [0.5, 0.9, 0.99]) as q_usdt
                from tron""",
            ),
            "bitcoin": one(
                con,
                """select count(distinct txid) as transactions,
                count(*) filter (where leg_kind = 'input') as inputs,
                count(*) filter (where leg_kind = 'output') as outputs from btc""",
            ),
        },
    }
