"""The static country: people, companies, banks, instruments and economic structure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from moneytrail.sim.banks import Atms, BankSet, bank_set, build_atms
from moneytrail.sim.companies import Companies, build_companies
from moneytrail.sim.config import SimConfig
from moneytrail.sim.economy import Economy, build_economy
from moneytrail.sim.endpoints import Endpoints, build_endpoints
from moneytrail.sim.instruments import Instruments, build_instruments
from moneytrail.sim.population import EPOCH, Population, build_population
from moneytrail.sim.rng import Streams


@dataclass(slots=True)
class Country:
    """Everything that does not change from day to day."""

    config: SimConfig
    streams: Streams
    population: Population
    companies: Companies
    banks: BankSet
    atms: Atms
    inst: Instruments
    endpoints: Endpoints | None = None
    economy: Economy | None = None

    @property
    def start_days(self) -> int:
        """The first day of the world, in days since 1970-01-01."""
        return (self.config.start - EPOCH).days

    def day_date(self, day: int) -> date:
        """The calendar date of world day `day`."""
        return date.fromordinal(self.config.start.toordinal() + day)

    def ep(self) -> Endpoints:
        """The endpoints (after `finish`)."""
        if self.endpoints is None:
            raise RuntimeError("the country is not finished")
        return self.endpoints

    def eco(self) -> Economy:
        """The economic structure (after `finish`)."""
        if self.economy is None:
            raise RuntimeError("the country is not finished")
        return self.economy

    def city_people(self) -> np.ndarray:
        """Residents per city."""
        return np.diff(self.population.city_start)


def build_country(config: SimConfig, streams: Streams) -> Country:
    """People, companies, banks and their ordinary accounts (identifiers not yet drawn)."""
    population = build_population(config, streams)
    city_people = np.diff(population.city_start)
    companies = build_companies(config, streams, city_people)
    banks = bank_set()
    atms = build_atms(banks, city_people, streams.get("atms"))
    start = (config.start - EPOCH).days
    inst = build_instruments(
        population,
        companies.count,
        banks,
        streams.get("instruments"),
        start,
        config.population.second_account_share,
    )
    return Country(config, streams, population, companies, banks, atms, inst)


def finish(country: Country) -> None:
    """Draw identifiers and build endpoints and the economy (after drug accounts are added)."""
    country.inst.finalize(country.banks, country.streams.get("identifiers"))
    country.endpoints = build_endpoints(
        country.population,
        country.companies,
        country.inst,
        country.banks,
        country.atms,
        country.streams.get("endpoints"),
    )
    country.economy = build_economy(
        country.config,
        country.population,
        country.companies,
        country.inst,
        country.endpoints,
        country.streams.get("economy"),
    )
