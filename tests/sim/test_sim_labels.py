"""Ground truth agrees with the flows: labels name real transfers, every path's money is
accounted for and ends at a cash-out or an exit, bridges join the legs they claim to."""

from __future__ import annotations

import duckdb

DROPPER_STAGES = (
    "buyer_payment",
    "t1_forward",
    "t2_forward",
    "exchange_fiat_leg",
    "cash_out",
    "foreign_exit",
    "courier_pay",
)
ENDS = {
    "cash_out": "cash_out",
    "exchanger": "exchange_fiat_leg",
    "foreign_exit": "foreign_exit",
    "courier_pay": "courier_pay",
}


def count(db: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = db.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_every_label_names_a_transfer_of_its_ledger(db: duckdb.DuckDBPyConnection) -> None:
    assert count(db, "select count(*) from labels") > 100
    for ledger, table, key in (
        ("bank", "transfers", "transfer_id"),
        ("tron", "tron", "txid"),
        ("bitcoin", "btc", "txid"),
    ):
        missing = count(
            db,
            f"""select count(*) from labels l where ledger = '{ledger}' and not exists (
                    select 1 from {table} x where x.{key} = l.transfer_id)""",
        )
        assert missing == 0, ledger


def test_dropper_transfers_carry_their_whole_amount_in_path_portions(
    db: duckdb.DuckDBPyConnection,
) -> None:
    wrong = count(
        db,
        f"""
        select count(*) from labels l join transfers t using (transfer_id)
        left join (select transfer_id, sum(amount_minor) as carried from path_portions
                   group by 1) p using (transfer_id)
        where l.stage in {DROPPER_STAGES} and coalesce(p.carried, 0) <> t.amount_minor""",
    )
    assert wrong == 0


def test_every_path_is_accounted_for_to_the_tenge(db: duckdb.DuckDBPyConnection) -> None:
    assert count(db, "select count(*) from paths") > 20
    wrong = count(
        db,
        """
        select count(*) from paths p left join (select path_id, sum(amount_minor) as ended
                                                from path_ends group by 1) e using (path_id)
        where coalesce(e.ended, 0) <> p.amount_minor""",
    )
    assert wrong == 0


def test_every_path_ends_at_a_cash_out_or_an_exit(db: duckdb.DuckDBPyConnection) -> None:
    kinds = {r[0] for r in db.execute("select distinct end_kind from path_ends").fetchall()}
    assert kinds <= {*ENDS, "frozen", "in_transit"}
    assert {"cash_out", "exchanger"} <= kinds
    for kind, stage in ENDS.items():
        wrong = count(
            db,
            f"""select count(*) from path_ends e left join labels l using (transfer_id)
                             where e.end_kind = '{kind}' and l.stage is distinct from '{stage}'""",
        )
        assert wrong == 0, kind


def test_money_stays_only_where_a_card_was_blocked_or_the_world_ended(
    db: duckdb.DuckDBPyConnection,
) -> None:
    wrong = count(
        db,
        """
        select count(*) from path_ends e
        join cards c on c.account_iban = e.held_by_iban
        join cards_truth ct on ct.pan = c.pan
        cross join (select max(ts) as last from transfers) w
        where e.end_kind in ('frozen', 'in_transit')
          and ((e.end_kind = 'frozen') <> (ct.blocked_at <= w.last))""",
    )
    assert wrong == 0
    held = count(
        db,
        "select count(*) from path_ends where end_kind in ('frozen', 'in_transit') "
        "and held_by_iban is null",
    )
    assert held == 0


def test_a_path_leaves_only_accounts_it_reached(db: duckdb.DuckDBPyConnection) -> None:
    """Each portion leaves the drop that received the buyer's payment or an earlier portion."""
    db.execute("""create or replace temp view hops as
        select p.path_id, t.ts, case when l.stage <> 'buyer_payment' then c_src.account_iban end
               as src, coalesce(c_dst.account_iban, a.iban) as dst
        from path_portions p join transfers t using (transfer_id) join labels l using (transfer_id)
        left join accounts a on a.phone = t.dst_instrument
        left join cards c_src on c_src.pan = t.src_instrument
        left join cards c_dst on c_dst.pan = t.dst_instrument""")
    wrong = count(
        db,
        """
        select count(*) from hops h where h.src is not null and not exists (
            select 1 from hops g where g.path_id = h.path_id and g.dst = h.src and g.ts <= h.ts)""",
    )
    assert wrong == 0


def test_bridges_join_a_fiat_leg_to_a_later_usdt_leg_of_other_parties(
    db: duckdb.DuckDBPyConnection,
) -> None:
    rows = db.execute("""
        select b.direction, epoch_us(t.ts), epoch_us(x.ts), t.src_instrument, t.dst_instrument,
               x.from_address, x.to_address, b.kzt_minor, b.usdt_minor, b.kzt_per_usdt, b.spread,
               t.amount_minor, x.amount_minor, wf.role, wt.role
        from bridges b join transfers t on t.transfer_id = b.fiat_transfer_id
        join tron x on x.txid = b.crypto_txid
        left join wallets_truth wf on wf.address = x.from_address
        left join wallets_truth wt on wt.address = x.to_address""").fetchall()
    assert rows
    for (
        direction,
        fiat_ts,
        usdt_ts,
        fiat_src,
        fiat_dst,
        usdt_src,
        usdt_dst,
        kzt,
        usdt,
        rate,
        spread,
        fiat_amount,
        usdt_amount,
        from_role,
        to_role,
    ) in rows:
        assert (fiat_amount, usdt_amount) == (kzt, usdt)
        assert len({fiat_src, fiat_dst, usdt_src, usdt_dst}) == 4
        if direction == "fiat_to_crypto":
            assert fiat_ts < usdt_ts
            assert from_role == "exchanger"
            assert abs(usdt / 1e6 * rate * (1 + spread) - kzt / 100) <= 0.02 * kzt / 100
        else:
            assert usdt_ts < fiat_ts
            assert to_role == "exchanger"
            assert 0 < spread < 0.05
            assert kzt / 100 <= usdt / 1e6 * rate + 1
