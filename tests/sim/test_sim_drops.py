"""Drop cards behave as the field describes them: ordinary use, dormancy, then a spike of
payments from many buyers; shops rotate cards and publish each one day by day."""

from __future__ import annotations

from datetime import timedelta

import duckdb

MOVES = """create or replace temp view card_moves as
    select t.src_instrument as pan, t.ts, l.stage from transfers t
    left join labels l using (transfer_id)
    union all select t.dst_instrument, t.ts, l.stage from transfers t
    left join labels l using (transfer_id)"""


def test_drop_cards_go_quiet_before_the_shop_uses_them(db: duckdb.DuckDBPyConnection) -> None:
    db.execute(MOVES)
    rows = db.execute("""
        select d.pan, d.dormant_from_day,
               count(*) filter (where m.stage is null and m.ts < w.first + to_days(
                   cast(d.dormant_from_day as integer))) as before,
               count(*) filter (where m.stage is null and m.ts >= w.first + to_days(
                   cast(d.dormant_from_day as integer))) as after
        from cards_truth d join card_moves m using (pan)
        cross join (select min(ts) as first from transfers) w
        where d.role = 'drop_t1' and d.acquisition in ('sold', 'rented')
        group by all""").fetchall()
    assert rows
    assert all(after == 0 for *_, after in rows)
    late = [before for _, dormant, before, _ in rows if dormant >= 10]
    assert not late or any(late), "sold cards with ordinary history before dormancy"


def test_drop_cards_carry_drug_money_only_while_live(db: duckdb.DuckDBPyConnection) -> None:
    db.execute(MOVES)
    outside = db.execute("""
        select count(*) from cards_truth d join card_moves m using (pan)
        where d.role = 'drop_t1' and m.stage is not null
          and (m.ts < d.live_from or m.ts >= d.blocked_at)""").fetchone()
    assert outside == (0,)


def test_opened_cards_come_in_bursts_at_one_bank(db: duckdb.DuckDBPyConnection) -> None:
    bursts = db.execute("""
        select c.holder_iin, c.bank_bic, c.issued, count(*) as cards
        from cards c join cards_truth t using (pan)
        where (t.role = 'drop_t1' and t.acquisition = 'opened') or t.role = 'drop_reserve'
        group by all having count(*) >= 2""").fetchall()
    assert bursts


def test_tier_one_cards_take_payments_from_distinct_buyers(db: duckdb.DuckDBPyConnection) -> None:
    row = db.execute("""
        select max(n), count(*) from (
            select t.dst_instrument, count(distinct t.src_instrument) as n
            from labels l join transfers t using (transfer_id)
            where l.stage = 'buyer_payment' group by 1)""").fetchone()
    assert row is not None
    assert row[0] >= 3


def test_card_requisites_are_valid_one_day_at_most(db: duckdb.DuckDBPyConnection) -> None:
    spans = db.execute("""select max(valid_to - valid_from), min(valid_to - valid_from)
                          from requisites where kind = 'card'""").fetchone()
    assert spans is not None
    assert timedelta(0) < spans[1] <= spans[0] <= timedelta(days=1)


def test_buyers_pay_the_cards_their_shop_published_that_day(db: duckdb.DuckDBPyConnection) -> None:
    unpublished = db.execute("""
        select count(*) from labels l join transfers t using (transfer_id)
        join paths p on p.origin_transfer_id = t.transfer_id
        where l.stage = 'buyer_payment' and t.dst_instrument_kind = 'card' and not exists (
            select 1 from requisites r where r.kind = 'card' and r.value = t.dst_instrument
              and r.shop_id = p.shop_id and t.ts >= r.valid_from and t.ts < r.valid_to)
    """).fetchone()
    assert unpublished == (0,)


def test_drug_money_is_a_small_share_of_transfers(db: duckdb.DuckDBPyConnection) -> None:
    share = db.execute("""select count(l.transfer_id) / count(*) from transfers t
                          left join labels l using (transfer_id)""").fetchone()
    assert share is not None
    assert 0.005 < share[0] < 0.1
