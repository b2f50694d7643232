"""The root of moneytrail's exceptions: user-facing errors carry a message fit to print."""


class MoneytrailError(Exception):
    """An error the user can act on; its message names what was wrong and where."""


class ConfigError(MoneytrailError):
    """Settings or a config file are invalid."""
