"""The crypto ledgers: USDT (TRC-20) on TRON and Bitcoin, with exchanges and users."""
