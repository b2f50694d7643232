"""The `moneytrail` command."""
