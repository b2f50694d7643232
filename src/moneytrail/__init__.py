"""moneytrail: financial intelligence against drug trafficking."""

__version__ = "0.1.0"
