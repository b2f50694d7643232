"""Money in a world is conserved: no balance goes below zero, on the bank or on the chains,
and every bitcoin input spends an output that exists, once."""

from __future__ import annotations

import duckdb

ACCOUNT_OF = """
    create or replace temp view account_of as
    select pan as instrument, account_iban as iban from cards
    union all select iban, iban from accounts
    union all select phone, iban from accounts where phone is not null
    union all select m.merchant_id, a.iban from merchants m
              join accounts a on a.holder = m.company_bin
"""


def test_no_bank_balance_ever_goes_below_zero(db: duckdb.DuckDBPyConnection) -> None:
    db.execute(ACCOUNT_OF)
    lowest = db.execute("""
        with moves as (
            select a.iban, t.ts, 1 as inflow, t.amount_minor as delta from transfers t
            join account_of a on a.instrument = t.dst_instrument
            union all
            select a.iban, t.ts, 0, -t.amount_minor from transfers t
            join account_of a on a.instrument = t.src_instrument),
        running as (
            select m.iban, acc.opening_balance_minor + sum(delta) over (
                partition by m.iban order by ts, inflow desc
                rows between unbounded preceding and current row) as balance
            from moves m join accounts acc using (iban))
        select min(balance), count(*) from running""").fetchone()
    assert lowest is not None
    assert lowest[1] > 10_000
    assert lowest[0] >= 0


def test_every_outflow_leaves_a_known_or_foreign_instrument(db: duckdb.DuckDBPyConnection) -> None:
    db.execute(ACCOUNT_OF)
    unknown = db.execute("""
        select count(*) from transfers t left join account_of a on a.instrument = t.src_instrument
        where a.iban is null and t.src_country = 'KZ' and t.src_instrument_kind <> 'cash'
    """).fetchone()
    assert unknown == (0,)


def test_no_tron_balance_ever_goes_below_zero(db: duckdb.DuckDBPyConnection) -> None:
    lowest = db.execute("""
        with moves as (
            select to_address as address, ts, row, amount_minor as delta from tron
            union all select from_address, ts, row, -amount_minor from tron),
        running as (
            select m.address, coalesce(o.amount_minor, 0) + sum(delta) over (
                partition by m.address order by ts, row, delta desc
                rows between unbounded preceding and current row) as balance
            from moves m left join tron_opening o using (address))
        select min(balance) from running""").fetchone()
    assert lowest is not None
    assert lowest[0] >= 0


def test_bitcoin_inputs_spend_existing_outputs_once(db: duckdb.DuckDBPyConnection) -> None:
    spent = db.execute("""select count(*), count(distinct (prev_txid, prev_vout))
                          from btc where leg_kind = 'input'""").fetchone()
    assert spent is not None
    assert spent[0] == spent[1] > 0
    mismatched = db.execute("""
        select count(*) from btc i join btc o
          on o.txid = i.prev_txid and o.leg = i.prev_vout and o.leg_kind = 'output'
        where i.leg_kind = 'input'
          and (o.to_address <> i.from_address or o.amount_minor <> i.amount_minor
               or o.ts > i.ts)""").fetchone()
    assert mismatched == (0,)


def test_bitcoin_inputs_pay_outputs_plus_fee(db: duckdb.DuckDBPyConnection) -> None:
    unbalanced = db.execute("""
        select count(*) from (
            select txid,
                   sum(amount_minor) filter (where leg_kind = 'input') as ins,
                   sum(amount_minor) filter (where leg_kind = 'output') as outs,
                   any_value(fee_minor) as fee
            from btc group by txid)
        where ins <> outs + fee or fee <= 0""").fetchone()
    assert unbalanced == (0,)
